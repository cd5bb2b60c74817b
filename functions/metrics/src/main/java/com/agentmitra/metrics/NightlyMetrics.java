package com.agentmitra.metrics;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.data.Tenant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes the daily metrics of every tenant for the asked days: per tenant and day one transaction with one
 * statement per metric table and the day's month rolled up again (tenant V191: the performance routes' month and
 * month-to-date rows), then one concurrent refresh of the tenant's dashboard view. A failing tenant is
 * reported and the others still run.
 */
final class NightlyMetrics {

    private static final Logger log = LoggerFactory.getLogger(NightlyMetrics.class);

    private final Database database;
    private final Supplier<List<Tenant>> tenants;
    private final MetricsRepository repository = new MetricsRepository();

    NightlyMetrics(Database database, Supplier<List<Tenant>> tenants) {
        this.database = database;
        this.tenants = tenants;
    }

    MetricsReport run(MetricsDays days) {
        List<MetricsReport.TenantResult> results = new ArrayList<>();
        for (Tenant tenant : tenants.get()) {
            results.add(runTenant(tenant, days));
        }
        return new MetricsReport(days.from(), days.to(), results);
    }

    MetricsReport.TenantResult runTenant(Tenant tenant, MetricsDays days) {
        long started = System.nanoTime();
        long agents = 0;
        long daily = 0;
        long agentCallbacks = 0;
        boolean refreshed = false;
        Caller system = Caller.system(tenant);
        try {
            for (LocalDate day : days.each()) {
                long[] rows = database.inTransaction(system, tx -> new long[] {
                        repository.agentPerformance(tx, tenant, day),
                        repository.callbackMetricsDaily(tx, tenant, day),
                        repository.agentCallbackPerformance(tx, tenant, day),
                        repository.sessionAnalytics(tx, tenant, day),
                        repository.rollupMonth(tx, tenant, day)});
                agents += rows[0];
                daily += rows[1];
                agentCallbacks += rows[2];
            }
            database.inTransaction(system, tx -> {
                repository.refreshDashboard(tx, tenant);
                return null;
            });
            refreshed = true;
            long millis = (System.nanoTime() - started) / 1_000_000;
            log.info("Tenant metrics written", entry("tenant", tenant.code()), entry("from", days.from()),
                    entry("to", days.to()), entry("agentPerformanceRows", agents),
                    entry("callbackMetricsRows", daily), entry("agentCallbackRows", agentCallbacks),
                    entry("milliseconds", millis));
            return new MetricsReport.TenantResult(tenant.code(), agents, daily, agentCallbacks, true, millis, null);
        } catch (RuntimeException e) {
            long millis = (System.nanoTime() - started) / 1_000_000;
            log.error("Tenant metrics failed", entry("tenant", tenant.code()), e);
            return new MetricsReport.TenantResult(tenant.code(), agents, daily, agentCallbacks, refreshed, millis,
                    FailureReason.of(e));
        }
    }
}
