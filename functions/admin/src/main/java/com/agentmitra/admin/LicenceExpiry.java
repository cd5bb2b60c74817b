package com.agentmitra.admin;

import static com.agentmitra.data.jooq.tenant.Tables.AGENTS;
import static com.agentmitra.data.jooq.tenant.Tables.AGENT_LICENSE_NOTICES;
import static com.agentmitra.data.jooq.tenant.Tables.USERS;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.data.Tenant;
import com.agentmitra.data.TenantDirectory;
import com.agentmitra.data.jooq.shared.enums.AgentStatusEnum;
import com.agentmitra.domain.time.BusinessDay;
import com.agentmitra.messaging.WhatsappMessage;
import com.agentmitra.messaging.WhatsappOutbox;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily licence check, per tenant, on the India business day: an active agent whose licence expires in 30 days
 * or less is warned on WhatsApp ({@code agent_license_expiring}), and so is their manager (the parent agent,
 * {@code agent_license_expiring_manager}), once at 30 days and once at 7; a licence past its expiry date is marked
 * ({@code agents.license_expired_at}). A day the job did not run is caught up with the warning then current (as the
 * premium reminders do), never with a stale one. Each warning is recorded in {@code agent_license_notices} in the
 * same transaction that decides it, and queued after the commit; one that cannot be queued has its record removed so
 * the next run tries again. The queue's idempotency key makes a repeat harmless.
 */
final class LicenceExpiry {

    private static final Logger log = LoggerFactory.getLogger(LicenceExpiry.class);
    static final int FIRST_WARNING_DAYS = 30;
    static final int LAST_WARNING_DAYS = 7;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

    record Report(String tenant, int expiredMarked, int agentWarnings, int managerWarnings, int notQueued) {}

    /** One warning decided and recorded, to queue after the commit. */
    record Warning(UUID noticeId, UUID agentId, String recipient, String phone, String language,
            WhatsappMessage.Template template, String idempotencyKey) {}

    private final Database database;
    private final TenantDirectory tenants;
    private final WhatsappOutbox outbox;
    private final Clock clock;

    LicenceExpiry(Database database, TenantDirectory tenants, WhatsappOutbox outbox, Clock clock) {
        this.database = database;
        this.tenants = tenants;
        this.outbox = outbox;
        this.clock = clock;
    }

    List<Report> runAll() {
        return tenants.all().stream().map(this::run).toList();
    }

    Report run(Tenant tenant) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, BusinessDay.INDIA);
        record Decided(int expired, List<Warning> warnings) {}
        Decided decided = database.inTransaction(Caller.system(tenant), tx -> {
            int expired = tx.update(AGENTS).set(AGENTS.LICENSE_EXPIRED_AT, now)
                    .where(AGENTS.LICENSE_EXPIRY_DATE.lt(today)).and(AGENTS.LICENSE_EXPIRED_AT.isNull())
                    .execute();
            return new Decided(expired, warnings(tx, tenant, today, now));
        });
        int notQueued = 0;
        int agentWarnings = 0;
        int managerWarnings = 0;
        List<UUID> failed = new ArrayList<>();
        for (Warning warning : decided.warnings()) {
            try {
                outbox.send(WhatsappMessage.template(warning.idempotencyKey(), tenant.code(), warning.phone(),
                        WhatsappMessage.REMINDER, warning.template(), now));
                if (warning.recipient().equals("agent")) {
                    agentWarnings++;
                } else {
                    managerWarnings++;
                }
            } catch (RuntimeException e) {
                log.warn("Licence warning could not be queued; the next run tries again: tenant={} agentId={}",
                        tenant.code(), warning.agentId(), e);
                failed.add(warning.noticeId());
                notQueued++;
            }
        }
        if (!failed.isEmpty()) {
            database.inTransaction(Caller.system(tenant), tx -> tx.deleteFrom(AGENT_LICENSE_NOTICES)
                    .where(AGENT_LICENSE_NOTICES.NOTICE_ID.in(failed)).execute());
        }
        Report report = new Report(tenant.code(), decided.expired(), agentWarnings, managerWarnings, notQueued);
        log.info("Licence check: tenant={} expiredMarked={} agentWarnings={} managerWarnings={} notQueued={}",
                report.tenant(), report.expiredMarked(), report.agentWarnings(), report.managerWarnings(),
                report.notQueued());
        return report;
    }

    private static List<Warning> warnings(DSLContext tx, Tenant tenant, LocalDate today, Instant now) {
        var manager = AGENTS.as("manager");
        var managerUser = USERS.as("manager_user");
        var rows = tx.select(AGENTS.AGENT_ID, AGENTS.LICENSE_NUMBER, AGENTS.LICENSE_EXPIRY_DATE,
                        USERS.FIRST_NAME, USERS.LAST_NAME, USERS.PHONE_NUMBER, USERS.LANGUAGE_PREFERENCE,
                        manager.AGENT_ID, managerUser.FIRST_NAME, managerUser.PHONE_NUMBER,
                        managerUser.LANGUAGE_PREFERENCE, managerUser.LAST_NAME)
                .from(AGENTS)
                .join(USERS).on(USERS.USER_ID.eq(AGENTS.USER_ID))
                .leftJoin(manager).on(manager.AGENT_ID.eq(AGENTS.PARENT_AGENT_ID))
                .leftJoin(managerUser).on(managerUser.USER_ID.eq(manager.USER_ID))
                .where(AGENTS.STATUS.eq(AgentStatusEnum.active))
                .and(AGENTS.LICENSE_EXPIRY_DATE.between(today, today.plusDays(FIRST_WARNING_DAYS)))
                .orderBy(AGENTS.AGENT_ID)
                .fetch();
        List<Warning> warnings = new ArrayList<>();
        for (var row : rows) {
            LocalDate expiry = row.value3();
            int daysLeft = (int) ChronoUnit.DAYS.between(today, expiry);
            int step = daysLeft <= LAST_WARNING_DAYS ? LAST_WARNING_DAYS : FIRST_WARNING_DAYS;
            String agentName = name(row.value4(), row.value5());
            String licence = Optional.ofNullable(row.value2()).orElse("-");
            if (row.value6() != null) {
                record(tx, row.value1(), expiry, step, "agent", row.value1(), now).ifPresent(id ->
                        warnings.add(new Warning(id, row.value1(), "agent", row.value6(), language(row.value7()),
                                new WhatsappMessage.Template("agent_license_expiring", language(row.value7()),
                                        List.of(agentName, licence, DATE.format(expiry), Integer.toString(daysLeft))),
                                key(tenant, row.value1(), expiry, step, "agent"))));
            }
            if (row.value8() != null && row.value10() != null) {
                record(tx, row.value1(), expiry, step, "manager", row.value8(), now).ifPresent(id ->
                        warnings.add(new Warning(id, row.value1(), "manager", row.value10(), language(row.value11()),
                                new WhatsappMessage.Template("agent_license_expiring_manager", language(row.value11()),
                                        List.of(name(row.value9(), row.value12()), licence, agentName, DATE.format(expiry),
                                                Integer.toString(daysLeft))),
                                key(tenant, row.value1(), expiry, step, "manager"))));
            }
        }
        return warnings;
    }

    /** Records the warning once; empty when it was already recorded (this run's earlier twin or a past run). */
    private static Optional<UUID> record(DSLContext tx, UUID agentId, LocalDate expiry, int step, String recipient,
            UUID recipientAgentId, Instant now) {
        var n = AGENT_LICENSE_NOTICES;
        return tx.insertInto(n).set(n.AGENT_ID, agentId).set(n.LICENSE_EXPIRY_DATE, expiry).set(n.DAYS_BEFORE, step)
                .set(n.RECIPIENT, recipient).set(n.RECIPIENT_AGENT_ID, recipientAgentId).set(n.QUEUED_AT, now)
                .onConflictDoNothing()
                .returning(n.NOTICE_ID).fetchOptional(n.NOTICE_ID);
    }

    static String key(Tenant tenant, UUID agentId, LocalDate expiry, int step, String recipient) {
        return "licence-expiry:" + tenant.code() + ":" + agentId + ":" + expiry + ":" + step + ":" + recipient;
    }

    private static String language(String preference) {
        return "hi".equals(preference) ? "hi" : "en";
    }

    private static String name(String first, String last) {
        String name = String.join(" ", java.util.stream.Stream.of(first, last).filter(java.util.Objects::nonNull)
                .toList()).strip();
        return name.isEmpty() ? "Agent" : name;
    }

}
