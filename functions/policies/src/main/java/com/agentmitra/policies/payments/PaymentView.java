package com.agentmitra.policies.payments;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A recorded premium as the API shows it. */
public record PaymentView(UUID id, UUID policyId, String receiptNumber, BigDecimal amount, String currency,
        LocalDate paidOn, LocalDate dueDate, String paymentMethod, String status, String source, Instant recordedAt) {}
