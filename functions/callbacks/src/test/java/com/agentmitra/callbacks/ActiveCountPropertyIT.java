package com.agentmitra.callbacks;

import com.agentmitra.domain.callbacks.CallbackCommands;
import com.agentmitra.domain.callbacks.CallbackRepository;
import com.agentmitra.domain.callbacks.CallbackService;
import com.agentmitra.domain.callbacks.CallbackSweeper;
import com.agentmitra.domain.callbacks.NewCallback;
import static com.agentmitra.data.jooq.tenant.Tables.AGENT_CALLBACK_CAPACITY;
import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.data.Tenant;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * current_active_callbacks always equals the real count: random sequences of creates, manual assignments, starts,
 * cancellations, completions and sweeps (with time passing and a reassign rule), checked after every step. A seed
 * that fails is printed in the assertion, so the sequence can be replayed.
 */
class ActiveCountPropertyIT {

    private static final TestDatabase db = TestDatabase.get();

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 7, 42, 2026, 90210})
    void theCounterEqualsTheRealCountAfterEveryOperation(long seed) {
        Random random = new Random(seed);
        CallbackFixtures callbacks = new CallbackFixtures(db);
        Tenant tenant = db.tenants().byCode("ICICI_PRUDENTIAL");
        callbacks.clearOpenCallbacks(tenant);
        CallbackFixtures.MovableClock clock = new CallbackFixtures.MovableClock(Instant.parse("2026-03-02T04:30:00Z"));
        CallbackRepository repository = new CallbackRepository();
        CallbackFixtures.RecordingNotifications notices = new CallbackFixtures.RecordingNotifications();
        CallbackService service = new CallbackService(db.database(), repository, notices, clock);
        CallbackSweeper sweeper = new CallbackSweeper(db.database(), db.tenants(), repository, service, notices, clock);
        Fixtures.Agent manager = callbacks.fixtures.agent().inTenant(tenant).senior().create();
        List<Fixtures.Agent> agents = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Fixtures.Agent agent = callbacks.fixtures.agent().inTenant(tenant).under(manager).create();
            callbacks.capacity(agent, 1 + random.nextInt(3), 5 + random.nextInt(10));
            agents.add(agent);
        }
        callbacks.escalationRule(tenant, "reassign " + seed + " " + UUID.randomUUID(), null,
                "{\"overdueByMinutes\": 15}", "reassign", "{}");
        List<UUID> customers = agents.stream().map(agent -> callbacks.fixtures.policyholder().of(agent).create()).toList();
        List<UUID> ids = new ArrayList<>();
        List<String> ops = new ArrayList<>();

        for (int step = 0; step < 60; step++) {
            int op = random.nextInt(7);
            UUID some = ids.isEmpty() ? null : ids.get(random.nextInt(ids.size()));
            Fixtures.Agent anyAgent = agents.get(random.nextInt(agents.size()));
            try {
                switch (op) {
                    case 0, 1 -> {
                        ops.add("create");
                        ids.add(service.create(manager.caller(), new NewCallback(customers.get(random.nextInt(customers.size())),
                                null, NewCallback.REQUEST_TYPES.get(random.nextInt(6)), "Random", "medium", null, null,
                                null, null, null)).callback().id());
                    }
                    case 2 -> {
                        ops.add("assign");
                        if (some != null) {
                            service.assign(manager.caller(), some, new CallbackCommands.Assign(anyAgent.agentId()));
                        }
                    }
                    case 3 -> {
                        ops.add("start");
                        if (some != null) {
                            service.changeStatus(manager.caller(), some, new CallbackCommands.ChangeStatus("in_progress", null));
                        }
                    }
                    case 4 -> {
                        ops.add("cancel");
                        if (some != null) {
                            service.changeStatus(manager.caller(), some, new CallbackCommands.ChangeStatus("cancelled", null));
                        }
                    }
                    case 5 -> {
                        ops.add("complete");
                        if (some != null) {
                            service.complete(manager.caller(), some, new CallbackCommands.Complete("Done", null));
                        }
                    }
                    default -> {
                        ops.add("sweep");
                        clock.advance(Duration.ofMinutes(random.nextInt(600)));
                        sweeper.sweep(tenant);
                    }
                }
            } catch (ApiProblem expected) {
                // refused moves (409, capacity) are part of the sequence; they must change nothing
            }
            Map<UUID, Integer> real = repository.realActiveCounts(db.ownerDsl(tenant));
            for (Fixtures.Agent agent : agents) {
                int counter = db.ownerDsl(tenant).select(AGENT_CALLBACK_CAPACITY.CURRENT_ACTIVE_CALLBACKS,
                                AGENT_CALLBACK_CAPACITY.MAX_CONCURRENT_CALLBACKS)
                        .from(AGENT_CALLBACK_CAPACITY).where(AGENT_CALLBACK_CAPACITY.AGENT_ID.eq(agent.agentId()))
                        .fetchOne(AGENT_CALLBACK_CAPACITY.CURRENT_ACTIVE_CALLBACKS);
                int max = db.ownerDsl(tenant).select(AGENT_CALLBACK_CAPACITY.MAX_CONCURRENT_CALLBACKS)
                        .from(AGENT_CALLBACK_CAPACITY).where(AGENT_CALLBACK_CAPACITY.AGENT_ID.eq(agent.agentId()))
                        .fetchOne(AGENT_CALLBACK_CAPACITY.MAX_CONCURRENT_CALLBACKS);
                assertThat(counter).as("seed %d after %s", seed, ops).isEqualTo(real.getOrDefault(agent.agentId(), 0));
                assertThat(counter).as("seed %d after %s", seed, ops).isLessThanOrEqualTo(max);
            }
        }
    }
}
