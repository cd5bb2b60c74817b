package com.agentmitra.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentmitra.config.Secret;
import com.agentmitra.data.Tenant;
import com.agentmitra.lambda.local.InProcessFunction;
import com.agentmitra.messaging.WhatsappMessage;
import com.agentmitra.testing.Events;
import com.agentmitra.testing.LogCapture;
import com.agentmitra.testing.TestDatabase;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jooq.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.support.MessageBuilder;

/**
 * The daily template sync (issue 19) against PostgreSQL and a stand-in for Meta's template listing over real HTTP:
 * what it corrects, what the sender then refuses, paging, the bounds a hostile listing meets (and that such a
 * listing changes nothing), and which of a webhook event and the sync stands.
 */
class TemplateSyncIT {

    private static final TestDatabase db = TestDatabase.get();
    private static final String TOKEN = "sync-token-3b9e1d-never-logged";
    private static final String WABA = "123456789012345";

    private final String prefix = "sync_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_";
    private final List<String> created = new ArrayList<>();
    private final FakeTemplateList meta = new FakeTemplateList();
    private final FakeGraphApi graph = new FakeGraphApi();
    private Tenant lic;

    @BeforeEach
    void tenant() {
        lic = db.tenants().byCode("LIC");
    }

    @AfterEach
    void cleanUp() {
        meta.close();
        graph.close();
        for (String name : created) {
            db.ownerDsl(lic).execute("delete from shared.whatsapp_templates where template_name = ?", name);
        }
    }

    /** An approved template of ours, rated GREEN, in {@code en} unless said. */
    private String ours(String suffix, String category) {
        String name = prefix + suffix;
        db.ownerDsl(lic).execute("insert into shared.whatsapp_templates (template_name, category, language, content,"
                + " parameter_count, variables, approval_status, quality_rating) values (?, ?, 'en', 'Hello {{1}}', 1,"
                + " '[\"name\"]', 'approved', 'GREEN')", name, category);
        created.add(name);
        return name;
    }

    private Record row(String name) {
        return db.ownerDsl(lic).fetchSingle("select approval_status, status_reason, quality_rating from"
                + " shared.whatsapp_templates where template_name = ? and language = 'en'", name);
    }

    private String status(String name) {
        return row(name).get("approval_status", String.class);
    }

    private TemplateSyncFunction function(Duration requestTimeout) {
        MetaTemplateList list = new MetaTemplateList(meta.baseUrl(), "v25.0", WABA, Secret.of(TOKEN), requestTimeout,
                Clock.systemUTC());
        return new TemplateSyncFunction(new TemplateSync(db.database(), list::readAll, Clock.systemUTC()));
    }

    private static Map<String, Object> run(TemplateSyncFunction function) {
        return function.apply(MessageBuilder.withPayload(Map.<String, Object>of()).build());
    }

    private SenderService sender() {
        WhatsappConfig config = new WhatsappConfig(graph.baseUrl(), "v25.0", "pn", Secret.of("token"),
                Secret.of("app"), Secret.of("verify"), 80, Duration.ofSeconds(30), Duration.ofSeconds(120),
                Duration.ofMinutes(10), Duration.ofSeconds(5), Optional.empty(), Optional.empty());
        return new SenderService(db.database(), db.tenants(), new OutboxRepository(),
                new HttpGraphApi(URI.create(graph.baseUrl() + "/v25.0/pn/messages"), Secret.of("token"),
                        Duration.ofSeconds(5)),
                new SendPacer(db.database(), "pn-" + UUID.randomUUID(), 80), config, TenantQuietHours.none(),
                Clock.systemUTC());
    }

    private static WhatsappMessage reminderWith(String template) {
        return WhatsappMessage.template("sync:" + UUID.randomUUID(), "LIC", SenderHarness.anyRecipient(),
                WhatsappMessage.REMINDER, new WhatsappMessage.Template(template, "en", List.of("Ravi")), Instant.now());
    }

    @Test
    void templatesMetaPausedAndRejectedAreRefusedByTheSenderAfterTheSyncWhichFollowsThePaging() {
        String paused = ours("paused", "UTILITY");
        String rejected = ours("rejected", "UTILITY");
        String rated = ours("rated", "UTILITY");
        String onlyOurs = ours("only_ours", "UTILITY");
        String notOurs = prefix + "not_ours";
        meta.answering(request -> switch (request.after()) {
            case "" -> FakeTemplateList.Answer.ok(FakeTemplateList.page("UEFHRTI=",
                    FakeTemplateList.template(paused, "en", "PAUSED", "UTILITY", "GREEN", null),
                    FakeTemplateList.template(rated, "en", "APPROVED", "UTILITY", "YELLOW", "NONE")));
            case "UEFHRTI=" -> FakeTemplateList.Answer.ok(FakeTemplateList.page(null,
                    FakeTemplateList.template(rejected, "en", "REJECTED", "UTILITY", "UNKNOWN", "PROMOTIONAL"),
                    FakeTemplateList.template(notOurs, "en", "APPROVED", "MARKETING", "GREEN", null)));
            default -> new FakeTemplateList.Answer(400, "{}".getBytes(StandardCharsets.UTF_8), 0);
        });

        Map<String, Object> report;
        String logs;
        try (LogCapture capture = LogCapture.start()) {
            report = run(function(Duration.ofSeconds(5)));
            logs = capture.text();
        }

        assertThat(status(paused)).isEqualTo("paused");
        assertThat(row(paused).get("status_reason", String.class)).isNull();
        assertThat(status(rejected)).isEqualTo("rejected");
        assertThat(row(rejected).get("status_reason", String.class)).isEqualTo("PROMOTIONAL");
        assertThat(row(rejected).get("quality_rating", String.class)).isEqualTo("UNKNOWN");
        assertThat(status(rated)).isEqualTo("approved");
        assertThat(row(rated).get("quality_rating", String.class)).isEqualTo("YELLOW");
        assertThat(status(onlyOurs)).isEqualTo("approved"); // not listed by Meta: kept, never deleted
        assertThat(db.ownerDsl(lic).fetchCount(db.ownerDsl(lic).selectFrom("shared.whatsapp_templates")
                .where("template_name = ?", notOurs))).isZero();
        assertThat(report).containsEntry("listed", 4).containsEntry("pages", 2).containsEntry("statusesChanged", 2)
                .containsEntry("qualitiesChanged", 2).containsEntry("keptNewer", 0).containsEntry("notOurs", 1)
                .containsEntry("skipped", 0);
        assertThat((Integer) report.get("missingAtMeta")).isGreaterThanOrEqualTo(1);
        assertThat(logs).contains("templates of ours that Meta does not list (kept as they are)")
                .doesNotContain(TOKEN);

        // paging: the second page asked for at our base with the cursor; the token in the header only
        List<FakeTemplateList.Request> requests = meta.requests();
        assertThat(requests).hasSize(2);
        assertThat(requests).allSatisfy(r -> {
            assertThat(r.path()).isEqualTo("/v25.0/" + WABA + "/message_templates");
            assertThat(r.query()).containsEntry("fields", MetaTemplateList.FIELDS).containsEntry("limit", "100")
                    .doesNotContainKey("access_token");
            assertThat(r.authorization()).isEqualTo("Bearer " + TOKEN);
        });
        assertThat(requests.get(1).after()).isEqualTo("UEFHRTI=");

        // the sender refuses both, says why, and nothing reaches the Graph API; an approved one still goes
        SenderService sender = sender();
        SenderService.Delivery pausedDelivery = sender.deliver(reminderWith(paused));
        SenderService.Delivery rejectedDelivery = sender.deliver(reminderWith(rejected));
        assertThat(pausedDelivery).isInstanceOf(SenderService.Refused.class);
        assertThat(((SenderService.Refused) pausedDelivery).reason()).isEqualTo("template " + paused + " is paused");
        assertThat(rejectedDelivery).isInstanceOf(SenderService.Refused.class);
        assertThat(((SenderService.Refused) rejectedDelivery).reason())
                .isEqualTo("template " + rejected + " is rejected");
        assertThat(graph.requests()).isEmpty();
        assertThat(sender.deliver(reminderWith(rated))).isInstanceOf(SenderService.Sent.class);
        assertThat(graph.requests()).hasSize(1);
    }

    @Test
    void aWebhookEventNewerThanTheListingStandsAndAnOlderOneDeliveredLateDoesNotUndoTheSync() {
        String pausedByWebhook = ours("webhook_paused", "UTILITY");
        String pausedBySync = ours("sync_paused", "UTILITY");
        WebhookHarness webhook = new WebhookHarness();
        // while Meta answers the listing (read before the pause, as it were), the webhook brings the pause
        meta.answering(request -> {
            webhook.signedPost(statusUpdate(pausedByWebhook, "PAUSED", Instant.now().getEpochSecond(),
                    "Low quality: paused for 3 hours"));
            return FakeTemplateList.Answer.ok(FakeTemplateList.page(null,
                    FakeTemplateList.template(pausedByWebhook, "en", "APPROVED", "UTILITY", "GREEN", null),
                    FakeTemplateList.template(pausedBySync, "en", "PAUSED", "UTILITY", "GREEN", null)));
        });

        Map<String, Object> report = run(function(Duration.ofSeconds(5)));

        assertThat(status(pausedByWebhook)).isEqualTo("paused");
        assertThat(row(pausedByWebhook).get("status_reason", String.class))
                .isEqualTo("Low quality: paused for 3 hours");
        assertThat(status(pausedBySync)).isEqualTo("paused");
        assertThat(report).containsEntry("statusesChanged", 1).containsEntry("keptNewer", 1);

        // an approval Meta dated a minute before the sync, delivered late: the sync's pause stands
        webhook.signedPost(statusUpdate(pausedBySync, "APPROVED", Instant.now().minusSeconds(60).getEpochSecond(),
                "NONE"));
        assertThat(status(pausedBySync)).isEqualTo("paused");
        // one dated after it: it is approved again
        webhook.signedPost(statusUpdate(pausedBySync, "APPROVED", Instant.now().plusSeconds(5).getEpochSecond(),
                "NONE"));
        assertThat(status(pausedBySync)).isEqualTo("approved");
    }

    private static String statusUpdate(String name, String event, long time, String reason) {
        return """
                {"object":"whatsapp_business_account","entry":[{"id":"WABA","time":%d,"changes":[{"field":
                 "message_template_status_update","value":{"event":"%s","message_template_id":1234567890,
                 "message_template_name":"%s","message_template_language":"en_US","reason":"%s",
                 "message_template_category":"UTILITY"}}]}]}
                """.formatted(time, event, name, reason);
    }

    record Hostile(String name, Function<FakeTemplateList.Request, FakeTemplateList.Answer> secondPage,
            String reason) {}

    @Test
    void aHostileListingIsBoundedLoggedAndChangesNothing() {
        String template = ours("hostile", "UTILITY");
        String valid = FakeTemplateList.template(template, "en", "PAUSED", "UTILITY", "RED", null);
        byte[] huge = new byte[MetaTemplateList.MAX_PAGE_BYTES + 1024];
        Arrays.fill(huge, (byte) ' ');
        String hundredAndOne = String.join(",", java.util.Collections.nCopies(101,
                FakeTemplateList.template(template, "en", "PAUSED", "UTILITY", "RED", null)));
        List<Hostile> cases = List.of(
                new Hostile("a page over 1 MiB", r -> new FakeTemplateList.Answer(200, huge, 0),
                        "a page larger than 1048576 bytes"),
                new Hostile("paging without end", r -> FakeTemplateList.Answer.ok(
                        FakeTemplateList.page("QU5PVEhFUi" + meta.requests().size(), valid)),
                        "more than 100 pages: paging without end"),
                new Hostile("paging in a loop", r -> FakeTemplateList.Answer.ok(FakeTemplateList.page("TE9PUA==", valid)),
                        "names a cursor seen before: paging in a loop"),
                new Hostile("not JSON", r -> FakeTemplateList.Answer.ok("{\"data\":[{\"name\":"), "not JSON"),
                new Hostile("no data", r -> FakeTemplateList.Answer.ok("[1,2,3]"), "a page without a data array"),
                new Hostile("more items than asked", r -> FakeTemplateList.Answer.ok("{\"data\":[" + hundredAndOne + "]}"),
                        "a page of 101 items, more than the 100 asked for"),
                new Hostile("next without a cursor", r -> FakeTemplateList.Answer.ok(
                        "{\"data\":[],\"paging\":{\"next\":\"https://evil.example/steal\",\"cursors\":{\"after\":\"a b\"}}}"),
                        "a next page without a readable cursor"),
                new Hostile("a stalled answer", r -> new FakeTemplateList.Answer(200,
                        FakeTemplateList.page(null, valid).getBytes(StandardCharsets.UTF_8), 3000),
                        "no whole answer within"),
                new Hostile("a Graph error", r -> new FakeTemplateList.Answer(401, ("{\"error\":{\"message\":\"Invalid"
                        + " OAuth access token " + TOKEN + "\",\"type\":\"OAuthException\",\"code\":190,"
                        + "\"fbtrace_id\":\"AbC123\"}}").getBytes(StandardCharsets.UTF_8), 0),
                        "Graph error 190 (HTTP 401) fbtrace_id=AbC123"));

        for (Hostile hostile : cases) {
            // the first page is fine and says the template is paused; what follows is hostile
            meta.answering(request -> request.after().isEmpty()
                    ? FakeTemplateList.Answer.ok(FakeTemplateList.page("U0VDT05E", valid))
                    : hostile.secondPage().apply(request));
            int before = meta.requests().size();
            String logs;
            long started = System.nanoTime();
            try (LogCapture capture = LogCapture.start()) {
                assertThatThrownBy(() -> run(function(Duration.ofSeconds(1))))
                        .as(hostile.name())
                        .isInstanceOf(TemplateSync.Failed.class)
                        .hasMessageStartingWith("template sync failed, nothing changed: ")
                        .hasMessageContaining(hostile.reason());
                logs = capture.text();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as(hostile.name())
                    .isLessThan(Duration.ofSeconds(20));
            assertThat(logs).as(hostile.name()).contains("Template sync failed, nothing changed reason=")
                    .contains(hostile.reason()).doesNotContain(TOKEN);
            assertThat(status(template)).as(hostile.name()).isEqualTo("approved");
            assertThat(row(template).get("quality_rating", String.class)).as(hostile.name()).isEqualTo("GREEN");
            assertThat(meta.requests().size() - before).as(hostile.name())
                    .isLessThanOrEqualTo(MetaTemplateList.MAX_PAGES);
        }
    }

    @Test
    void unknownStatusesQualitiesAndUnreadableItemsAreSkippedAndCountedAndMetasEnUsFindsOurEn() {
        String unknown = ours("unknown", "UTILITY");
        String byLocale = ours("by_locale", "UTILITY");
        String ambiguous = ours("ambiguous", "UTILITY");
        String inAppeal = ours("in_appeal", "UTILITY");
        String recategorised = ours("recategorised", "UTILITY");
        String deleting = ours("deleting", "MARKETING");
        meta.answering(request -> FakeTemplateList.Answer.ok(FakeTemplateList.page(null,
                FakeTemplateList.template(unknown, "en", "FROZEN_SOLID", "UTILITY", "PURPLE", null),
                FakeTemplateList.template(byLocale, "en_US", "PAUSED", "UTILITY", "GREEN", null),
                FakeTemplateList.template(ambiguous, "en_US", "PAUSED", "UTILITY", "GREEN", null),
                FakeTemplateList.template(ambiguous, "en_GB", "DISABLED", "UTILITY", "GREEN", null),
                FakeTemplateList.template(inAppeal, "en", "IN_APPEAL", "UTILITY", "GREEN", "PROMOTIONAL"),
                FakeTemplateList.template(recategorised, "en", "APPROVED", "MARKETING", "GREEN", null),
                FakeTemplateList.template(deleting, "en", "PENDING_DELETION", "MARKETING", "GREEN", null),
                "{\"name\":\"Robert'); drop table x;--\",\"language\":\"en\",\"status\":\"APPROVED\"}",
                "42", "null", "{\"language\":\"en\",\"status\":\"APPROVED\"}",
                "{\"name\":\"" + unknown + "\",\"language\":\"english\",\"status\":\"PAUSED\"}",
                "{\"name\":\"" + prefix + "zz\",\"language\":\"en\",\"status\":{\"nested\":true}}")));

        Map<String, Object> report = run(function(Duration.ofSeconds(5)));

        assertThat(status(unknown)).isEqualTo("approved");
        assertThat(row(unknown).get("quality_rating", String.class)).isEqualTo("GREEN");
        assertThat(status(byLocale)).isEqualTo("paused");
        assertThat(status(ambiguous)).isEqualTo("approved");
        assertThat(status(inAppeal)).isEqualTo("rejected");
        assertThat(row(inAppeal).get("status_reason", String.class)).isEqualTo("IN_APPEAL (PROMOTIONAL)");
        assertThat(status(recategorised)).isEqualTo("approved");
        assertThat(status(deleting)).isEqualTo("disabled");
        assertThat(row(deleting).get("status_reason", String.class)).isEqualTo("PENDING_DELETION");
        // unreadable: the bad name, 42, null, no name, the bad language (5); the unknown status (1); the two
        // languages that both fall back on one of ours (2)
        assertThat(report).containsEntry("skipped", 8).containsEntry("categoryMismatches", 1)
                .containsEntry("statusesChanged", 3).containsEntry("listed", 8);
    }

    @Test
    void metasStatusesBecomeOursAndOnlyApprovedIsSendable() {
        assertThat(TemplateSync.status("APPROVED", Optional.empty())).map(TemplateSync.Mapped::status)
                .contains("approved");
        assertThat(TemplateSync.status("REJECTED", Optional.of("NONE"))).contains(
                new TemplateSync.Mapped("rejected", Optional.empty()));
        for (String notSendable : List.of("PENDING", "REJECTED", "IN_APPEAL", "LIMIT_EXCEEDED", "PAUSED", "DISABLED",
                "ARCHIVED", "PENDING_DELETION", "DELETED")) {
            assertThat(TemplateSync.status(notSendable, Optional.empty())).as(notSendable)
                    .hasValueSatisfying(m -> assertThat(m.status()).isNotEqualTo("approved"));
        }
        assertThat(TemplateSync.status("FLAGGED", Optional.empty())).isEmpty();
        assertThat(TemplateSync.statementTime(Instant.parse("2026-12-07T21:30:05.900Z")))
                .isEqualTo(Instant.parse("2026-12-07T21:30:03.500Z"));
    }

    private InProcessFunction started(Map<String, String> extra) {
        Map<String, String> environment = new java.util.HashMap<>(db.appEnvironment());
        environment.putAll(Map.of("WHATSAPP_PHONE_NUMBER_ID", "100000000000001", "WHATSAPP_TOKEN", TOKEN,
                "WHATSAPP_API_BASE_URL", meta.baseUrl().toString()));
        environment.putAll(extra);
        return InProcessFunction.start("WhatsappTemplateSyncFunction", WhatsappFunctions.class.getName(),
                "whatsappTemplateSync", environment);
    }

    @Test
    void theRegisteredFunctionRunsOnItsScheduleAndRefusesOtherEventsAndNeedsTheBusinessAccount() {
        String paused = ours("registered", "UTILITY");
        meta.answering(request -> FakeTemplateList.Answer.ok(FakeTemplateList.page(null,
                FakeTemplateList.template(paused, "en", "PAUSED", "UTILITY", "GREEN", null))));
        InProcessFunction function = started(Map.of("WHATSAPP_BUSINESS_ACCOUNT_ID", WABA));

        String answer = function.invoke(Events.json("callbacks/sweeper-schedule.json"));

        assertThat(answer).contains("\"statusesChanged\":1");
        assertThat(status(paused)).isEqualTo("paused");
        assertThat(meta.requests()).singleElement()
                .satisfies(r -> assertThat(r.path()).isEqualTo("/v25.0/" + WABA + "/message_templates"));
        assertThatThrownBy(() -> function.invoke(Events.json("whatsapp/inbound-batch.json")))
                .hasStackTraceContaining("unsupported event");
        assertThatThrownBy(() -> started(Map.of()))
                .hasStackTraceContaining("WHATSAPP_BUSINESS_ACCOUNT_ID is not set");
        assertThatThrownBy(() -> started(Map.of("WHATSAPP_BUSINESS_ACCOUNT_ID", "../../me/accounts")))
                .hasStackTraceContaining("WHATSAPP_BUSINESS_ACCOUNT_ID must be the business account's numeric id");
    }
}
