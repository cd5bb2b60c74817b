package com.agentmitra.policies.consent;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** One thing a customer said about one purpose: granted or withdrawn, when they said it, and how we know. */
public record ConsentStatement(ConsentPurpose purpose, boolean granted, ConsentSource source, Optional<String> evidence,
        Instant saidAt) {

    public ConsentStatement {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(saidAt, "saidAt");
    }
}
