package com.agentmitra.whatsapp;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What we know about a recipient when sending: the policyholder with that number (if any), their marketing
 * consent, and when they last wrote to us (which opens the 24-hour customer-service window).
 */
record Recipient(Optional<UUID> policyholderId, Optional<UUID> agentId, boolean marketingOptIn,
        Optional<Instant> lastInboundAt) {

    /** A number that is no policyholder's (an agent, a manager): no consent on record, no known window. */
    static Recipient unknown() {
        return new Recipient(Optional.empty(), Optional.empty(), false, Optional.empty());
    }
}
