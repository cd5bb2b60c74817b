package com.agentmitra.policies.policy;

import com.agentmitra.policies.ETag;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A policy as the API shows it, with its customer's name and phone, and the statuses it may move to. A lapsed policy
 * shows its revival deadline (first unpaid premium + 5 years, set by the daily reminders job when it lapsed).
 */
public record PolicyView(
        UUID id,
        String policyNumber,
        UUID policyholderId,
        String policyholderName,
        String policyholderPhone,
        UUID agentId,
        String policyType,
        String planName,
        String planCode,
        String category,
        BigDecimal sumAssured,
        BigDecimal premiumAmount,
        String premiumFrequency,
        LocalDate applicationDate,
        LocalDate approvalDate,
        LocalDate startDate,
        LocalDate maturityDate,
        String status,
        List<String> allowedTransitions,
        String paymentStatus,
        LocalDate lastPaymentDate,
        LocalDate nextPaymentDate,
        LocalDate revivalDeadline,
        int totalPayments,
        BigDecimal outstandingAmount,
        Instant createdAt,
        Instant updatedAt) {

    public PolicyView {
        allowedTransitions = List.copyOf(allowedTransitions);
    }

    @JsonIgnore
    public String etag() {
        return ETag.of(updatedAt);
    }
}
