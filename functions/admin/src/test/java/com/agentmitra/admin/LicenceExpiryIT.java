package com.agentmitra.admin;

import static com.agentmitra.data.jooq.tenant.Tables.AGENTS;
import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.data.Tenant;
import com.agentmitra.messaging.WhatsappMessage;
import com.agentmitra.messaging.WhatsappOutbox;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The daily licence check against real PostgreSQL, with the outbound queue recorded. */
class LicenceExpiryIT {

    private static final TestDatabase db = TestDatabase.get();
    /** 2026-12-07 in India (10:30 IST). */
    private static final Instant NOW = Instant.parse("2026-12-07T05:00:00Z");
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 7);

    private final AdminFixtures admin = new AdminFixtures(db);
    private final List<WhatsappMessage> queued = new ArrayList<>();
    private Tenant tenant;
    private Fixtures.Agent manager;

    @BeforeEach
    void aManager() {
        tenant = db.tenants().byCode("ICICI_PRUDENTIAL");
        manager = admin.fixtures.agent().inTenant(tenant).regionalManager().named("Mohan")
                .territory("Licence-" + UUID.randomUUID()).create();
    }

    private Fixtures.Agent agentWhoseLicenceExpires(LocalDate expiry) {
        Fixtures.Agent agent = admin.fixtures.agent().inTenant(tenant).named("Ravi").under(manager).create();
        db.ownerDsl(tenant).update(AGENTS).set(AGENTS.LICENSE_EXPIRY_DATE, expiry)
                .set(AGENTS.LICENSE_NUMBER, "LIC-" + UUID.randomUUID().toString().substring(0, 8))
                .where(AGENTS.AGENT_ID.eq(agent.agentId())).execute();
        return agent;
    }

    private LicenceExpiry.Report run(Instant at, WhatsappOutbox outbox) {
        return new LicenceExpiry(db.database(), db.tenants(), outbox, Clock.fixed(at, ZoneOffset.UTC)).run(tenant);
    }

    private List<WhatsappMessage> about(Fixtures.Agent agent) {
        return queued.stream().filter(message -> message.idempotencyKey().contains(agent.agentId().toString()))
                .toList();
    }

    @Test
    void warnsTheAgentAndTheManagerThirtyAndSevenDaysBeforeOnce() {
        Fixtures.Agent inThirty = agentWhoseLicenceExpires(TODAY.plusDays(30));
        Fixtures.Agent inFive = agentWhoseLicenceExpires(TODAY.plusDays(5));
        Fixtures.Agent later = agentWhoseLicenceExpires(TODAY.plusDays(31));

        run(NOW, queued::add);

        assertThat(about(inThirty)).extracting(message -> message.template().name())
                .containsExactlyInAnyOrder("agent_license_expiring", "agent_license_expiring_manager");
        assertThat(about(inThirty)).allSatisfy(message -> {
            assertThat(message.idempotencyKey()).contains(":30:");
            assertThat(message.template().parameters()).contains("30");
        });
        // a 7-day warning caught up at 5 days, never the stale 30-day one
        assertThat(about(inFive)).hasSize(2).allSatisfy(message -> {
            assertThat(message.idempotencyKey()).contains(":7:");
            assertThat(message.template().parameters()).contains("5");
        });
        assertThat(about(later)).isEmpty();
        WhatsappMessage toManager = about(inFive).stream()
                .filter(message -> message.template().name().equals("agent_license_expiring_manager")).findFirst()
                .orElseThrow();
        assertThat(toManager.template().parameters().getFirst()).startsWith("Mohan Agent");
        assertThat(toManager.template().parameters()).hasSize(5);

        int before = queued.size();
        run(NOW.plusSeconds(3600), queued::add);
        assertThat(queued).hasSize(before);

        // 23 days on, the 30-day agent gets the 7-day warning
        run(NOW.plus(java.time.Duration.ofDays(23)), queued::add);
        assertThat(about(inThirty)).hasSize(4);
    }

    @Test
    void marksExpiredLicencesOnce() {
        Fixtures.Agent expired = agentWhoseLicenceExpires(TODAY.minusDays(1));
        Fixtures.Agent today = agentWhoseLicenceExpires(TODAY);

        LicenceExpiry.Report report = run(NOW, queued::add);

        assertThat(report.expiredMarked()).isGreaterThanOrEqualTo(1);
        assertThat(expiredAt(expired)).isEqualTo(NOW);
        assertThat(expiredAt(today)).isNull();
        run(NOW.plusSeconds(60), queued::add);
        assertThat(expiredAt(expired)).isEqualTo(NOW);
    }

    @Test
    void aWarningThatCouldNotBeQueuedIsTriedAgainNextRun() {
        Fixtures.Agent agent = agentWhoseLicenceExpires(TODAY.plusDays(20));

        LicenceExpiry.Report failed = run(NOW, message -> {
            throw new WhatsappOutbox.NotQueued(message.idempotencyKey(), new RuntimeException("queue down"));
        });
        assertThat(failed.notQueued()).isEqualTo(2);

        run(NOW.plusSeconds(3600), queued::add);
        assertThat(about(agent)).hasSize(2);
    }

    private Instant expiredAt(Fixtures.Agent agent) {
        return db.ownerDsl(tenant).select(AGENTS.LICENSE_EXPIRED_AT).from(AGENTS)
                .where(AGENTS.AGENT_ID.eq(agent.agentId())).fetchSingle().value1();
    }
}
