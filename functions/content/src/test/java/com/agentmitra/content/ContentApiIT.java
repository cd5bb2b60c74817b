package com.agentmitra.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentmitra.data.Role;
import com.agentmitra.data.Tenant;
import com.agentmitra.lambda.local.InProcessFunction;
import com.agentmitra.messaging.SqsWhatsappOutbox;
import com.agentmitra.messaging.WhatsappMessage;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.InProcessAws;
import com.agentmitra.testing.OpenApiContract;
import com.agentmitra.testing.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every content route through the real Spring Cloud Function handler, as the authorizer hands callers over, against
 * PostgreSQL with the tenant migrations and row level security, the in-process SQS and S3; every request and answer
 * checked against openapi.yaml.
 */
class ContentApiIT {

    private static final TestDatabase db = TestDatabase.get();
    private static final InProcessAws aws = InProcessAws.shared();
    private static final OpenApiContract contract = OpenApiContract.ofRepository();
    static final String BUCKET = "content-" + UUID.randomUUID().toString().substring(0, 8);
    private static InProcessFunction api;
    private static String outbound;

    private final ContentFixtures data = new ContentFixtures(db);
    private Tenant lic;
    private Fixtures.Agent agent;
    private Fixtures.Agent otherAgent;
    private ContentFixtures.Person admin;
    private ContentFixtures.Person hindiCustomer;
    private ContentFixtures.Person silentCustomer;
    private String category;

    @BeforeAll
    static void startFunction() {
        outbound = aws.queue("whatsapp-outbound-content-" + System.nanoTime());
        aws.bucket(BUCKET);
        Map<String, String> environment = new HashMap<>(db.appEnvironment());
        environment.putAll(aws.environment());
        environment.put("WHATSAPP_OUTBOUND_QUEUE_URL", outbound);
        environment.put("CONTENT_BUCKET", BUCKET);
        environment.put("CONTENT_APP_BASE_URL", "https://app.example.test");
        api = InProcessFunction.start("ContentFunction", ContentFunctions.class.getName(), ContentFunctions.API,
                environment);
    }

    @BeforeEach
    void anAgentWithCustomers() {
        lic = db.lic();
        agent = data.fixtures.agent().named("Ravi").territory("Content-" + UUID.randomUUID()).create();
        otherAgent = data.fixtures.agent().territory("Elsewhere-" + UUID.randomUUID()).create();
        admin = data.staff(lic, Role.INSURANCE_PROVIDER_ADMIN);
        hindiCustomer = data.customer(agent, "hi", true);
        silentCustomer = data.customer(agent, "en", false);
        category = "cat-" + UUID.randomUUID().toString().substring(0, 8);
        drain();
    }

    // ---------------------------------------------------------------- helpers

    private OpenApiContract.Answer add(Map<String, Object> claims, Map<String, Object> body, int status) {
        return contract.call(api, "POST", "/content").as(claims).body(body).expect(status);
    }

    private Map<String, Object> explainer(String title, String language) {
        Map<String, Object> body = new HashMap<>();
        body.put("title", title);
        body.put("description", "What a term plan covers");
        body.put("category", category);
        body.put("tags", List.of("Term", "basics"));
        body.put("language", language);
        body.put("targetAudience", List.of("policyholders"));
        body.put("youtubeUrl", "https://youtu.be/dQw4w9WgXcQ?t=5");
        return body;
    }

    private UUID approvedItem(String title, String language) {
        UUID id = UUID.fromString(add(agent.claims(), explainer(title, language), 201).text("id"));
        moderate(admin.claims(), id, "approve", null, 200);
        return id;
    }

    private OpenApiContract.Answer moderate(Map<String, Object> claims, UUID id, String decision, String reason,
            int status) {
        Map<String, Object> body = new HashMap<>();
        body.put("decision", decision);
        if (reason != null) {
            body.put("reason", reason);
        }
        return contract.call(api, "POST", "/content/{id}/moderation").pathParameter("id", id).as(claims).body(body)
                .expect(status);
    }

    private OpenApiContract.Answer get(Map<String, Object> claims, UUID id, int status) {
        return contract.call(api, "GET", "/content/{id}").pathParameter("id", id).as(claims).expect(status);
    }

    private List<String> browseTitles(Map<String, Object> claims, Object... query) {
        OpenApiContract.Call call = contract.call(api, "GET", "/content").as(claims).query("category", category);
        for (int i = 0; i < query.length; i += 2) {
            call.query((String) query[i], query[i + 1]);
        }
        List<String> titles = new ArrayList<>();
        call.expect(200).body().path("items").forEach(item -> titles.add(item.path("title").asText()));
        return titles;
    }

    private OpenApiContract.Answer view(Map<String, Object> claims, UUID id, UUID session, int seconds,
            boolean completed, String source, int status) {
        return contract.call(api, "POST", "/content/{id}/views").pathParameter("id", id).as(claims)
                .body(Map.of("sessionId", session, "watchedSeconds", seconds, "completed", completed, "device",
                        "android", "source", source)).expect(status);
    }

    private List<WhatsappMessage> drain() {
        List<WhatsappMessage> messages = new ArrayList<>();
        var sqs = aws.sqs();
        while (true) {
            var received = sqs.receiveMessage(r -> r.queueUrl(outbound).maxNumberOfMessages(10).waitTimeSeconds(0))
                    .messages();
            if (received.isEmpty()) {
                return messages;
            }
            for (var message : received) {
                messages.add(SqsWhatsappOutbox.parse(message.body()));
                sqs.deleteMessage(r -> r.queueUrl(outbound).receiptHandle(message.receiptHandle()));
            }
        }
    }

    // ---------------------------------------------------------------- adding

    @Test
    void anAgentAddsAYoutubeExplainerKeptAsItsIdAndPendingModeration() {
        JsonNode item = add(agent.claims(), explainer("Term plans in 3 minutes", "en"), 201).body();
        assertThat(item.path("source").asText()).isEqualTo("youtube");
        assertThat(item.path("youtubeVideoId").asText()).isEqualTo("dQw4w9WgXcQ");
        assertThat(item.path("embedUrl").asText()).isEqualTo("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ");
        assertThat(item.path("moderation").asText()).isEqualTo("pending");
        assertThat(item.path("status").asText()).isEqualTo("published");
        assertThat(item.path("agentId").asText()).isEqualTo(agent.agentId().toString());
        assertThat(item.path("tags").toString()).isEqualTo("[\"term\",\"basics\"]");
        assertThat(data.count(lic, "video_content", "video_id = ? and video_url like '%t=5%'",
                UUID.fromString(item.path("id").asText()))).as("nothing of the typed address is kept").isZero();
    }

    @Test
    void aBadYoutubeAddressOrDescriptionIsA400AndNothingIsStored() {
        long before = data.count(lic, "video_content", "true");
        Map<String, Object> body = explainer("Bad", "en");
        body.put("youtubeUrl", "https://evil.example/watch?v=dQw4w9WgXcQ");
        OpenApiContract.Answer answer = add(agent.claims(), body, 400);
        assertThat(answer.raw()).contains("youtubeUrl");
        Map<String, Object> longTitle = explainer("x".repeat(201), "en");
        assertThat(contract.call(api, "POST", "/content").as(agent.claims()).body(longTitle).breakingTheDocument()
                .expect(400).raw()).contains("title");
        Map<String, Object> badLanguage = explainer("Lang", "xx");
        assertThat(contract.call(api, "POST", "/content").as(agent.claims()).body(badLanguage).breakingTheDocument()
                .expect(400).raw()).contains("language");
        assertThat(data.count(lic, "video_content", "true")).isEqualTo(before);
    }

    @Test
    void customersAddNothing() {
        add(hindiCustomer.claims(), explainer("Mine", "en"), 403);
    }

    // ---------------------------------------------------------------- moderation and visibility

    @Test
    void aPendingItemIsInvisibleToCustomersUntilAnAdministratorApprovesIt() {
        UUID id = UUID.fromString(add(agent.claims(), explainer("Claims explained", "en"), 201).text("id"));
        assertThat(browseTitles(hindiCustomer.claims())).doesNotContain("Claims explained");
        get(hindiCustomer.claims(), id, 404);
        assertThat(browseTitles(agent.claims(), "view", "mine")).contains("Claims explained");
        assertThat(browseTitles(admin.claims(), "view", "pending")).contains("Claims explained");

        moderate(agent.claims(), id, "approve", null, 403);
        moderate(admin.claims(), id, "reject", null, 400);
        JsonNode approved = moderate(admin.claims(), id, "approve", null, 200).body();
        assertThat(approved.path("moderation").asText()).isEqualTo("approved");

        assertThat(browseTitles(hindiCustomer.claims())).contains("Claims explained");
        JsonNode seen = get(hindiCustomer.claims(), id, 200).body();
        assertThat(seen.path("playback").path("type").asText()).isEqualTo("youtube");
        assertThat(seen.path("playback").path("url").asText()).endsWith("/embed/dQw4w9WgXcQ");
    }

    @Test
    void supportStaffModerateAndARejectionCarriesItsReason() {
        ContentFixtures.Person support = data.staff(lic, Role.SUPPORT_STAFF);
        UUID id = UUID.fromString(add(agent.claims(), explainer("Guaranteed returns!", "en"), 201).text("id"));
        JsonNode rejected = moderate(support.claims(), id, "reject", "promises returns the policy does not give", 200)
                .body();
        assertThat(rejected.path("moderation").asText()).isEqualTo("rejected");
        assertThat(get(agent.claims(), id, 200).body().path("moderationReason").asText())
                .isEqualTo("promises returns the policy does not give");
        get(hindiCustomer.claims(), id, 404);
    }

    @Test
    void anotherTenantsContentIsInvisible() {
        UUID id = approvedItem("LIC only", "en");
        Fixtures.Agent hdfcAgent = data.fixtures.agent().inTenant(db.hdfc()).create();
        ContentFixtures.Person hdfcCustomer = data.customer(hdfcAgent, "en", true);
        get(hdfcCustomer.claims(), id, 404);
        get(hdfcAgent.claims(), id, 404);
        assertThat(browseTitles(hdfcCustomer.claims())).isEmpty();
        moderate(data.staff(db.hdfc(), Role.INSURANCE_PROVIDER_ADMIN).claims(), id, "reject", "not ours", 404);
    }

    @Test
    void anotherAgentSeesTheApprovedLibraryButNotSomeoneElsesPendingItem() {
        UUID pending = UUID.fromString(add(agent.claims(), explainer("Draft", "en"), 201).text("id"));
        UUID approved = approvedItem("Published", "en");
        get(otherAgent.claims(), pending, 404);
        get(otherAgent.claims(), approved, 200);
        contract.call(api, "PATCH", "/content/{id}").pathParameter("id", approved).as(otherAgent.claims())
                .body(Map.of("title", "Hijacked")).expect(403);
    }

    @Test
    void theDatabaseItselfRefusesAnAgentsModerationOrACustomersInsert() {
        UUID id = UUID.fromString(add(agent.claims(), explainer("Self-approved?", "en"), 201).text("id"));
        assertThatThrownBy(() -> db.database().inTransaction(agent.caller(), tx -> tx.execute("update "
                + lic.schema() + ".video_content set moderation_status = 'approved' where video_id = ?", id)))
                .hasMessageContaining("moderate");
        assertThatThrownBy(() -> db.database().inTransaction(
                com.agentmitra.data.Caller.user(lic, hindiCustomer.userId(), Role.POLICYHOLDER),
                tx -> tx.execute("insert into " + lic.schema() + ".video_content (created_by, title, source_type,"
                        + " youtube_video_id, video_url, status) values (?, 'x', 'youtube', 'dQw4w9WgXcQ', 'u',"
                        + " 'published')", hindiCustomer.userId())))
                .hasMessageContaining("row-level security");
    }

    // ---------------------------------------------------------------- changing and deleting

    @Test
    void anOwnersChangePutsAnApprovedItemBackToPendingAndOnlyModeratorsFeature() {
        UUID id = approvedItem("Before", "en");
        JsonNode changed = contract.call(api, "PATCH", "/content/{id}").pathParameter("id", id).as(agent.claims())
                .body(Map.of("title", "After")).expect(200).body();
        assertThat(changed.path("title").asText()).isEqualTo("After");
        assertThat(changed.path("moderation").asText()).isEqualTo("pending");
        get(hindiCustomer.claims(), id, 404);

        contract.call(api, "PATCH", "/content/{id}").pathParameter("id", id).as(agent.claims())
                .body(Map.of("featured", true)).expect(403);
        moderate(admin.claims(), id, "approve", null, 200);
        JsonNode featured = contract.call(api, "PATCH", "/content/{id}").pathParameter("id", id).as(admin.claims())
                .body(Map.of("featured", true)).expect(200).body();
        assertThat(featured.path("featured").asBoolean()).isTrue();
        assertThat(featured.path("moderation").asText()).as("a moderator's change keeps the decision")
                .isEqualTo("approved");
        assertThat(browseTitles(hindiCustomer.claims(), "featured", true)).containsExactly("After");
    }

    @Test
    void aDeletedItemIsGoneForCustomersAndKeptForItsOwner() {
        UUID id = approvedItem("Old brochure", "en");
        contract.call(api, "DELETE", "/content/{id}").pathParameter("id", id).as(otherAgent.claims()).expect(403);
        contract.call(api, "DELETE", "/content/{id}").pathParameter("id", id).as(agent.claims()).expect(204);
        get(hindiCustomer.claims(), id, 404);
        assertThat(browseTitles(agent.claims())).doesNotContain("Old brochure");
        JsonNode owned = get(agent.claims(), id, 200).body();
        assertThat(owned.path("deletedAt").isMissingNode()).isFalse();
        assertThat(owned.path("playback").isMissingNode()).isTrue();
        assertThat(data.count(lic, "video_content", "video_id = ?", id)).as("soft").isEqualTo(1);
    }

    // ---------------------------------------------------------------- browsing

    @Test
    void aCustomerSeesTheirLanguageFirstThenEnglishThenTheRest() {
        approvedItem("English one", "en");
        approvedItem("Tamil one", "ta");
        approvedItem("Hindi one", "hi");
        approvedItem("English two", "en");
        approvedItem("Hindi two", "hi");
        assertThat(browseTitles(hindiCustomer.claims())).containsExactly("Hindi two", "Hindi one", "English two",
                "English one", "Tamil one");
        assertThat(browseTitles(silentCustomer.claims())).containsExactly("English two", "English one", "Hindi two",
                "Hindi one", "Tamil one");
        assertThat(browseTitles(hindiCustomer.claims(), "language", "ta")).containsExactly("Tamil one");

        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            OpenApiContract.Call call = contract.call(api, "GET", "/content").as(hindiCustomer.claims())
                    .query("category", category).query("limit", 2);
            if (cursor != null) {
                call.query("cursor", cursor);
            }
            JsonNode page = call.expect(200).body();
            page.path("items").forEach(item -> paged.add(item.path("title").asText()));
            cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
        } while (cursor != null);
        assertThat(paged).containsExactly("Hindi two", "Hindi one", "English two", "English one", "Tamil one");
    }

    @Test
    void searchAndAudienceFilters() {
        approvedItem("Nominee rules", "en");
        Map<String, Object> forAgents = explainer("Selling term plans", "en");
        forAgents.put("targetAudience", List.of("agents"));
        UUID agentsOnly = UUID.fromString(add(agent.claims(), forAgents, 201).text("id"));
        moderate(admin.claims(), agentsOnly, "approve", null, 200);

        assertThat(browseTitles(hindiCustomer.claims())).containsExactly("Nominee rules");
        get(hindiCustomer.claims(), agentsOnly, 404);
        assertThat(browseTitles(agent.claims(), "audience", "agents")).containsExactly("Selling term plans");
        assertThat(browseTitles(agent.claims(), "q", "NOMINEE")).containsExactly("Nominee rules");
        assertThat(browseTitles(agent.claims(), "q", "basics")).hasSize(2);
        assertThat(browseTitles(agent.claims(), "q", "100%_")).isEmpty();
        contract.call(api, "GET", "/content").as(hindiCustomer.claims()).query("view", "pending").expect(403);
        contract.call(api, "GET", "/content").as(agent.claims()).query("limit", 101).breakingTheDocument().expect(400);
    }

    // ---------------------------------------------------------------- watching and rating

    @Test
    void aWatchSessionIsOneRowThatLaterReportsUpdate() {
        UUID id = approvedItem("Watch me", "hi");
        UUID session = UUID.randomUUID();
        JsonNode first = view(hindiCustomer.claims(), id, session, 30, false, "app", 201).body();
        assertThat(first.path("created").asBoolean()).isTrue();
        JsonNode second = view(hindiCustomer.claims(), id, session, 95, true, "app", 200).body();
        assertThat(second.path("watchedSeconds").asInt()).isEqualTo(95);
        assertThat(second.path("completed").asBoolean()).isTrue();
        JsonNode late = view(hindiCustomer.claims(), id, session, 40, false, "app", 200).body();
        assertThat(late.path("watchedSeconds").asInt()).as("never back").isEqualTo(95);
        assertThat(late.path("completed").asBoolean()).isTrue();
        assertThat(data.count(lic, "video_analytics", "watch_session_id = ?", session)).isEqualTo(1);

        view(hindiCustomer.claims(), id, UUID.randomUUID(), 10, false, "share", 201);
        assertThat(data.count(lic, "video_analytics", "video_id = ?", id)).isEqualTo(2);
        contract.call(api, "POST", "/content/{id}/views").pathParameter("id", id).as(hindiCustomer.claims())
                .body(Map.of("sessionId", session, "watchedSeconds", -1)).breakingTheDocument().expect(400);
    }

    @Test
    void aPendingItemCannotBeWatchedOrRatedByACustomer() {
        UUID id = UUID.fromString(add(agent.claims(), explainer("Not yet", "en"), 201).text("id"));
        view(hindiCustomer.claims(), id, UUID.randomUUID(), 5, false, "app", 404);
        contract.call(api, "POST", "/content/{id}/rating").pathParameter("id", id).as(hindiCustomer.claims())
                .body(Map.of("rating", 5)).expect(404);
    }

    @Test
    void oneRatingPerPersonThatTheyMayChange() {
        UUID id = approvedItem("Rate me", "en");
        contract.call(api, "POST", "/content/{id}/rating").pathParameter("id", id).as(hindiCustomer.claims())
                .body(Map.of("rating", 2)).expect(200);
        contract.call(api, "POST", "/content/{id}/rating").pathParameter("id", id).as(hindiCustomer.claims())
                .body(Map.of("rating", 5)).expect(200);
        contract.call(api, "POST", "/content/{id}/rating").pathParameter("id", id).as(hindiCustomer.claims())
                .body(Map.of("rating", 6)).breakingTheDocument().expect(400);
        contract.call(api, "POST", "/content/{id}/rating").pathParameter("id", id).as(hindiCustomer.claims())
                .body(Map.of("rating", 0)).breakingTheDocument().expect(400);
        assertThat(data.count(lic, "video_ratings", "video_id = ?", id)).isEqualTo(1);
        assertThat(data.count(lic, "video_ratings", "video_id = ? and rating = 5", id)).isEqualTo(1);
        assertThat(get(hindiCustomer.claims(), id, 200).body().path("myRating").asInt()).isEqualTo(5);
    }

    // ---------------------------------------------------------------- sharing

    @Test
    void aShareGoesToConsentingCustomersAndSkipsAndReportsTheOthers() {
        UUID id = approvedItem("Share me", "en");
        UUID strangers = data.customer(otherAgent, "en", true).policyholderId();
        JsonNode shared = contract.call(api, "POST", "/content/{id}/share").pathParameter("id", id)
                .as(agent.claims()).body(Map.of("policyholderIds", List.of(hindiCustomer.policyholderId(),
                        silentCustomer.policyholderId(), strangers))).expect(202).body();
        assertThat(shared.path("queued").asInt()).isEqualTo(1);
        assertThat(shared.path("skipped").asInt()).isEqualTo(1);
        Map<String, String> outcome = new HashMap<>();
        shared.path("results").forEach(r -> outcome.put(r.path("policyholderId").asText(),
                r.path("status").asText() + (r.path("reason").isTextual() ? "/" + r.path("reason").asText() : "")));
        assertThat(outcome).containsEntry(hindiCustomer.policyholderId().toString(), "queued")
                .containsEntry(silentCustomer.policyholderId().toString(), "skipped/no_marketing_consent")
                .containsEntry(strangers.toString(), "not_found");

        List<WhatsappMessage> sent = drain();
        assertThat(sent).hasSize(1);
        WhatsappMessage message = sent.getFirst();
        assertThat(message.template().name()).isEqualTo("content_share");
        assertThat(message.template().language()).as("the customer's language").isEqualTo("hi");
        assertThat(message.purpose()).isEqualTo(WhatsappMessage.BROADCAST);
        assertThat(message.template().parameters()).containsExactly("Ravi " + lastName(agent), "Share me",
                "https://app.example.test/content/" + id + "?source=share");
        assertThat(data.count(lic, "video_shares", "video_id = ? and status = 'queued'", id)).isEqualTo(1);
        assertThat(data.count(lic, "video_shares", "video_id = ? and status = 'skipped'"
                + " and skip_reason = 'no_marketing_consent'", id)).isEqualTo(1);

        JsonNode again = contract.call(api, "POST", "/content/{id}/share").pathParameter("id", id)
                .as(agent.claims()).body(Map.of("policyholderIds", List.of(hindiCustomer.policyholderId())))
                .expect(202).body();
        assertThat(again.path("results").get(0).path("reason").asText()).isEqualTo("already_shared_today");
        assertThat(drain()).isEmpty();
    }

    private String lastName(Fixtures.Agent who) {
        return data.owner(lic).fetchSingle("select last_name from " + lic.schema() + ".users where user_id = ?",
                who.userId()).get(0, String.class);
    }

    @Test
    void onlyApprovedContentIsSharedAndCustomersShareNothing() {
        UUID pending = UUID.fromString(add(agent.claims(), explainer("Unapproved", "en"), 201).text("id"));
        contract.call(api, "POST", "/content/{id}/share").pathParameter("id", pending).as(agent.claims())
                .body(Map.of("policyholderIds", List.of(hindiCustomer.policyholderId()))).expect(409);
        UUID approved = approvedItem("Approved", "en");
        contract.call(api, "POST", "/content/{id}/share").pathParameter("id", approved).as(hindiCustomer.claims())
                .body(Map.of("policyholderIds", List.of(hindiCustomer.policyholderId()))).expect(403);
        assertThat(drain()).isEmpty();
    }

    // ---------------------------------------------------------------- analytics

    @Test
    void theOwnerReadsViewsViewersWatchTimeCompletionSharesAndTheViewsTheyLedTo() {
        UUID id = approvedItem("Measured", "hi");
        contract.call(api, "POST", "/content/{id}/share").pathParameter("id", id).as(agent.claims())
                .body(Map.of("policyholderIds", List.of(hindiCustomer.policyholderId()))).expect(202);
        view(hindiCustomer.claims(), id, UUID.randomUUID(), 60, true, "share", 201);
        view(hindiCustomer.claims(), id, UUID.randomUUID(), 20, false, "app", 201);
        view(silentCustomer.claims(), id, UUID.randomUUID(), 40, false, "app", 201);
        contract.call(api, "POST", "/content/{id}/rating").pathParameter("id", id).as(hindiCustomer.claims())
                .body(Map.of("rating", 4)).expect(200);

        JsonNode figures = contract.call(api, "GET", "/content/{id}/analytics").pathParameter("id", id)
                .as(agent.claims()).expect(200).body();
        assertThat(figures.path("views").asLong()).isEqualTo(3);
        assertThat(figures.path("uniqueViewers").asLong()).isEqualTo(2);
        assertThat(figures.path("averageWatchSeconds").decimalValue()).isEqualByComparingTo("40");
        assertThat(figures.path("completionRate").decimalValue()).isEqualByComparingTo("33.33");
        assertThat(figures.path("shares").asLong()).isEqualTo(1);
        assertThat(figures.path("viewsFromShares").asLong()).isEqualTo(1);
        assertThat(figures.path("averageRating").decimalValue()).isEqualByComparingTo("4");

        contract.call(api, "GET", "/content/{id}/analytics").pathParameter("id", id).as(otherAgent.claims())
                .expect(403);
        contract.call(api, "GET", "/content/{id}/analytics").pathParameter("id", id).as(hindiCustomer.claims())
                .expect(403);
        contract.call(api, "GET", "/content/{id}/analytics").pathParameter("id", id).as(admin.claims()).expect(200);

        String today = LocalDate.now(ZoneId.of("Asia/Kolkata")).toString();
        JsonNode summary = contract.call(api, "GET", "/content/analytics").as(agent.claims()).query("from", today)
                .query("to", today).expect(200).body();
        assertThat(summary.path("totals").path("views").asLong()).isEqualTo(3);
        assertThat(summary.path("totals").path("uniqueViewers").asLong()).isEqualTo(2);
        assertThat(summary.path("items")).hasSize(1);
        JsonNode otherSummary = contract.call(api, "GET", "/content/analytics").as(otherAgent.claims()).expect(200)
                .body();
        assertThat(otherSummary.path("totals").path("views").asLong()).as("another agent's items are not theirs")
                .isZero();
        contract.call(api, "GET", "/content/analytics").as(agent.claims()).query("from", "2020-01-01")
                .query("to", today).expect(400);
    }

    @Test
    void aManagerReadsTheAnalyticsOfTheirTeamsItems() {
        Fixtures.Agent senior = data.fixtures.agent().senior().territory("Team-" + UUID.randomUUID()).create();
        Fixtures.Agent junior = data.fixtures.agent().under(senior).territory("Team-" + UUID.randomUUID()).create();
        UUID id = UUID.fromString(add(junior.claims(), explainer("Junior's", "en"), 201).text("id"));
        contract.call(api, "GET", "/content/{id}/analytics").pathParameter("id", id).as(senior.claims()).expect(200);
        assertThat(browseTitles(senior.claims(), "view", "mine")).isEmpty();
        get(senior.claims(), id, 200);
    }
}
