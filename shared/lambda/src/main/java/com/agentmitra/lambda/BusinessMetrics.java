package com.agentmitra.lambda;

import com.agentmitra.config.Env;
import software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environments;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Business counts as CloudWatch metrics in embedded metric format (Powertools metrics): one JSON line per
 * invocation on stdout, which CloudWatch turns into metrics. Metric names live in one enum per function. Outside
 * Lambda (local stack, tests) the same lines are printed locally and no metadata endpoint is ever probed.
 */
public final class BusinessMetrics {

    static {
        if (System.getenv("AWS_LAMBDA_FUNCTION_NAME") == null) {
            // the EMF library would otherwise look for an EC2 metadata endpoint or a CloudWatch agent
            EnvironmentConfigurationProvider.getConfig().setEnvironmentOverride(Environments.Local);
        }
    }

    private final Metrics metrics;
    private boolean recorded;

    private BusinessMetrics(Metrics metrics) {
        this.metrics = metrics;
    }

    /** The metrics of this invocation, in the namespace {@code POWERTOOLS_METRICS_NAMESPACE} (default AgentMitra). */
    public static BusinessMetrics forInvocation() {
        Metrics metrics = MetricsFactory.getMetricsInstance();
        metrics.setNamespace(Env.get("POWERTOOLS_METRICS_NAMESPACE").orElse("AgentMitra"));
        return new BusinessMetrics(metrics);
    }

    /** Adds {@code count} to the metric, dimensioned by tenant. */
    public void count(Enum<?> metric, String tenant, long count) {
        metrics.addDimension(DimensionSet.of("Tenant", tenant));
        metrics.addMetric(metric.name(), count, MetricUnit.COUNT);
        recorded = true;
    }

    /** Adds a duration in milliseconds. */
    public void milliseconds(Enum<?> metric, String tenant, long millis) {
        metrics.addDimension(DimensionSet.of("Tenant", tenant));
        metrics.addMetric(metric.name(), millis, MetricUnit.MILLISECONDS);
        recorded = true;
    }

    /** Writes what was recorded (nothing when nothing was). */
    public void flush() {
        if (recorded) {
            metrics.flush();
            recorded = false;
        }
    }
}
