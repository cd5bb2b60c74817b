package com.agentmitra.policies.erasure;

import java.time.Instant;
import java.util.UUID;

/** The answer to an erasure: the customer now known by {@code pseudonym}, since {@code erasedAt}. */
public record Erasure(UUID policyholderId, String pseudonym, Instant erasedAt) {}
