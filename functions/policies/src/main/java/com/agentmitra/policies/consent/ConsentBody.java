package com.agentmitra.policies.consent;

import java.time.Instant;

/**
 * The JSON body of {@code PUT /policyholders/{id}/consent}: a purpose left out (or null) keeps its value;
 * {@code source} defaults to {@code agent_recorded}; {@code saidAt} (when the customer said it) defaults to now.
 */
public record ConsentBody(Boolean whatsappUtility, Boolean whatsappMarketing, String source, String evidence,
        Instant saidAt) {}
