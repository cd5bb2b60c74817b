package com.agentmitra.policies;

import com.agentmitra.data.ConnectionPool;
import com.agentmitra.data.Database;
import com.agentmitra.data.DatabaseConfig;
import com.agentmitra.data.TenantDirectory;
import com.agentmitra.lambda.Api;
import com.agentmitra.lambda.Idempotency;
import com.agentmitra.lambda.FunctionRegistrations;
import com.agentmitra.lambda.FunctionSelection;
import com.agentmitra.lambda.Json;
import com.agentmitra.lambda.SnapStartPriming;
import com.agentmitra.policies.consent.ConsentService;
import com.agentmitra.policies.dashboard.DashboardService;
import com.agentmitra.policies.erasure.ErasureService;
import com.agentmitra.policies.holders.PolicyholderService;
import com.agentmitra.policies.me.MeService;
import com.agentmitra.policies.payments.PaymentService;
import com.agentmitra.policies.policy.PolicyService;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The policies module's one function, {@code policies} ({@code MAIN_CLASS} in {@code template.yaml}): every route
 * of {@code /policyholders} (with consent and erasure), {@code /policies}, {@code /agents/me/dashboard} and
 * {@code /me} behind one Lambda, dispatched on
 * the API Gateway resource and method by {@link PoliciesRoutes} (one cold start and one pool for the whole book).
 */
public final class PoliciesFunctions implements ApplicationContextInitializer<GenericApplicationContext> {

    public static final String FUNCTION = "policies";

    @Override
    public void initialize(GenericApplicationContext context) {
        if (!FunctionSelection.wants(FUNCTION)) {
            return;
        }
        HikariDataSource pool = ConnectionPool.create(DatabaseConfig.fromEnvironment());
        Database database = new Database(pool);
        Clock clock = Clock.systemUTC();
        PoliciesRoutes routes = new PoliciesRoutes(new Api(new TenantDirectory(database), new Idempotency(database, clock)),
                new PolicyholderService(database, clock), new PolicyService(database, clock),
                new PaymentService(database, clock), new DashboardService(database, clock),
                new ConsentService(database, clock), new MeService(database, clock),
                new ErasureService(database, clock));
        FunctionRegistrations.api(context, FUNCTION, routes.function());
        SnapStartPriming.register(() -> {
            Json.write(routes.describe());
            // renders (never runs) a page of an agent's policies, newest first: jOOQ's rendering is in the snapshot
            var policies = com.agentmitra.data.jooq.tenant.Tables.INSURANCE_POLICIES;
            database.renderForTenant(new com.agentmitra.data.Tenant(new java.util.UUID(0, 0), "PRIME", "prime_schema"),
                    tx -> tx.selectFrom(policies).where(policies.AGENT_ID.eq(new java.util.UUID(0, 0)))
                            .orderBy(policies.CREATED_AT.desc(), policies.POLICY_ID.desc()).limit(26));
        }, () -> ConnectionPool.closeIdleConnections(pool),
                () -> ConnectionPool.afterRestore(pool));
    }
}
