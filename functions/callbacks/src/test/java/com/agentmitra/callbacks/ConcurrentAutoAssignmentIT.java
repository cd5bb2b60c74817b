package com.agentmitra.callbacks;

import com.agentmitra.domain.callbacks.CallbackRepository;
import com.agentmitra.domain.callbacks.CallbackService;
import com.agentmitra.domain.callbacks.NewCallback;
import com.agentmitra.domain.callbacks.StatusTransition;
import static com.agentmitra.data.jooq.tenant.Tables.AGENT_CALLBACK_CAPACITY;
import static com.agentmitra.data.jooq.tenant.Tables.CALLBACK_REQUESTS;
import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.config.Secret;
import com.agentmitra.data.ConnectionPool;
import com.agentmitra.data.Database;
import com.agentmitra.data.DatabaseConfig;
import com.agentmitra.data.Tenant;
import com.agentmitra.data.jooq.shared.enums.CallbackStatus;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.TestDatabase;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The capacity proof of issue 6: 200 callbacks created at once, on real threads with their own connections, against
 * 5 agents who may each hold 3. Nobody ever holds more than 3, exactly 15 get assigned, the rest wait unassigned,
 * and every agent's counter equals their real count.
 */
class ConcurrentAutoAssignmentIT {

    private static final int AGENTS = 5;
    private static final int CAPACITY = 3;
    private static final int CREATES = 200;
    /** Like 16 warm Lambda instances, each with its own pool of 2 connections. */
    private static final int INSTANCES = 16;
    private static final int THREADS = INSTANCES * 2;

    private static final TestDatabase db = TestDatabase.get();
    private static final List<HikariDataSource> pools = new ArrayList<>();

    @BeforeAll
    static void lambdaInstances() {
        URI url = URI.create(db.jdbcUrl().substring("jdbc:".length()));
        for (int i = 0; i < INSTANCES; i++) {
            pools.add(ConnectionPool.create(new DatabaseConfig(db.jdbcUrl(), url.getHost(), url.getPort(),
                    new DatabaseConfig.Credentials.Password(TestDatabase.APP_USER,
                            Secret.of(db.appEnvironment().get("DB_PASSWORD"))), 2, new DatabaseConfig.Tls.Disabled())));
        }
    }

    @AfterAll
    static void closePools() {
        pools.forEach(HikariDataSource::close);
    }

    @Test
    void twoHundredConcurrentCreatesNeverOverloadFiveAgentsOfCapacityThree() throws Exception {
        Tenant tenant = db.hdfc();
        CallbackFixtures callbacks = new CallbackFixtures(db);
        callbacks.clearOpenCallbacks(tenant);
        Fixtures.Agent manager = callbacks.fixtures.agent().inTenant(tenant).regionalManager().territory("Concurrency").create();
        List<Fixtures.Agent> agents = new ArrayList<>();
        for (int i = 0; i < AGENTS; i++) {
            Fixtures.Agent agent = callbacks.fixtures.agent().inTenant(tenant).territory("Concurrency").create();
            callbacks.capacity(agent, CAPACITY, 50);
            agents.add(agent);
        }
        List<UUID> customers = new ArrayList<>();
        for (int i = 0; i < CREATES; i++) {
            customers.add(callbacks.fixtures.policyholder().of(agents.get(i % AGENTS)).create());
        }
        List<CallbackService> instances = pools.stream().map(pool -> new CallbackService(new Database(pool),
                new CallbackRepository(), new CallbackFixtures.RecordingNotifications(), java.time.Clock.systemUTC()))
                .toList();
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<CallbackService.Creation>> results = new ArrayList<>();

        for (int i = 0; i < CREATES; i++) {
            UUID customer = customers.get(i);
            CallbackService service = instances.get(i % INSTANCES);
            results.add(threads.submit(() -> {
                start.await();
                return service.create(manager.caller(), new NewCallback(customer, null, "payment_problem",
                        "Premium paid twice", "high", null, null, null, null, null));
            }));
        }
        start.countDown();
        List<CallbackService.Creation> created = new ArrayList<>();
        for (Future<CallbackService.Creation> result : results) {
            created.add(result.get());
        }
        threads.shutdown();

        var owner = db.ownerDsl(tenant);
        Map<UUID, Integer> realCounts = owner.select(CALLBACK_REQUESTS.AGENT_ID, org.jooq.impl.DSL.count())
                .from(CALLBACK_REQUESTS)
                .where(CALLBACK_REQUESTS.AGENT_ID.in(agents.stream().map(Fixtures.Agent::agentId).toList()))
                .and(CALLBACK_REQUESTS.STATUS.in(StatusTransition.ACTIVE))
                .groupBy(CALLBACK_REQUESTS.AGENT_ID)
                .fetchMap(CALLBACK_REQUESTS.AGENT_ID, org.jooq.impl.DSL.count());
        Map<UUID, Integer> counters = owner.select(AGENT_CALLBACK_CAPACITY.AGENT_ID,
                        AGENT_CALLBACK_CAPACITY.CURRENT_ACTIVE_CALLBACKS)
                .from(AGENT_CALLBACK_CAPACITY)
                .where(AGENT_CALLBACK_CAPACITY.AGENT_ID.in(agents.stream().map(Fixtures.Agent::agentId).toList()))
                .fetchMap(AGENT_CALLBACK_CAPACITY.AGENT_ID, AGENT_CALLBACK_CAPACITY.CURRENT_ACTIVE_CALLBACKS);
        long assigned = created.stream().filter(c -> c.callback().agentId() != null).count();
        long waiting = created.stream()
                .filter(c -> c.callback().agentId() == null && c.callback().status().equals(CallbackStatus.pending.getLiteral()))
                .count();

        assertThat(created).hasSize(CREATES).allMatch(c -> c instanceof CallbackService.Created);
        assertThat(realCounts.values()).allMatch(count -> count <= CAPACITY);
        assertThat(realCounts).hasSize(AGENTS).allSatisfy((agent, count) -> assertThat(count).isEqualTo(CAPACITY));
        assertThat(counters).isEqualTo(realCounts);
        assertThat(assigned).isEqualTo((long) AGENTS * CAPACITY);
        assertThat(waiting).isEqualTo(CREATES - (long) AGENTS * CAPACITY);
    }
}
