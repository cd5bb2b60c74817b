package com.agentmitra.policies.policy;

/** The JSON body of {@code POST /policies/{id}/status}: the status wanted, and why (kept in the audit log). */
public record StatusChange(String status, String reason) {}
