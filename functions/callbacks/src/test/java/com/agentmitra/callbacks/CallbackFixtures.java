package com.agentmitra.callbacks;

import com.agentmitra.domain.callbacks.CallbackNotifications;
import static com.agentmitra.data.jooq.tenant.Tables.AGENT_CALLBACK_CAPACITY;
import static com.agentmitra.data.jooq.tenant.Tables.CALLBACK_ESCALATION_RULES;
import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;
import static com.agentmitra.data.jooq.tenant.Tables.USERS;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Role;
import com.agentmitra.data.Tenant;
import com.agentmitra.data.jooq.shared.enums.CallbackPriority;
import com.agentmitra.data.jooq.shared.enums.UserRoleEnum;
import com.agentmitra.lambda.AuthorizerClaims;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.JSONB;

/** Callback test data that reads like the domain, written as the schema owner (row level security aside). */
final class CallbackFixtures {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    final TestDatabase db;
    final Fixtures fixtures;

    CallbackFixtures(TestDatabase db) {
        this.db = db;
        this.fixtures = new Fixtures(db);
    }

    /** A customer who signs in to the app: their own login, their agent's book. */
    record Customer(Tenant tenant, UUID userId, UUID policyholderId, UUID agentId) {
        Caller caller() {
            return Caller.user(tenant, userId, Role.POLICYHOLDER);
        }

        Map<String, Object> claims() {
            return new AuthorizerClaims(tenant.id(), tenant.code(), userId, Role.POLICYHOLDER, Optional.empty(),
                    Optional.empty()).toContext();
        }
    }

    Customer customerWithLogin(Fixtures.Agent agent, String valueTier) {
        var dsl = db.ownerDsl(agent.tenant());
        String phone = Fixtures.anyPhone();
        UUID userId = dsl.insertInto(USERS)
                .set(USERS.PHONE_NUMBER, phone)
                .set(USERS.FIRST_NAME, "Asha")
                .set(USERS.LAST_NAME, "Customer" + SEQUENCE.incrementAndGet())
                .set(USERS.ROLE, UserRoleEnum.policyholder)
                .returning(USERS.USER_ID).fetchOne(USERS.USER_ID);
        UUID policyholderId = dsl.insertInto(POLICYHOLDERS)
                .set(POLICYHOLDERS.AGENT_ID, agent.agentId())
                .set(POLICYHOLDERS.USER_ID, userId)
                .set(POLICYHOLDERS.FIRST_NAME, "Asha")
                .set(POLICYHOLDERS.LAST_NAME, "Holder" + SEQUENCE.incrementAndGet())
                .set(POLICYHOLDERS.PHONE_NUMBER, phone)
                .set(POLICYHOLDERS.CUSTOMER_VALUE, valueTier)
                .set(POLICYHOLDERS.WHATSAPP_UTILITY_OPT_IN, true)
                .returning(POLICYHOLDERS.POLICYHOLDER_ID).fetchOne(POLICYHOLDERS.POLICYHOLDER_ID);
        return new Customer(agent.tenant(), userId, policyholderId, agent.agentId());
    }

    /** The language on the customer's record ({@code policyholders.preferred_language}). */
    void customerPrefers(Customer customer, String language) {
        db.ownerDsl(customer.tenant()).update(POLICYHOLDERS).set(POLICYHOLDERS.PREFERRED_LANGUAGE, language)
                .where(POLICYHOLDERS.POLICYHOLDER_ID.eq(customer.policyholderId())).execute();
    }

    /** The notification categories the customer set in the app ({@code communication_preferences}, as JSON). */
    void customerChose(Customer customer, String communicationPreferences) {
        db.ownerDsl(customer.tenant()).update(POLICYHOLDERS)
                .set(POLICYHOLDERS.COMMUNICATION_PREFERENCES, JSONB.valueOf(communicationPreferences))
                .where(POLICYHOLDERS.POLICYHOLDER_ID.eq(customer.policyholderId())).execute();
    }

    /** A customer who never said yes or no to utility messages (the state of every customer before the ledger). */
    void neverAskedAboutUtilityMessages(Customer customer) {
        db.ownerDsl(customer.tenant()).update(POLICYHOLDERS)
                .set(POLICYHOLDERS.WHATSAPP_UTILITY_OPT_IN, false)
                .setNull(POLICYHOLDERS.WHATSAPP_UTILITY_CONSENT_AT)
                .where(POLICYHOLDERS.POLICYHOLDER_ID.eq(customer.policyholderId())).execute();
    }

    /** A customer who said no to utility messages, as record_consent() leaves the current state. */
    void withdrewUtilityConsent(Customer customer) {
        db.ownerDsl(customer.tenant()).update(POLICYHOLDERS)
                .set(POLICYHOLDERS.WHATSAPP_UTILITY_OPT_IN, false)
                .set(POLICYHOLDERS.WHATSAPP_UTILITY_CONSENT_AT, Instant.now().minus(Duration.ofDays(1)))
                .where(POLICYHOLDERS.POLICYHOLDER_ID.eq(customer.policyholderId())).execute();
    }

    /** The language an agent chose for their own messages ({@code users.language_preference}). */
    void agentPrefers(Fixtures.Agent agent, String language) {
        db.ownerDsl(agent.tenant()).update(USERS).set(USERS.LANGUAGE_PREFERENCE, language)
                .where(USERS.USER_ID.eq(agent.userId())).execute();
    }

    /** A tenant-wide staff login (insurance provider admin): the claims API Gateway would hand a route for them. */
    Map<String, Object> providerAdmin(Tenant tenant) {
        UUID userId = db.ownerDsl(tenant).insertInto(USERS)
                .set(USERS.USERNAME, "provider-admin" + SEQUENCE.incrementAndGet() + "-" + UUID.randomUUID())
                .set(USERS.FIRST_NAME, "Provider")
                .set(USERS.ROLE, UserRoleEnum.insurance_provider_admin)
                .returning(USERS.USER_ID).fetchOne(USERS.USER_ID);
        return new AuthorizerClaims(tenant.id(), tenant.code(), userId, Role.INSURANCE_PROVIDER_ADMIN,
                Optional.empty(), Optional.empty()).toContext();
    }

    /** Gives the agent a capacity row: at most {@code concurrent} open callbacks, {@code daily} a day. */
    void capacity(Fixtures.Agent agent, int concurrent, int daily, String... specialties) {
        var k = AGENT_CALLBACK_CAPACITY;
        db.ownerDsl(agent.tenant()).insertInto(k)
                .set(k.AGENT_ID, agent.agentId())
                .set(k.MAX_CONCURRENT_CALLBACKS, concurrent)
                .set(k.MAX_DAILY_CALLBACKS, daily)
                .set(k.SPECIALTIES, specialties)
                .onConflict(k.AGENT_ID).doUpdate()
                .set(k.MAX_CONCURRENT_CALLBACKS, concurrent)
                .set(k.MAX_DAILY_CALLBACKS, daily)
                .set(k.SPECIALTIES, specialties)
                .set(k.IS_AVAILABLE, true)
                .execute();
    }

    /** Takes every agent of the tenant out of auto-assignment, so a test decides who is available. */
    void nobodyAvailable(Tenant tenant) {
        var k = AGENT_CALLBACK_CAPACITY;
        db.ownerDsl(tenant).update(k).set(k.IS_AVAILABLE, false).execute();
    }

    /** Closes every open callback of the tenant and zeroes the counters (owner), for tests that sweep a tenant. */
    void clearOpenCallbacks(Tenant tenant) {
        var dsl = db.ownerDsl(tenant);
        dsl.execute("update {0} set status = 'cancelled' where status not in ('completed', 'cancelled')",
                com.agentmitra.data.jooq.tenant.Tables.CALLBACK_REQUESTS);
        dsl.update(AGENT_CALLBACK_CAPACITY).set(AGENT_CALLBACK_CAPACITY.CURRENT_ACTIVE_CALLBACKS, 0)
                .set(AGENT_CALLBACK_CAPACITY.IS_AVAILABLE, false).execute();
        dsl.deleteFrom(CALLBACK_ESCALATION_RULES).execute();
    }

    void escalationRule(Tenant tenant, String name, CallbackPriority priority, String condition, String action,
            String target) {
        var r = CALLBACK_ESCALATION_RULES;
        db.ownerDsl(tenant).insertInto(r)
                .set(r.RULE_NAME, name)
                .set(r.PRIORITY, priority)
                .set(r.TRIGGER_CONDITION, JSONB.valueOf(condition))
                .set(r.ESCALATION_ACTION, action)
                .set(r.ESCALATION_TARGET, JSONB.valueOf(target))
                .execute();
    }

    /** A clock tests move by hand. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Notices as they would be queued, in order. */
    static final class RecordingNotifications implements CallbackNotifications {
        final List<Object> sent = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void assigned(Assigned notice) {
            sent.add(notice);
        }

        @Override
        public void resolved(Resolved notice) {
            sent.add(notice);
        }

        @Override
        public void escalated(Escalated notice) {
            sent.add(notice);
        }

        <T> List<T> of(Class<T> type) {
            synchronized (sent) {
                return sent.stream().filter(type::isInstance).map(type::cast).toList();
            }
        }
    }
}
