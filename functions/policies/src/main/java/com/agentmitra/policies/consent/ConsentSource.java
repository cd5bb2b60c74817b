package com.agentmitra.policies.consent;

import java.util.Arrays;
import java.util.Optional;

/**
 * Where a consent statement came from (the ledger's {@code source}, tenant V101). Each channel records its own:
 * an agent through the API, the customer in the app ({@code PATCH /me}), the Excel import, a WhatsApp reply.
 */
public enum ConsentSource {
    AGENT_RECORDED("agent_recorded"),
    IMPORT("import"),
    APP("app"),
    WHATSAPP_REPLY("whatsapp_reply");

    private final String sqlName;

    ConsentSource(String sqlName) {
        this.sqlName = sqlName;
    }

    public String sqlName() {
        return sqlName;
    }

    public static Optional<ConsentSource> parse(String name) {
        return Arrays.stream(values()).filter(source -> source.sqlName.equals(name)).findFirst();
    }
}
