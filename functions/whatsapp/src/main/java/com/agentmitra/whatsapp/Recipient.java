package com.agentmitra.whatsapp;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What we know about a recipient when sending: the policyholder with that number (if any), their consent per
 * purpose as it stands now (issue 13: checked again at send time), the notification categories they switched off,
 * and when they last wrote to us (which opens the 24-hour customer-service window).
 */
record Recipient(Optional<UUID> policyholderId, Optional<UUID> agentId, boolean utilityOptIn, boolean marketingOptIn,
        Set<NotificationCategory> switchedOff, Optional<Instant> lastInboundAt) {

    Recipient {
        switchedOff = Set.copyOf(switchedOff);
    }

    /** A number that is no policyholder's (an agent, a manager): no consent on record, no known window. */
    static Recipient unknown() {
        return new Recipient(Optional.empty(), Optional.empty(), false, false, Set.of(), Optional.empty());
    }

    boolean isPolicyholder() {
        return policyholderId.isPresent();
    }
}
