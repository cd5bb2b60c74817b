package com.agentmitra.whatsapp;

import com.agentmitra.lambda.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A notification too large for one SQS message (Meta's reach 3 MB, SQS carries 256 KiB) cut into notifications that
 * each fit: every item of a change ({@code statuses}, {@code messages}, {@code errors}, {@code user_preferences},
 * {@code contacts}) goes, whole and in order, into exactly one piece, under a copy of its entry and change (the entry
 * {@code id}, the change {@code field}, the value's {@code metadata}: everything but the item arrays), packed greedily
 * up to {@code budget} bytes. The consumer reads from each piece exactly the items it would have read from the whole
 * ({@link WebhookPayload#parse}), and applies each item on its own, order-independently (statuses only move
 * forward, consent follows said-at times), so the pieces applied in any order do what the whole would have done.
 * An item larger than the budget makes a piece of its own (the webhook applies a piece that does not fit itself).
 */
final class NotificationSplit {

    /** The arrays of a change's value whose items are cut apart; any other field of the value is copied to each piece. */
    static final Set<String> ITEM_ARRAYS = Set.of("statuses", "messages", "errors", "user_preferences", "contacts");
    /** Room for the piece's own framing ({@code object}, the entry and change wrappers of the first change). */
    private static final int FRAMING_BYTES = 256;

    private NotificationSplit() {}

    /** The pieces of {@code notification} (a JSON object), each at most about {@code budget} UTF-8 bytes. */
    static List<String> pieces(JsonNode notification, int budget) {
        List<String> pieces = new ArrayList<>();
        Piece piece = new Piece(notification.path("object"));
        int changes = 0;
        for (JsonNode entry : notification.path("entry")) {
            for (JsonNode change : entry.path("changes")) {
                Frame frame = Frame.of(changes++, entry, change);
                for (Map.Entry<String, JsonNode> item : items(change.path("value"))) {
                    int size = bytes(item.getValue()) + item.getKey().length() + 8;
                    if (!piece.isEmpty() && piece.size + size + piece.added(frame) > budget) {
                        pieces.add(piece.json());
                        piece = new Piece(notification.path("object"));
                    }
                    piece.add(frame, item.getKey(), item.getValue(), size);
                }
            }
        }
        if (!piece.isEmpty()) {
            pieces.add(piece.json());
        }
        return pieces;
    }

    /**
     * The value's items in order: each array of {@link #ITEM_ARRAYS}, item by item (an object in its place is read
     * by its values, as {@link WebhookPayload#parse} reads it, and becomes an array in the piece).
     */
    private static List<Map.Entry<String, JsonNode>> items(JsonNode value) {
        List<Map.Entry<String, JsonNode>> items = new ArrayList<>();
        value.fieldNames().forEachRemaining(name -> {
            if (ITEM_ARRAYS.contains(name) && value.get(name).isContainerNode()) {
                value.get(name).forEach(item -> items.add(Map.entry(name, item)));
            }
        });
        return items;
    }

    private static int bytes(JsonNode node) {
        try {
            return Json.mapper().writeValueAsBytes(node).length;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("notification cannot be written back", e);
        }
    }

    /** An entry and change as the items' wrapper: everything of them but the changes, the value and its item arrays. */
    private record Frame(int id, ObjectNode entryFields, ObjectNode changeFields, ObjectNode valueFields,
            int size) {

        /** {@code id}: the change's place in the notification (two equal changes are still two). */
        static Frame of(int id, JsonNode entry, JsonNode change) {
            ObjectNode entryFields = fieldsBut(entry, Set.of("changes"));
            ObjectNode changeFields = fieldsBut(change, Set.of("value"));
            ObjectNode valueFields = fieldsBut(change.path("value"), ITEM_ARRAYS);
            return new Frame(id, entryFields, changeFields, valueFields,
                    bytes(entryFields) + bytes(changeFields) + bytes(valueFields) + FRAMING_BYTES);
        }

        private static ObjectNode fieldsBut(JsonNode node, Set<String> left) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            if (node.isObject()) {
                node.fields().forEachRemaining(field -> {
                    if (!left.contains(field.getKey())) {
                        copy.set(field.getKey(), field.getValue());
                    }
                });
            }
            return copy;
        }
    }

    /** One piece being filled: per change (by its place, in order), its items by array name. */
    private static final class Piece {
        private final JsonNode object;
        private final Map<Integer, Map.Entry<Frame, Map<String, ArrayNode>>> changes = new LinkedHashMap<>();
        private int size = FRAMING_BYTES;

        Piece(JsonNode object) {
            this.object = object;
        }

        boolean isEmpty() {
            return changes.isEmpty();
        }

        /** What adding an item of {@code frame} costs besides the item: its wrapper, the first time. */
        int added(Frame frame) {
            return changes.containsKey(frame.id()) ? 0 : frame.size();
        }

        void add(Frame frame, String array, JsonNode item, int itemSize) {
            size += itemSize + added(frame);
            changes.computeIfAbsent(frame.id(), c -> Map.entry(frame, new LinkedHashMap<>()))
                    .getValue().computeIfAbsent(array, a -> JsonNodeFactory.instance.arrayNode()).add(item);
        }

        String json() {
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            if (!object.isMissingNode()) {
                root.set("object", object);
            }
            ArrayNode entries = root.putArray("entry");
            for (Map.Entry<Frame, Map<String, ArrayNode>> change : changes.values()) {
                Frame frame = change.getKey();
                ObjectNode value = frame.valueFields().deepCopy();
                change.getValue().forEach(value::set);
                ObjectNode changeNode = frame.changeFields().deepCopy();
                changeNode.set("value", value);
                ObjectNode entry = frame.entryFields().deepCopy();
                entry.putArray("changes").add(changeNode);
                entries.add(entry);
            }
            return Json.write(root);
        }
    }
}
