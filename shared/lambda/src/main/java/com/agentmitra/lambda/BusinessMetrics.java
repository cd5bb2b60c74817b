package com.agentmitra.lambda;

import com.agentmitra.config.Env;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environments;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;
import software.amazon.lambda.powertools.metrics.provider.EmfMetricsProvider;

/**
 * Business counts as CloudWatch metrics in embedded metric format (Powertools metrics): JSON lines on stdout, which
 * CloudWatch turns into metrics. Metric names live in one enum per function.
 *
 * <p>An EMF document carries one value per dimension, so each tenant's numbers are kept apart and {@link #flush()}
 * writes one document per tenant, dimensioned {@code Tenant=<code>} (and {@code Service} when
 * {@code POWERTOOLS_SERVICE_NAME} is set). Each document is built on a logger of its own, never on the process-wide
 * Powertools instance, so neither another tenant of this invocation nor another invocation running in the same JVM
 * (the local stack) can lend it a dimension. Outside Lambda (local stack, tests) the same lines are printed locally
 * and no metadata endpoint is ever probed.
 */
public final class BusinessMetrics {

    static {
        if (System.getenv("AWS_LAMBDA_FUNCTION_NAME") == null) {
            // the EMF library would otherwise look for an EC2 metadata endpoint or a CloudWatch agent
            EnvironmentConfigurationProvider.getConfig().setEnvironmentOverride(Environments.Local);
        }
    }

    private static final EmfMetricsProvider LOGGERS = new EmfMetricsProvider();

    private final String namespace;
    private final Optional<String> service;
    /** Tenant code, then metric, in the order first recorded. */
    private final Map<String, Map<String, Recorded>> tenants = new LinkedHashMap<>();

    private BusinessMetrics(String namespace, Optional<String> service) {
        this.namespace = namespace;
        this.service = service;
    }

    /** The metrics of this invocation, in the namespace {@code POWERTOOLS_METRICS_NAMESPACE} (default AgentMitra). */
    public static BusinessMetrics forInvocation() {
        return new BusinessMetrics(Env.get("POWERTOOLS_METRICS_NAMESPACE").orElse("AgentMitra"),
                Env.get("POWERTOOLS_SERVICE_NAME").filter(name -> !name.isBlank()));
    }

    /** Adds {@code count} to the tenant's metric: one data point per tenant and invocation, the sum. */
    public synchronized void count(Enum<?> metric, String tenant, long count) {
        recorded(metric, tenant, MetricUnit.COUNT).values.add((double) count);
    }

    /** Adds a duration in milliseconds: every duration is a data point of its own. */
    public synchronized void milliseconds(Enum<?> metric, String tenant, long millis) {
        recorded(metric, tenant, MetricUnit.MILLISECONDS).values.add((double) millis);
    }

    /** Writes what was recorded, one document per tenant (nothing when nothing was), and starts afresh. */
    public synchronized void flush() {
        tenants.forEach(this::write);
        tenants.clear();
    }

    private Recorded recorded(Enum<?> metric, String tenant, MetricUnit unit) {
        Recorded recorded = tenants.computeIfAbsent(tenant, code -> new LinkedHashMap<>())
                .computeIfAbsent(metric.name(), name -> new Recorded(unit));
        if (recorded.unit != unit) {
            throw new IllegalArgumentException(metric.name() + " is recorded in " + recorded.unit + ", not " + unit);
        }
        return recorded;
    }

    private void write(String tenant, Map<String, Recorded> metrics) {
        Metrics document = LOGGERS.getMetricsInstance();
        document.setNamespace(namespace);
        service.ifPresent(name -> document.setDefaultDimensions(DimensionSet.of("Service", name)));
        document.addDimension(DimensionSet.of("Tenant", tenant));
        metrics.forEach((name, recorded) -> {
            if (recorded.unit == MetricUnit.COUNT) {
                document.addMetric(name, recorded.values.stream().mapToDouble(Double::doubleValue).sum(), recorded.unit);
            } else {
                recorded.values.forEach(value -> document.addMetric(name, value, recorded.unit));
            }
        });
        document.flush();
    }

    private static final class Recorded {
        final MetricUnit unit;
        final List<Double> values = new ArrayList<>();

        Recorded(MetricUnit unit) {
            this.unit = unit;
        }
    }
}
