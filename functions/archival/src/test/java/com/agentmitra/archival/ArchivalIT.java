package com.agentmitra.archival;

import static com.agentmitra.data.jooq.tenant.Tables.CALLBACK_ACTIVITIES;
import static com.agentmitra.data.jooq.tenant.Tables.CALLBACK_REQUESTS;
import static com.agentmitra.data.jooq.tenant.Tables.CALLBACK_REQUESTS_RESTORED;
import static com.agentmitra.data.jooq.tenant.Tables.USER_EVENTS;
import static com.agentmitra.data.jooq.tenant.Tables.USER_EVENTS_RESTORED;
import static com.agentmitra.data.jooq.tenant.Tables.VIDEO_ANALYTICS;
import static com.agentmitra.data.jooq.tenant.Tables.VIDEO_ANALYTICS_RESTORED;
import static com.agentmitra.data.jooq.tenant.Tables.WHATSAPP_MESSAGES;
import static com.agentmitra.data.jooq.tenant.Tables.WHATSAPP_MESSAGES_RESTORED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentmitra.data.Tenant;
import com.agentmitra.testing.InProcessAws;
import com.agentmitra.testing.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Archival against real PostgreSQL and the S3 emulator through the SDK: rows leave only after their archive part
 * is verified, a run killed between write and delete loses and duplicates nothing when rerun, and a restore gives
 * back the same rows.
 */
class ArchivalIT {

    static final Instant NOW = Instant.parse("2026-11-25T00:00:00Z");
    static final String BUCKET = "agent-mitra-archive-test";

    static TestDatabase db;
    static InProcessAws aws;
    static Tenant lic;

    @BeforeAll
    static void services() {
        db = TestDatabase.get();
        aws = InProcessAws.shared();
        aws.bucket(BUCKET);
        lic = db.lic();
    }

    private ArchivalService archival(ArchivalService.Checkpoint checkpoint) {
        return new ArchivalService(db.database(), db.tenants(), new ArchiveStore(aws.s3(), BUCKET),
                Clock.fixed(NOW, ZoneOffset.UTC), 7, ArchivalService.allSources(), checkpoint);
    }

    private static Instant at(String text) {
        return Instant.parse(text);
    }

    private List<UUID> insertEvents(Tenant tenant, Instant first, int count) {
        DSLContext owner = db.ownerDsl(tenant);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID id = UUID.randomUUID();
            owner.insertInto(USER_EVENTS)
                    .set(USER_EVENTS.EVENT_ID, id)
                    .set(USER_EVENTS.EVENT_TYPE, "policy_viewed")
                    .set(USER_EVENTS.EVENT_PROPERTIES, JSONB.jsonb("{\"screen\":\"policy\",\"n\":" + i + "}"))
                    .set(USER_EVENTS.OCCURRED_AT, first.plusSeconds(3600L * i))
                    .execute();
            ids.add(id);
        }
        return ids;
    }

    private long events(Tenant tenant) {
        return db.ownerDsl(tenant).fetchCount(USER_EVENTS);
    }

    private List<String> objectKeys(String prefix) {
        try (S3Client s3 = aws.s3()) {
            return s3.listObjectsV2Paginator(request -> request.bucket(BUCKET).prefix(prefix)).contents().stream()
                    .map(S3Object::key).toList();
        }
    }

    private long archivedLines(String tenantCode, String table) {
        ArchiveStore store = new ArchiveStore(aws.s3(), BUCKET);
        long lines = 0;
        for (String key : objectKeys("archive/" + tenantCode + "/" + table + "/")) {
            if (key.endsWith(".manifest.json")) {
                String[] parts = key.split("/");
                YearMonth month = YearMonth.of(Integer.parseInt(parts[3]), Integer.parseInt(parts[4]));
                for (Manifest manifest : store.manifests(tenantCode, table, month)) {
                    if (manifest.objectKey().equals(key.replace(".manifest.json", ".jsonl.gz"))) {
                        lines += store.verify(manifest).size();
                    }
                }
            }
        }
        return lines;
    }

    @Test
    void aRunKilledBetweenWriteAndDeleteLosesNothingAndTheRerunDuplicatesNothing() {
        Tenant tenant = db.tenants().byCode("ICICI_PRUDENTIAL");
        insertEvents(tenant, at("2023-03-28T10:00:00Z"), 40);   // spans March into April 2023
        List<UUID> recent = insertEvents(tenant, at("2026-10-01T10:00:00Z"), 3);
        long before = events(tenant);
        AtomicInteger parts = new AtomicInteger();

        assertThatThrownBy(() -> archival(manifest -> {
            if (parts.incrementAndGet() == 3) {
                throw new IllegalStateException("killed between write and delete");
            }
        }).archiveTenant(tenant, NOW)).hasMessageContaining("killed");

        assertThat(events(tenant) + archivedLines(tenant.code(), "user_events"))
                .as("rows in the database + rows in the archive after the kill").isGreaterThanOrEqualTo(before);

        ArchivalReport.TenantResult rerun = archival(ArchivalService.Checkpoint.NONE).archiveTenant(tenant, NOW);

        assertThat(events(tenant)).isEqualTo(recent.size());
        assertThat(events(tenant) + archivedLines(tenant.code(), "user_events")).isEqualTo(before);
        assertThat(rerun.error()).isNull();
        Set<String> archivedIds = new HashSet<>();
        ArchiveStore store = new ArchiveStore(aws.s3(), BUCKET);
        for (YearMonth month : List.of(YearMonth.of(2023, 3), YearMonth.of(2023, 4))) {
            for (Manifest manifest : store.manifests(tenant.code(), "user_events", month)) {
                for (String line : store.verify(manifest)) {
                    assertThat(archivedIds.add(line.replaceAll(".*\"event_id\": ?\"([^\"]+)\".*", "$1")))
                            .as("each row is archived once").isTrue();
                }
            }
        }
        assertThat(archivedIds).hasSize(40);

        ArchivalReport.TenantResult third = archival(ArchivalService.Checkpoint.NONE).archiveTenant(tenant, NOW);
        assertThat(third.archived().get("user_events")).isZero();
    }

    @Test
    void oldEventsAuditRowsAndMessageBodiesMoveToTheArchiveAndComeBackOnRestore() {
        DSLContext owner = DSL.using(db.owner(), SQLDialect.POSTGRES);
        List<UUID> oldEvents = insertEvents(lic, at("2023-06-02T08:00:00Z"), 10);
        insertEvents(lic, at("2025-06-02T08:00:00Z"), 2);
        long licAuditBefore = owner.fetchSingle("select count(*) from audit.audit_log where tenant_id = ?", lic.id()).get(0, Long.class);
        for (int i = 0; i < 9; i++) {
            owner.execute("""
                    insert into audit.audit_log (tenant_id, schema_name, table_name, record_id, action, new_values, changed_at)
                    values (?, 'lic_schema', 'policyholders', ?, 'INSERT', '{"first_name":"Old"}', ?::timestamptz)""",
                    lic.id(), UUID.randomUUID().toString(), at("2018-02-01T00:00:00Z").plusSeconds(86_400L * i).toString());
        }
        UUID message = db.ownerDsl(lic).insertInto(WHATSAPP_MESSAGES)
                .set(WHATSAPP_MESSAGES.PHONE_NUMBER, "+919000099001")
                .set(WHATSAPP_MESSAGES.MESSAGE_TYPE, "text")
                .set(WHATSAPP_MESSAGES.CONTENT, "Your premium is due")
                .set(WHATSAPP_MESSAGES.IS_FROM_CUSTOMER, false)
                .set(WHATSAPP_MESSAGES.SEND_STATUS, com.agentmitra.data.jooq.shared.enums.WhatsappSendStatusEnum.accepted)
                .set(WHATSAPP_MESSAGES.CREATED_AT, at("2023-01-15T05:30:00Z"))
                .returning(WHATSAPP_MESSAGES.MESSAGE_ID).fetchOne(WHATSAPP_MESSAGES.MESSAGE_ID);

        ArchivalReport.TenantResult result = archival(ArchivalService.Checkpoint.NONE).archiveTenant(lic, NOW);

        assertThat(result.archived()).containsEntry("user_events", 10L).containsEntry("audit_log", 9L)
                .containsEntry("whatsapp_message_bodies", 1L);
        assertThat(db.ownerDsl(lic).fetchCount(USER_EVENTS, USER_EVENTS.EVENT_ID.in(oldEvents))).isZero();
        assertThat(owner.fetchSingle("select count(*) from audit.audit_log where tenant_id = ?", lic.id()).get(0, Long.class))
                .isEqualTo(licAuditBefore);
        var kept = db.ownerDsl(lic).selectFrom(WHATSAPP_MESSAGES).where(WHATSAPP_MESSAGES.MESSAGE_ID.eq(message)).fetchOne();
        assertThat(kept).as("the metadata row stays").isNotNull();
        assertThat(kept.getContent()).isNull();
        assertThat(objectKeys("archive/LIC/user_events/2023/06/"))
                .contains("archive/LIC/user_events/2023/06/part-1.jsonl.gz", "archive/LIC/user_events/2023/06/part-1.manifest.json",
                        "archive/LIC/user_events/2023/06/part-2.jsonl.gz");

        Map<String, Object> restored = archival(ArchivalService.Checkpoint.NONE).restore("LIC", "user_events", YearMonth.of(2023, 6));
        Map<String, Object> bodies = archival(ArchivalService.Checkpoint.NONE)
                .restore("LIC", "whatsapp_message_bodies", YearMonth.of(2023, 1));

        assertThat(restored).containsEntry("rowsInArchive", 10L).containsEntry("rowsRestored", 10L);
        assertThat(db.ownerDsl(lic).select(USER_EVENTS_RESTORED.EVENT_ID).from(USER_EVENTS_RESTORED)
                .fetch(USER_EVENTS_RESTORED.EVENT_ID)).containsExactlyInAnyOrderElementsOf(oldEvents);
        assertThat(db.ownerDsl(lic).select(USER_EVENTS_RESTORED.EVENT_PROPERTIES).from(USER_EVENTS_RESTORED)
                .where(USER_EVENTS_RESTORED.EVENT_ID.eq(oldEvents.get(3))).fetchOne().value1().data())
                .contains("\"n\": 3");
        assertThat(bodies).containsEntry("rowsRestored", 1L);
        assertThat(db.ownerDsl(lic).select(WHATSAPP_MESSAGES_RESTORED.CONTENT).from(WHATSAPP_MESSAGES_RESTORED)
                .where(WHATSAPP_MESSAGES_RESTORED.MESSAGE_ID.eq(message)).fetchOne().value1())
                .isEqualTo("Your premium is due");

        Map<String, Object> again = archival(ArchivalService.Checkpoint.NONE).restore("LIC", "user_events", YearMonth.of(2023, 6));
        assertThat(again).containsEntry("rowsRestored", 0L);
    }

    @Test
    void oldWatchSessionsOfTheContentLibraryMoveLikeTheOtherBehaviourTablesAndComeBackOnRestore() {
        Tenant tenant = db.tenants().byCode("HDFC_LIFE");
        DSLContext owner = db.ownerDsl(tenant);
        UUID video = UUID.randomUUID();
        UUID viewer = UUID.randomUUID();
        List<UUID> old = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            UUID id = UUID.randomUUID();
            owner.insertInto(VIDEO_ANALYTICS)
                    .set(VIDEO_ANALYTICS.ANALYTICS_ID, id)
                    .set(VIDEO_ANALYTICS.VIDEO_ID, video)
                    .set(VIDEO_ANALYTICS.USER_ID, viewer)
                    .set(VIDEO_ANALYTICS.WATCH_SESSION_ID, UUID.randomUUID())
                    .set(VIDEO_ANALYTICS.STARTED_AT, at("2023-08-03T09:00:00Z").plusSeconds(3600L * i))
                    .set(VIDEO_ANALYTICS.WATCH_DURATION_SECONDS, 30 + i)
                    .set(VIDEO_ANALYTICS.SOURCE, "share")
                    .execute();
            old.add(id);
        }
        UUID recent = owner.insertInto(VIDEO_ANALYTICS)
                .set(VIDEO_ANALYTICS.VIDEO_ID, video)
                .set(VIDEO_ANALYTICS.USER_ID, viewer)
                .set(VIDEO_ANALYTICS.WATCH_SESSION_ID, UUID.randomUUID())
                .set(VIDEO_ANALYTICS.STARTED_AT, at("2026-10-03T09:00:00Z"))
                .returning(VIDEO_ANALYTICS.ANALYTICS_ID).fetchOne(VIDEO_ANALYTICS.ANALYTICS_ID);

        ArchivalReport.TenantResult result = archival(ArchivalService.Checkpoint.NONE).archiveTenant(tenant, NOW);

        assertThat(result.error()).isNull();
        assertThat(result.archived()).containsEntry("video_analytics", 6L);
        assertThat(owner.fetchCount(VIDEO_ANALYTICS, VIDEO_ANALYTICS.VIDEO_ID.eq(video)))
                .as("only the session inside the retention stays").isEqualTo(1);
        assertThat(owner.fetchExists(VIDEO_ANALYTICS, VIDEO_ANALYTICS.ANALYTICS_ID.eq(recent))).isTrue();
        assertThat(archivedLines(tenant.code(), "video_analytics")).isEqualTo(6);

        Map<String, Object> restored = archival(ArchivalService.Checkpoint.NONE)
                .restore(tenant.code(), "video_analytics", YearMonth.of(2023, 8));

        assertThat(restored).containsEntry("rowsInArchive", 6L).containsEntry("rowsRestored", 6L);
        assertThat(owner.select(VIDEO_ANALYTICS_RESTORED.ANALYTICS_ID).from(VIDEO_ANALYTICS_RESTORED)
                .where(VIDEO_ANALYTICS_RESTORED.VIDEO_ID.eq(video)).fetch(VIDEO_ANALYTICS_RESTORED.ANALYTICS_ID))
                .containsExactlyInAnyOrderElementsOf(old);
        assertThat(owner.select(VIDEO_ANALYTICS_RESTORED.WATCH_DURATION_SECONDS, VIDEO_ANALYTICS_RESTORED.SOURCE)
                .from(VIDEO_ANALYTICS_RESTORED).where(VIDEO_ANALYTICS_RESTORED.ANALYTICS_ID.eq(old.get(4))).fetchOne())
                .satisfies(row -> {
                    assertThat(row.value1()).isEqualTo(34);
                    assertThat(row.value2()).isEqualTo("share");
                });
    }

    @Test
    void completedCallbacksLeaveWithTheirActivitiesAndComeBackWithThem() {
        var fixtures = new com.agentmitra.testing.Fixtures(db);
        var agent = fixtures.agent().inTenant(lic).create();
        UUID customer = fixtures.policyholder().of(agent).create();
        DSLContext owner = db.ownerDsl(lic);
        UUID old = owner.insertInto(CALLBACK_REQUESTS)
                .set(CALLBACK_REQUESTS.CUSTOMER_ID, customer)
                .set(CALLBACK_REQUESTS.REQUEST_TYPE, "payment_problem")
                .set(CALLBACK_REQUESTS.DESCRIPTION, "Premium paid but shown as due")
                .set(CALLBACK_REQUESTS.CUSTOMER_NAME, "Customer Old")
                .set(CALLBACK_REQUESTS.CUSTOMER_PHONE, "+919000099002")
                .set(CALLBACK_REQUESTS.STATUS, com.agentmitra.data.jooq.shared.enums.CallbackStatus.completed)
                .set(CALLBACK_REQUESTS.CREATED_AT, at("2022-08-01T04:00:00Z"))
                .set(CALLBACK_REQUESTS.COMPLETED_AT, at("2022-08-02T06:00:00Z"))
                .returning(CALLBACK_REQUESTS.CALLBACK_REQUEST_ID).fetchOne(CALLBACK_REQUESTS.CALLBACK_REQUEST_ID);
        owner.insertInto(CALLBACK_ACTIVITIES)
                .set(CALLBACK_ACTIVITIES.CALLBACK_REQUEST_ID, old)
                .set(CALLBACK_ACTIVITIES.ACTIVITY_TYPE, "call")
                .set(CALLBACK_ACTIVITIES.DESCRIPTION, "Explained the receipt")
                .set(CALLBACK_ACTIVITIES.CREATED_AT, at("2022-08-02T05:00:00Z"))
                .execute();

        ArchivalReport.TenantResult result = archival(ArchivalService.Checkpoint.NONE).archiveTenant(lic, NOW);

        assertThat(result.archived()).containsEntry("callback_requests", 1L);
        assertThat(owner.fetchCount(CALLBACK_REQUESTS, CALLBACK_REQUESTS.CALLBACK_REQUEST_ID.eq(old))).isZero();
        assertThat(owner.fetchCount(CALLBACK_ACTIVITIES, CALLBACK_ACTIVITIES.CALLBACK_REQUEST_ID.eq(old))).isZero();

        Map<String, Object> restored = archival(ArchivalService.Checkpoint.NONE)
                .restore("LIC", "callback_requests", YearMonth.of(2022, 8));

        assertThat(restored).containsEntry("rowsRestored", 1L);
        var back = owner.selectFrom(CALLBACK_REQUESTS_RESTORED).where(CALLBACK_REQUESTS_RESTORED.CALLBACK_REQUEST_ID.eq(old)).fetchOne();
        assertThat(back.getDescription()).isEqualTo("Premium paid but shown as due");
        assertThat(back.getActivities().data()).contains("Explained the receipt");
    }

    @Test
    void onlyPartitionsPastRetentionWhoseRowsAreAllArchivedAreDropped() {
        Tenant hdfc = db.hdfc();
        DSLContext owner = DSL.using(db.owner(), SQLDialect.POSTGRES);
        owner.execute("""
                create table hdfc_schema.user_events_p2022_01 partition of hdfc_schema.user_events
                    for values from ('2022-01-01 00:00+05:30') to ('2022-02-01 00:00+05:30')""");
        owner.execute("""
                create table hdfc_schema.user_events_p2022_02 partition of hdfc_schema.user_events
                    for values from ('2022-02-01 00:00+05:30') to ('2022-03-01 00:00+05:30')""");
        insertEvents(hdfc, at("2022-02-10T00:00:00Z"), 2);

        int droppedBeforeArchiving = db.database().inTransaction(com.agentmitra.data.Caller.system(hdfc),
                tx -> tx.fetchSingle("select hdfc_schema.drop_empty_partitions_before(24)").get(0, Integer.class));

        assertThat(droppedBeforeArchiving).isEqualTo(1);
        assertThat(partitions(owner)).doesNotContain("user_events_p2022_01").contains("user_events_p2022_02");

        ArchivalReport.TenantResult result = archival(ArchivalService.Checkpoint.NONE).archiveTenant(hdfc, NOW);

        assertThat(result.archived()).containsEntry("user_events", 2L);
        assertThat(result.partitionsDropped()).isEqualTo(1);
        assertThat(partitions(owner)).doesNotContain("user_events_p2022_02");
    }

    private static List<String> partitions(DSLContext owner) {
        return owner.fetch("""
                select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
                 where i.inhparent = 'hdfc_schema.user_events'::regclass""").getValues(0, String.class);
    }
}
