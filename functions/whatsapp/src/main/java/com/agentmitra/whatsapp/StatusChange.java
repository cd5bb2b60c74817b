package com.agentmitra.whatsapp;

import java.util.Map;

/**
 * Whether a status webhook moves a message's status (spec §5): only forward, {@code sent < delivered < read}
 * ({@code played} ranks with read); {@code failed} is terminal and applies only before delivered or read.
 * Duplicates and late arrivals change nothing, so the order Meta delivers in does not matter.
 */
final class StatusChange {

    private static final Map<String, Integer> RANK = Map.of("sent", 1, "delivered", 2, "read", 3, "played", 3);

    private StatusChange() {}

    static boolean moves(String current, String incoming) {
        if ("failed".equals(current)) {
            return false;
        }
        if ("failed".equals(incoming)) {
            return current == null || "sent".equals(current);
        }
        Integer to = RANK.get(incoming);
        if (to == null) {
            return false;
        }
        int from = current == null ? 0 : RANK.getOrDefault(current, 0);
        return to > from;
    }

    static boolean known(String status) {
        return RANK.containsKey(status) || "failed".equals(status);
    }
}
