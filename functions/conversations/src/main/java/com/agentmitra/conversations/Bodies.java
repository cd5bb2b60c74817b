package com.agentmitra.conversations;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The JSON bodies of the conversation routes (unknown fields are refused by the shared reader). */
final class Bodies {

    private Bodies() {}

    /** {@code {text}} inside the customer's window, or {@code {templateName, language, parameters}} at any time. */
    record Outgoing(String text, String templateName, String language, List<String> parameters) {}

    /** Up to a message of the thread; without it, everything so far. */
    record Read(UUID messageId) {}

    record Note(String text) {}

    /** {@code agentId} null (or left out) hands the thread back to the customer's own agent. */
    record Assign(UUID agentId) {}

    /** {@code scope}: {@code agent} (the caller's own, the default) or {@code tenant} (every agent's). */
    record CannedReply(String title, Map<String, String> bodies, String scope) {}
}
