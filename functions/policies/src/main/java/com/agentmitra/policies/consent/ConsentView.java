package com.agentmitra.policies.consent;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A customer's current WhatsApp consent per purpose, with when they said it (null: never asked), and on
 * {@code GET} the ledger newest first.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConsentView(UUID policyholderId, boolean whatsappUtility, Instant whatsappUtilitySaidAt,
        boolean whatsappMarketing, Instant whatsappMarketingSaidAt, List<Entry> history) {

    public ConsentView {
        history = history == null ? null : List.copyOf(history);
    }

    ConsentView withHistory(List<Entry> entries) {
        return new ConsentView(policyholderId, whatsappUtility, whatsappUtilitySaidAt, whatsappMarketing,
                whatsappMarketingSaidAt, entries);
    }

    /** One ledger row; {@code applied} false: it did not become current (a later statement already stood). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(UUID id, String purpose, boolean granted, String source, String evidence,
            String noticeVersion, Instant saidAt, Instant recordedAt, UUID recordedBy, String recordedByRole,
            UUID importId, boolean applied) {}
}
