package com.agentmitra.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.data.Role;
import com.agentmitra.data.Tenant;
import com.agentmitra.lambda.AuthorizerClaims;
import com.agentmitra.lambda.local.InProcessFunction;
import com.agentmitra.messaging.SqsWhatsappOutbox;
import com.agentmitra.messaging.WhatsappMessage;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.InProcessAws;
import com.agentmitra.testing.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every conversation route through the real Spring Cloud Function handler, as the authorizer hands callers over,
 * against PostgreSQL with the tenant migrations and row level security, and the in-process SQS.
 */
class ConversationsApiIT {

    private static final TestDatabase db = TestDatabase.get();
    private static final InProcessAws aws = InProcessAws.shared();
    private static InProcessFunction api;
    private static String outbound;
    private static final String MEDIA = "conversation-media-" + UUID.randomUUID().toString().substring(0, 8);

    private final ConversationFixtures data = new ConversationFixtures(db);
    private Tenant lic;
    private Fixtures.Agent manager;
    private Fixtures.Agent senior;
    private Fixtures.Agent agent;
    private Fixtures.Agent otherAgent;
    private UUID customer;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @BeforeAll
    static void startFunction() {
        outbound = aws.queue("whatsapp-outbound-conversations-" + System.nanoTime());
        Map<String, String> environment = new HashMap<>(db.appEnvironment());
        environment.putAll(aws.environment());
        environment.put("WHATSAPP_OUTBOUND_QUEUE_URL", outbound);
        aws.bucket(MEDIA);
        environment.put("MEDIA_BUCKET", MEDIA);
        api = InProcessFunction.start("ConversationsFunction", ConversationFunctions.class.getName(),
                ConversationFunctions.FUNCTION, environment);
    }

    @BeforeEach
    void aTeamWithOneCustomer() {
        lic = db.lic();
        String territory = "Conv-" + UUID.randomUUID();
        manager = data.fixtures.agent().regionalManager().territory(territory).create();
        senior = data.fixtures.agent().senior().territory("Senior-" + UUID.randomUUID()).create();
        agent = data.fixtures.agent().named("Ravi").under(senior).territory(territory).create();
        otherAgent = data.fixtures.agent().territory("Elsewhere-" + UUID.randomUUID()).create();
        customer = data.customer(agent, "Asha");
        drain();
    }

    private static Map<String, Object> customerClaims(Tenant tenant) {
        return new AuthorizerClaims(tenant.id(), tenant.code(), UUID.randomUUID(), Role.POLICYHOLDER, Optional.empty(),
                Optional.empty()).toContext();
    }

    private ApiCall.Answer inbox(Fixtures.Agent who, String filter) {
        ApiCall call = ApiCall.get("/conversations").as(who.claims());
        if (filter != null) {
            call.query("filter", filter);
        }
        return call.send(api);
    }

    private ApiCall.Answer thread(Fixtures.Agent who, UUID holder) {
        return ApiCall.to("GET", "/policyholders/{id}/messages", holder).as(who.claims()).send(api);
    }

    private ApiCall.Answer send(Fixtures.Agent who, UUID holder, Object body) {
        return ApiCall.to("POST", "/policyholders/{id}/messages", holder).as(who.claims()).body(body).send(api);
    }

    private static JsonNode find(JsonNode items, UUID policyholderId) {
        for (JsonNode item : items) {
            if (item.path("policyholderId").asText().equals(policyholderId.toString())) {
                return item;
            }
        }
        return null;
    }

    private static List<String> ids(JsonNode items, String field) {
        List<String> ids = new ArrayList<>();
        items.forEach(item -> ids.add(item.path(field).asText()));
        return ids;
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

    @Nested
    class Inbox {

        @Test
        void aCustomersMessageShowsAsAnUnreadThreadWithItsWindowAndAgent() {
            Instant at = now.minus(Duration.ofHours(2));
            UUID message = data.inbound(lic, customer, "Is my premium paid?", at);

            ApiCall.Answer answer = inbox(agent, "unread");

            assertThat(answer.status()).isEqualTo(200);
            JsonNode thread = find(answer.items(), customer);
            assertThat(thread).isNotNull();
            assertThat(thread.path("unreadCount").asInt()).isEqualTo(1);
            assertThat(thread.path("lastMessage").path("id").asText()).isEqualTo(message.toString());
            assertThat(thread.path("lastMessage").path("text").asText()).isEqualTo("Is my premium paid?");
            assertThat(thread.path("lastMessage").path("direction").asText()).isEqualTo("inbound");
            assertThat(thread.path("windowOpen").asBoolean()).isTrue();
            assertThat(Instant.parse(thread.path("windowClosesAt").asText())).isEqualTo(at.plus(Duration.ofHours(24)));
            assertThat(thread.path("assignedAgent").path("agentId").asText()).isEqualTo(agent.agentId().toString());
            assertThat(thread.path("assignedAgent").path("agentCode").asText()).startsWith("AG");
            assertThat(thread.path("reassigned").asBoolean()).isFalse();
        }

        @Test
        void anotherAgentDoesNotSeeTheThreadAndTheManagerDoes() {
            data.inbound(lic, customer, "hello", now.minusSeconds(60));

            assertThat(find(inbox(otherAgent, "all").items(), customer)).isNull();
            assertThat(find(inbox(manager, "all").items(), customer)).isNotNull();
            assertThat(find(inbox(senior, "all").items(), customer)).isNotNull();
        }

        @Test
        void aCustomerOrAGuestIsRefused() {
            ApiCall.Answer answer = ApiCall.get("/conversations").as(customerClaims(lic)).send(api);

            assertThat(answer.status()).isEqualTo(403);
            assertThat(answer.contentType()).isEqualTo("application/problem+json");
        }

        @Test
        void newestActivityFirstAcrossPagesWithoutRepeats() {
            UUID second = data.customer(agent, "Bina");
            UUID third = data.customer(agent, "Chetan");
            data.inbound(lic, customer, "first", now.minusSeconds(300));
            data.inbound(lic, third, "second", now.minusSeconds(200));
            data.inbound(lic, second, "third", now.minusSeconds(100));

            ApiCall.Answer page1 = ApiCall.get("/conversations").as(agent.claims()).query("limit", "2").send(api);
            ApiCall.Answer page2 = ApiCall.get("/conversations").as(agent.claims()).query("limit", "2")
                    .query("cursor", page1.body().path("nextCursor").asText()).send(api);

            assertThat(ids(page1.items(), "policyholderId")).containsExactly(second.toString(), third.toString());
            assertThat(ids(page2.items(), "policyholderId")).containsExactly(customer.toString());
            assertThat(page2.body().has("nextCursor")).isFalse();
        }

        @Test
        void aCursorOfAnotherFilterOrTamperedWithIsA400() {
            data.inbound(lic, customer, "first", now.minusSeconds(300));
            data.inbound(lic, data.customer(agent, "Bina"), "second", now.minusSeconds(200));
            String cursor = ApiCall.get("/conversations").as(agent.claims()).query("limit", "1").send(api)
                    .body().path("nextCursor").asText();

            assertThat(ApiCall.get("/conversations").as(agent.claims()).query("filter", "unread")
                    .query("cursor", cursor).send(api).status()).isEqualTo(400);
            assertThat(ApiCall.get("/conversations").as(agent.claims()).query("cursor", cursor + "x").send(api)
                    .status()).isEqualTo(400);
            assertThat(ApiCall.get("/conversations").as(agent.claims()).query("filter", "everything").send(api)
                    .status()).isEqualTo(400);
        }

        @Test
        void openListsOnlyCustomersWhoWroteInTheLast24Hours() {
            UUID stale = data.customer(agent, "Old");
            data.inbound(lic, customer, "recent", now.minus(Duration.ofHours(1)));
            data.inbound(lic, stale, "long ago", now.minus(Duration.ofHours(30)));

            JsonNode open = inbox(agent, "open").items();

            assertThat(find(open, customer)).isNotNull();
            assertThat(find(open, stale)).isNull();
            JsonNode all = inbox(agent, "all").items();
            assertThat(find(all, stale).path("windowOpen").asBoolean()).isFalse();
        }

        @Test
        void qFindsACustomerByNameOrPhoneDigits() {
            UUID bina = data.customer(agent, "Binalika");
            data.inbound(lic, customer, "x", now.minusSeconds(50));
            data.inbound(lic, bina, "y", now.minusSeconds(40));

            JsonNode found = ApiCall.get("/conversations").as(agent.claims()).query("q", "binali").send(api).items();

            assertThat(ids(found, "policyholderId")).containsExactly(bina.toString());
        }

        @Test
        void aCustomerMovedToAnotherAgentTakesTheThreadAlong() {
            data.inbound(lic, customer, "hello", now.minusSeconds(60));
            data.owner(lic).execute("update " + lic.schema() + ".policyholders set agent_id = ? where policyholder_id = ?",
                    otherAgent.agentId(), customer);

            assertThat(find(inbox(agent, "all").items(), customer)).isNull();
            JsonNode moved = find(inbox(otherAgent, "mine").items(), customer);
            assertThat(moved).isNotNull();
            assertThat(moved.path("assignedAgent").path("agentId").asText()).isEqualTo(otherAgent.agentId().toString());
        }
    }

    @Nested
    class Thread {

        @Test
        void bothDirectionsInTheCustomersOrderWithStatusesNotesAndCallbacks() {
            Instant base = now.minus(Duration.ofHours(3));
            // the queue delivered the later message first: WhatsApp's times decide the order
            UUID later = data.inbound(lic, customer, "second", base.plusSeconds(20));
            UUID earlier = data.inbound(lic, customer, "first", base.plusSeconds(10));
            UUID read = data.outbound(lic, customer, "reply read", base.plusSeconds(30), "accepted", "read", null, null);
            UUID failed = data.outbound(lic, customer, "reply late", base.plusSeconds(40), "failed", "failed", 131047,
                    "(#131047) Re-engagement message");
            UUID refused = data.outbound(lic, customer, "refused", base.plusSeconds(50), "failed", null, null,
                    "refused: no WhatsApp utility consent");
            UUID pending = data.outbound(lic, customer, "queued", base.plusSeconds(60), "queued", null, null, null);
            UUID callback = data.callbackFromWhatsapp(lic, customer, base.plusSeconds(25));
            ApiCall.Answer note = ApiCall.to("POST", "/policyholders/{id}/notes", customer).as(agent.claims())
                    .body(Map.of("text", "Customer prefers calls after 6 pm")).send(api);
            assertThat(note.status()).isEqualTo(201);

            JsonNode items = thread(agent, customer).items();

            assertThat(ids(items, "id")).containsExactly(note.body().path("id").asText(), pending.toString(),
                    refused.toString(), failed.toString(), read.toString(), callback.toString(), later.toString(),
                    earlier.toString());
            assertThat(items.get(0).path("kind").asText()).isEqualTo("note");
            assertThat(items.get(0).path("text").asText()).isEqualTo("Customer prefers calls after 6 pm");
            assertThat(items.get(1).path("status").asText()).isEqualTo("pending");
            assertThat(items.get(2).path("status").asText()).isEqualTo("failed");
            assertThat(items.get(2).path("failureReason").asText())
                    .isEqualTo("Not sent: the customer has not agreed to WhatsApp notifications");
            assertThat(items.get(3).path("failureReason").asText()).contains("24 hours").contains("template");
            assertThat(items.get(4).path("status").asText()).isEqualTo("read");
            assertThat(items.get(4).path("direction").asText()).isEqualTo("outbound");
            assertThat(items.get(5).path("kind").asText()).isEqualTo("callback");
            assertThat(items.get(5).path("callback").path("status").asText()).isEqualTo("pending");
            assertThat(items.get(6).path("direction").asText()).isEqualTo("inbound");
            assertThat(items.get(6).path("status").asText()).isEqualTo("received");
            assertThat(items.get(7).path("sequence").asInt()).isGreaterThan(items.get(6).path("sequence").asInt());
        }

        @Test
        void mediaTheCustomerSentComesAsAShortLivedLinkToWhoeverSeesTheCustomer() throws Exception {
            UUID photo = data.inbound(lic, customer, null, now.minusSeconds(120));
            UUID refused = data.inbound(lic, customer, null, now.minusSeconds(60));
            data.owner(lic).execute("update " + lic.schema() + ".whatsapp_messages set message_type = 'image'"
                    + " where message_id in (?, ?)", photo, refused);
            String key = "media/" + lic.code() + "/" + photo;
            byte[] bytes = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 1, 2, 3};
            aws.s3().putObject(r -> r.bucket(MEDIA).key(key).contentType("image/jpeg"),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(bytes));
            data.owner(lic).execute("insert into " + lic.schema() + ".whatsapp_message_media (message_id, media_id,"
                    + " status, mime_type, size_bytes, s3_key) values (?, '1234', 'stored', 'image/jpeg', 6, ?)",
                    photo, key);
            data.owner(lic).execute("insert into " + lic.schema() + ".whatsapp_message_media (message_id, media_id,"
                    + " status, mime_type, reason) values (?, '5678', 'rejected', 'image/svg+xml', 'not accepted')",
                    refused);

            JsonNode items = thread(agent, customer).items();

            JsonNode stored = items.get(1).path("media");
            assertThat(items.get(1).path("id").asText()).isEqualTo(photo.toString());
            assertThat(stored.path("status").asText()).isEqualTo("stored");
            assertThat(stored.path("mimeType").asText()).isEqualTo("image/jpeg");
            assertThat(Instant.parse(stored.path("expiresAt").asText())).isBefore(Instant.now().plusSeconds(301));
            String url = stored.path("downloadUrl").asText();
            assertThat(url).contains(photo.toString()).contains("X-Amz-Signature");
            var download = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(url)).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(download.body()).isEqualTo(bytes);
            JsonNode rejected = items.get(0).path("media");
            assertThat(rejected.path("status").asText()).isEqualTo("rejected");
            assertThat(rejected.has("downloadUrl")).isFalse();
            assertThat(items.get(0).path("archived").asBoolean()).isFalse();
            assertThat(thread(otherAgent, customer).status()).isEqualTo(404);
        }

        @Test
        void anArchivedMessageIsListedAsArchivedWithoutItsBody() {
            UUID old = data.inbound(lic, customer, "an old question", now.minus(Duration.ofDays(400)));
            data.archiveBody(lic, old);

            JsonNode item = thread(agent, customer).items().get(0);

            assertThat(item.path("id").asText()).isEqualTo(old.toString());
            assertThat(item.path("archived").asBoolean()).isTrue();
            assertThat(item.has("text")).isFalse();
        }

        @Test
        void pagesWalkTheWholeThreadOnceEvenWhenMessagesShareASecond() {
            Instant second = now.minus(Duration.ofHours(1));
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                expected.add(0, data.inbound(lic, customer, "m" + i, second).toString());
            }
            List<String> seen = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                ApiCall call = ApiCall.to("GET", "/policyholders/{id}/messages", customer).as(agent.claims())
                        .query("limit", "3");
                if (cursor != null) {
                    call.query("cursor", cursor);
                }
                ApiCall.Answer page = call.send(api);
                assertThat(page.status()).isEqualTo(200);
                seen.addAll(ids(page.items(), "id"));
                cursor = page.body().path("nextCursor").asText(null);
                pages++;
            } while (cursor != null && pages < 10);

            assertThat(seen).containsExactlyElementsOf(expected);
            assertThat(pages).isEqualTo(3);
        }

        @Test
        void anotherAgentsCustomerIs404AndTheManagerSeesIt() {
            data.inbound(lic, customer, "hello", now.minusSeconds(30));

            ApiCall.Answer other = thread(otherAgent, customer);

            assertThat(other.status()).isEqualTo(404);
            assertThat(other.contentType()).isEqualTo("application/problem+json");
            assertThat(thread(manager, customer).items()).hasSize(1);
            assertThat(thread(agent, UUID.randomUUID()).status()).isEqualTo(404);
        }

        @Test
        void aThreadCursorIsTiedToItsCustomer() {
            UUID bina = data.customer(agent, "Bina");
            data.inbound(lic, customer, "one", now.minusSeconds(30));
            data.inbound(lic, customer, "two", now.minusSeconds(20));
            String cursor = ApiCall.to("GET", "/policyholders/{id}/messages", customer).as(agent.claims())
                    .query("limit", "1").send(api).body().path("nextCursor").asText();

            assertThat(ApiCall.to("GET", "/policyholders/{id}/messages", bina).as(agent.claims())
                    .query("cursor", cursor).send(api).status()).isEqualTo(400);
        }
    }

    @Nested
    class Replies {

        @Test
        void textInsideTheWindowIsQueuedOnceAndAnswered202() {
            data.inbound(lic, customer, "can you help?", now.minus(Duration.ofHours(1)));

            ApiCall.Answer answer = ApiCall.to("POST", "/policyholders/{id}/messages", customer).as(agent.claims())
                    .header("Idempotency-Key", "reply-" + UUID.randomUUID()).body(Map.of("text", "Yes, on it"))
                    .send(api);

            assertThat(answer.status()).isEqualTo(202);
            assertThat(answer.body().path("status").asText()).isEqualTo("pending");
            JsonNode message = answer.body().path("message");
            assertThat(message.path("direction").asText()).isEqualTo("outbound");
            assertThat(message.path("text").asText()).isEqualTo("Yes, on it");
            UUID id = UUID.fromString(message.path("id").asText());
            assertThat(data.rows(lic, "message_id = ? and send_status = 'queued' and sender_id = ? and policyholder_id = ?",
                    id, agent.userId(), customer)).isEqualTo(1);
            List<WhatsappMessage> queued = drain();
            assertThat(queued).hasSize(1);
            assertThat(queued.getFirst().text()).isEqualTo("Yes, on it");
            assertThat(queued.getFirst().idempotencyKey()).isEqualTo("conversation:" + id);
            assertThat(queued.getFirst().tenant()).isEqualTo(lic.code());
            assertThat(find(inbox(agent, "all").items(), customer).path("lastMessage").path("id").asText())
                    .isEqualTo(id.toString());
        }

        @Test
        void theSameIdempotencyKeyReplaysTheAnswerAndQueuesNothingMore() {
            data.inbound(lic, customer, "hi", now.minus(Duration.ofHours(1)));
            String key = "reply-" + UUID.randomUUID();

            ApiCall.Answer first = ApiCall.to("POST", "/policyholders/{id}/messages", customer).as(agent.claims())
                    .header("Idempotency-Key", key).body(Map.of("text", "Once")).send(api);
            ApiCall.Answer again = ApiCall.to("POST", "/policyholders/{id}/messages", customer).as(agent.claims())
                    .header("Idempotency-Key", key).body(Map.of("text", "Once")).send(api);

            assertThat(again.status()).isEqualTo(202);
            assertThat(again.body().path("message").path("id")).isEqualTo(first.body().path("message").path("id"));
            assertThat(drain()).hasSize(1);
            assertThat(data.rows(lic, "policyholder_id = ? and not is_from_customer", customer)).isEqualTo(1);
        }

        @Test
        void textOutsideTheWindowIs409SayingATemplateIsNeededAndNothingIsStored() {
            data.inbound(lic, customer, "old", now.minus(Duration.ofHours(25)));

            ApiCall.Answer answer = send(agent, customer, Map.of("text", "Hello again"));

            assertThat(answer.status()).isEqualTo(409);
            assertThat(answer.body().path("type").asText()).isEqualTo("/problems/template-required");
            assertThat(answer.body().path("detail").asText()).contains("template");
            assertThat(data.rows(lic, "policyholder_id = ? and not is_from_customer", customer)).isZero();
            assertThat(drain()).isEmpty();
            assertThat(send(agent, data.customer(agent, "Never"), Map.of("text", "hi")).status()).isEqualTo(409);
        }

        @Test
        void aTemplateTheCustomerConsentedToGoesOutsideTheWindow() {
            ApiCall.Answer answer = send(agent, customer, Map.of("templateName", "premium_due_reminder",
                    "language", "en", "parameters", List.of("Asha", "7 Jan 2027", "Rs 5,000", "LIC-1")));

            assertThat(answer.status()).isEqualTo(202);
            assertThat(answer.body().path("message").path("template").path("name").asText())
                    .isEqualTo("premium_due_reminder");
            List<WhatsappMessage> queued = drain();
            assertThat(queued).hasSize(1);
            assertThat(queued.getFirst().template().name()).isEqualTo("premium_due_reminder");
            assertThat(queued.getFirst().template().parameters()).containsExactly("Asha", "7 Jan 2027", "Rs 5,000",
                    "LIC-1");
        }

        @Test
        void templatesWithoutConsentOrOfAuthenticationOrWithWrongValuesAreRefused() {
            ApiCall.Answer marketing = send(agent, customer, Map.of("templateName", "birthday_greeting",
                    "parameters", List.of("Asha", "Ravi")));
            ApiCall.Answer otp = send(agent, customer, Map.of("templateName", "otp_login", "parameters",
                    List.of("123456")));
            ApiCall.Answer count = send(agent, customer, Map.of("templateName", "premium_due_reminder",
                    "parameters", List.of("Asha")));
            ApiCall.Answer unknown = send(agent, customer, Map.of("templateName", "no_such_template"));
            ApiCall.Answer both = send(agent, customer, Map.of("text", "hi", "templateName", "premium_due_reminder"));
            ApiCall.Answer tooLong = send(agent, customer, Map.of("text", "x".repeat(4097)));

            assertThat(marketing.status()).isEqualTo(409);
            assertThat(marketing.body().path("detail").asText()).contains("marketing");
            assertThat(otp.status()).isEqualTo(400);
            assertThat(count.status()).isEqualTo(400);
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(both.status()).isEqualTo(400);
            assertThat(tooLong.status()).isEqualTo(400);
            assertThat(drain()).isEmpty();
            assertThat(data.rows(lic, "policyholder_id = ? and not is_from_customer", customer)).isZero();
        }

        @Test
        void noOneSendsToACustomerTheyCannotSee() {
            data.inbound(lic, customer, "hi", now.minus(Duration.ofHours(1)));

            assertThat(send(otherAgent, customer, Map.of("text", "hello")).status()).isEqualTo(404);
            assertThat(ApiCall.to("POST", "/policyholders/{id}/messages", customer).as(customerClaims(lic))
                    .body(Map.of("text", "hello")).send(api).status()).isEqualTo(403);
            assertThat(drain()).isEmpty();
        }
    }

    @Nested
    class ReadMarkers {

        @Test
        void readingClearsTheUnreadCountAndAMarkerNeverMovesBack() {
            UUID first = data.inbound(lic, customer, "one", now.minusSeconds(300));
            UUID second = data.inbound(lic, customer, "two", now.minusSeconds(200));

            ApiCall.Answer upToFirst = ApiCall.to("POST", "/policyholders/{id}/messages/read", customer)
                    .as(agent.claims()).body(Map.of("messageId", first)).send(api);
            assertThat(upToFirst.status()).isEqualTo(200);
            assertThat(upToFirst.body().path("unreadCount").asInt()).isEqualTo(1);
            assertThat(find(inbox(agent, "unread").items(), customer).path("unreadCount").asInt()).isEqualTo(1);

            ApiCall.Answer all = ApiCall.to("POST", "/policyholders/{id}/messages/read", customer).as(agent.claims())
                    .send(api);
            assertThat(all.body().path("unreadCount").asInt()).isZero();
            assertThat(find(inbox(agent, "unread").items(), customer)).isNull();

            ApiCall.Answer back = ApiCall.to("POST", "/policyholders/{id}/messages/read", customer).as(agent.claims())
                    .body(Map.of("messageId", first)).send(api);
            assertThat(back.body().path("readSequence").asInt()).isEqualTo(all.body().path("readSequence").asInt());
            assertThat(back.body().path("unreadCount").asInt()).isZero();

            // the manager has a marker of their own: still unread for them
            assertThat(find(inbox(manager, "unread").items(), customer).path("unreadCount").asInt()).isEqualTo(2);
            data.inbound(lic, customer, "three", now.minusSeconds(100));
            assertThat(find(inbox(agent, "unread").items(), customer).path("unreadCount").asInt()).isEqualTo(1);
            assertThat(second).isNotNull();
        }

        @Test
        void aMessageOfAnotherThreadIsRefused() {
            UUID other = data.customer(agent, "Bina");
            UUID elsewhere = data.inbound(lic, other, "not yours", now.minusSeconds(30));

            ApiCall.Answer answer = ApiCall.to("POST", "/policyholders/{id}/messages/read", customer)
                    .as(agent.claims()).body(Map.of("messageId", elsewhere)).send(api);

            assertThat(answer.status()).isEqualTo(400);
            assertThat(ApiCall.to("POST", "/policyholders/{id}/messages/read", customer).as(otherAgent.claims())
                    .send(api).status()).isEqualTo(404);
        }
    }

    @Nested
    class Notes {

        @Test
        void aNoteIsInTheThreadNeverSentAndBounded() {
            ApiCall.Answer note = ApiCall.to("POST", "/policyholders/{id}/notes", customer).as(agent.claims())
                    .body(Map.of("text", "Called, no answer")).send(api);

            assertThat(note.status()).isEqualTo(201);
            assertThat(note.body().path("kind").asText()).isEqualTo("note");
            assertThat(note.body().path("authorUserId").asText()).isEqualTo(agent.userId().toString());
            assertThat(drain()).isEmpty();
            assertThat(data.rows(lic, "policyholder_id = ?", customer)).isZero();
            assertThat(ApiCall.to("POST", "/policyholders/{id}/notes", customer).as(agent.claims())
                    .body(Map.of("text", "x".repeat(4001))).send(api).status()).isEqualTo(400);
            assertThat(ApiCall.to("POST", "/policyholders/{id}/notes", customer).as(otherAgent.claims())
                    .body(Map.of("text", "snooping")).send(api).status()).isEqualTo(404);
        }
    }

    @Nested
    class Assignment {

        private ApiCall.Answer assign(Fixtures.Agent who, UUID to) {
            Map<String, Object> body = new HashMap<>();
            body.put("agentId", to);
            return ApiCall.to("POST", "/policyholders/{id}/messages/assign", customer).as(who.claims()).body(body)
                    .send(api);
        }

        @Test
        void aManagerHandsTheThreadToTheAgentAboveAndBack() {
            data.inbound(lic, customer, "hello", now.minusSeconds(60));

            ApiCall.Answer assigned = assign(senior, senior.agentId());

            assertThat(assigned.status()).isEqualTo(200);
            assertThat(assigned.body().path("reassigned").asBoolean()).isTrue();
            assertThat(find(inbox(senior, "mine").items(), customer)).isNotNull();
            assertThat(find(inbox(agent, "mine").items(), customer)).isNull();
            assertThat(find(inbox(agent, "all").items(), customer).path("reassigned").asBoolean()).isTrue();
            assertThat(thread(agent, customer).items().get(0).path("kind").asText()).isEqualTo("assignment");

            ApiCall.Answer back = assign(senior, null);
            assertThat(back.body().path("reassigned").asBoolean()).isFalse();
            assertThat(back.body().path("assignedAgent").path("agentId").asText()).isEqualTo(agent.agentId().toString());
            assertThat(find(inbox(agent, "mine").items(), customer)).isNotNull();
        }

        @Test
        void agentsCannotReassignAndNobodyAssignsOutsideTheTeamOrToSomeoneBlind() {
            assertThat(assign(agent, senior.agentId()).status()).isEqualTo(403);
            assertThat(assign(senior, otherAgent.agentId()).status()).isEqualTo(400);
            // the regional manager sees the agent (same territory) but is not above them: cannot see the customer
            assertThat(assign(manager, manager.agentId()).status()).isEqualTo(400);
            assertThat(ApiCall.to("POST", "/policyholders/{id}/messages/assign", customer).as(otherAgent.claims())
                    .body(Map.of("agentId", otherAgent.agentId())).send(api).status()).isIn(403, 404);
        }
    }

    @Nested
    class CannedReplies {

        private ApiCall.Answer create(Fixtures.Agent who, Map<String, Object> body) {
            return ApiCall.to("POST", "/canned-replies").as(who.claims()).body(body).send(api);
        }

        @Test
        void anAgentsReplyIsFilledFromTheCustomersRecordInTheirLanguage() {
            data.owner(lic).execute("update " + lic.schema() + ".policyholders set preferred_language = 'hi'"
                    + " where policyholder_id = ?", customer);
            ApiCall.Answer created = create(agent, Map.of("title", "Greeting " + UUID.randomUUID(),
                    "bodies", Map.of("en", "Hello {{first_name}}, your id is {{customer_id}}.",
                            "hi", "नमस्ते {{ name }}")));
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.body().path("scope").asText()).isEqualTo("agent");

            JsonNode items = ApiCall.get("/canned-replies").as(agent.claims())
                    .query("policyholderId", customer.toString()).send(api).items();

            JsonNode reply = null;
            for (JsonNode item : items) {
                if (item.path("id").equals(created.body().path("id"))) {
                    reply = item;
                }
            }
            assertThat(reply).isNotNull();
            assertThat(reply.path("filled").path("language").asText()).isEqualTo("hi");
            assertThat(reply.path("filled").path("text").asText()).startsWith("नमस्ते Asha Holder");
        }

        @Test
        void unknownPlaceholdersAndHostileShapesAreRefused() {
            assertThat(create(agent, Map.of("title", "Bad", "bodies", Map.of("en", "Hi {{password}}"))).status())
                    .isEqualTo(400);
            assertThat(create(agent, Map.of("title", "Bad", "bodies", Map.of())).status()).isEqualTo(400);
            assertThat(create(agent, Map.of("title", "x".repeat(101), "bodies", Map.of("en", "hi"))).status())
                    .isEqualTo(400);
            assertThat(create(agent, Map.of("title", "Bad", "bodies", Map.of("english!", "hi"))).status())
                    .isEqualTo(400);
            assertThat(create(agent, Map.of("title", "Bad", "bodies", Map.of("en", "x".repeat(4097)))).status())
                    .isEqualTo(400);
        }

        @Test
        void theTenantsRepliesAreForManagersToWriteAndEveryAgentToRead() {
            String title = "Office hours " + UUID.randomUUID();
            assertThat(create(agent, Map.of("title", title, "bodies", Map.of("en", "9 to 5"), "scope", "tenant"))
                    .status()).isEqualTo(403);
            ApiCall.Answer tenants = create(manager, Map.of("title", title, "bodies", Map.of("en", "9 to 5"),
                    "scope", "tenant"));
            assertThat(tenants.status()).isEqualTo(201);
            String id = tenants.body().path("id").asText();

            assertThat(ids(ApiCall.get("/canned-replies").as(otherAgent.claims()).send(api).items(), "id")).contains(id);
            assertThat(ApiCall.to("PATCH", "/canned-replies/{id}", UUID.fromString(id)).as(agent.claims())
                    .body(Map.of("title", "Mine now")).send(api).status()).isEqualTo(403);
            assertThat(ApiCall.to("DELETE", "/canned-replies/{id}", UUID.fromString(id)).as(agent.claims())
                    .send(api).status()).isEqualTo(403);
            assertThat(create(manager, Map.of("title", title.toUpperCase(), "bodies", Map.of("en", "again"),
                    "scope", "tenant")).status()).isEqualTo(409);
            assertThat(ApiCall.to("DELETE", "/canned-replies/{id}", UUID.fromString(id)).as(manager.claims())
                    .send(api).status()).isEqualTo(204);
        }

        @Test
        void anAgentsOwnRepliesAreTheirsAndTheirManagers() {
            ApiCall.Answer mine = create(agent, Map.of("title", "Mine " + UUID.randomUUID(),
                    "bodies", Map.of("en", "Hello {{name}}")));
            UUID id = UUID.fromString(mine.body().path("id").asText());

            assertThat(ApiCall.to("PATCH", "/canned-replies/{id}", id).as(otherAgent.claims())
                    .body(Map.of("title", "Stolen")).send(api).status()).isEqualTo(404);
            assertThat(ids(ApiCall.get("/canned-replies").as(otherAgent.claims()).send(api).items(), "id"))
                    .doesNotContain(id.toString());
            ApiCall.Answer patched = ApiCall.to("PATCH", "/canned-replies/{id}", id).as(agent.claims())
                    .body(Map.of("bodies", Map.of("en", "Hi {{first_name}}", "hi", "नमस्ते"))).send(api);
            assertThat(patched.status()).isEqualTo(200);
            assertThat(patched.body().path("bodies").path("hi").asText()).isEqualTo("नमस्ते");
            assertThat(ids(ApiCall.get("/canned-replies").as(senior.claims())
                    .query("agentId", agent.agentId().toString()).send(api).items(), "id")).contains(id.toString());
            assertThat(ApiCall.to("DELETE", "/canned-replies/{id}", id).as(agent.claims()).send(api).status())
                    .isEqualTo(204);
            assertThat(ApiCall.to("DELETE", "/canned-replies/{id}", id).as(agent.claims()).send(api).status())
                    .isEqualTo(404);
        }
    }
}
