package com.agentmitra.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.lambda.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A notification cut into pieces the queue carries means what the whole meant: the consumer reads from the pieces
 * together exactly the statuses, messages, errors and preference changes it reads from the whole, each once, and
 * every piece but one made of a single oversized item fits the budget.
 */
class NotificationSplitTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Everything the consumer acts on, in the order it reads it. */
    private static List<Object> read(WebhookPayload payload) {
        List<Object> all = new ArrayList<>();
        all.addAll(payload.statuses());
        all.addAll(payload.messages());
        all.addAll(payload.errors());
        all.addAll(payload.preferences());
        return all;
    }

    private static List<Object> readPieces(List<String> pieces) {
        List<Object> all = new ArrayList<>();
        pieces.forEach(piece -> all.addAll(read(WebhookPayload.parse(piece))));
        return all;
    }

    private static ObjectNode status(Random random, int n) {
        ObjectNode status = NODES.objectNode().put("id", "wamid.S" + n).put("status",
                List.of("sent", "delivered", "read", "failed").get(random.nextInt(4)))
                .put("timestamp", Integer.toString(1_750_000_000 + n)).put("recipient_id", "919000000001");
        if (random.nextBoolean()) {
            status.put("biz_opaque_callback_data", "LIC:" + new java.util.UUID(n, n));
        }
        status.put("note", "n".repeat(random.nextInt(2_000)));
        return status;
    }

    private static ObjectNode message(Random random, int n) {
        return NODES.objectNode().put("from", "9190000" + (10_000 + n % 90_000)).put("id", "wamid.M" + n)
                .put("timestamp", Integer.toString(1_750_000_000 + n)).put("type", "text")
                .set("text", NODES.objectNode().put("body", random.nextInt(10) == 0 ? "STOP"
                        : "नमस्ते " + "m".repeat(random.nextInt(3_000))));
    }

    /** Entries of changes of every kind Meta sends, with items of random sizes. */
    private static JsonNode notification(Random random, int items) {
        ObjectNode root = NODES.objectNode().put("object", "whatsapp_business_account");
        ArrayNode entries = root.putArray("entry");
        int n = 0;
        while (n < items) {
            ObjectNode entry = entries.addObject().put("id", "WABA" + random.nextInt(3));
            ArrayNode changes = entry.putArray("changes");
            for (int c = 0; c < 1 + random.nextInt(3) && n < items; c++) {
                String field = random.nextInt(5) == 0 ? "user_preferences" : "messages";
                ObjectNode value = changes.addObject().put("field", field).putObject("value")
                        .put("messaging_product", "whatsapp");
                value.putObject("metadata").put("display_phone_number", "15550783881").put("phone_number_id", "pn");
                for (int i = 0; i < 1 + random.nextInt(60) && n < items; i++, n++) {
                    switch (random.nextInt(6)) {
                        case 0, 1 -> (value.has("statuses") ? (ArrayNode) value.get("statuses")
                                : value.putArray("statuses")).add(status(random, n));
                        case 2, 3 -> (value.has("messages") ? (ArrayNode) value.get("messages")
                                : value.putArray("messages")).add(message(random, n));
                        case 4 -> (value.has("errors") ? (ArrayNode) value.get("errors") : value.putArray("errors"))
                                .add(NODES.objectNode().put("code", 131000 + n).put("title", "Something"));
                        default -> (value.has("user_preferences") ? (ArrayNode) value.get("user_preferences")
                                : value.putArray("user_preferences")).add(NODES.objectNode()
                                .put("wa_id", "9190000" + (10_000 + n)).put("category", "marketing_messages")
                                .put("value", "stop").put("timestamp", 1_750_000_000 + n));
                    }
                }
            }
        }
        return root;
    }

    @Test
    void thePiecesTogetherHoldExactlyWhatTheWholeHeldAndEachFits() throws Exception {
        for (int seed = 0; seed < 40; seed++) {
            Random random = new Random(seed);
            JsonNode whole = notification(random, 50 + random.nextInt(2_000));
            int budget = 16_384 + random.nextInt(250_000);

            List<String> pieces = NotificationSplit.pieces(whole, budget);

            List<Object> expected = read(WebhookPayload.parse(whole));
            assertThat(readPieces(pieces)).as("seed %d", seed).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(pieces).as("seed %d", seed).allSatisfy(piece ->
                    assertThat(piece.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(budget));
            int wholeBytes = Json.mapper().writeValueAsBytes(whole).length;
            // packed, not one piece per item: never more than twice the pieces the size alone needs
            assertThat(pieces.size()).as("seed %d", seed).isLessThanOrEqualTo(2 * (wholeBytes / budget + 1));
        }
    }

    @Test
    void anItemLargerThanTheBudgetIsAPieceOfItsOwn() {
        ObjectNode root = (ObjectNode) notification(new Random(7), 30);
        ObjectNode change = (ObjectNode) root.path("entry").get(0).path("changes").get(0);
        change.put("field", "messages");
        ObjectNode value = (ObjectNode) change.path("value");
        ArrayNode statuses = value.has("statuses") ? (ArrayNode) value.get("statuses") : value.putArray("statuses");
        statuses.add(NODES.objectNode().put("id", "wamid.HUGE").put("status", "delivered")
                .put("timestamp", "1750000000").put("note", "h".repeat(40_000)));

        List<String> pieces = NotificationSplit.pieces(root, 16_384);

        List<String> oversized = pieces.stream().filter(p -> p.length() > 16_384).toList();
        assertThat(oversized).hasSize(1);
        assertThat(WebhookPayload.parse(oversized.getFirst()).statuses()).extracting(WebhookPayload.StatusUpdate::wamid)
                .containsExactly("wamid.HUGE");
        assertThat(readPieces(pieces)).containsExactlyInAnyOrderElementsOf(read(WebhookPayload.parse(root)));
    }

    @Test
    void oddShapesAreReadAsTheWholeIsRead() throws Exception {
        // an object where an array belongs is read by its values; a scalar there, and entries as an object, likewise
        JsonNode odd = Json.mapper().readTree("""
                {"object":"whatsapp_business_account","entry":{"e":{"id":"WABA","changes":[{"field":"messages",
                 "value":{"statuses":{"a":{"id":"wamid.A","status":"sent","timestamp":"1750000000"},
                                       "b":{"id":"wamid.B","status":"read","timestamp":"1750000001"}},
                          "messages":"not a list","errors":[{"code":131000,"title":"Something"}]}}]}}}
                """);

        List<String> pieces = NotificationSplit.pieces(odd, 4_096);

        assertThat(read(WebhookPayload.parse(odd))).hasSize(3);
        assertThat(readPieces(pieces)).containsExactlyInAnyOrderElementsOf(read(WebhookPayload.parse(odd)));
    }

    @Test
    void aNotificationWithNothingWeReadIsNoPiece() {
        JsonNode empty = NODES.objectNode().put("object", "whatsapp_business_account").put("padding", "x".repeat(10_000));

        assertThat(NotificationSplit.pieces(empty, 4_096)).isEmpty();
    }
}
