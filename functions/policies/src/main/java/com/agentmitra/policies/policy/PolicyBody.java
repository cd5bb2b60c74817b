package com.agentmitra.policies.policy;

import com.agentmitra.domain.book.PolicyFields;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/**
 * The JSON body of {@code POST /policies} and {@code PATCH /policies/{id}} (where an absent or null field keeps the
 * recorded value; the status changes only through {@code POST /policies/{id}/status}).
 */
public record PolicyBody(
        String policyNumber,
        UUID policyholderId,
        UUID agentId,
        String policyType,
        String planName,
        String planCode,
        String category,
        BigDecimal sumAssured,
        BigDecimal premiumAmount,
        String premiumFrequency,
        LocalDate applicationDate,
        LocalDate startDate,
        LocalDate maturityDate,
        LocalDate nextPaymentDate,
        String status) {

    PolicyFields fields(UUID defaultAgent) {
        return new PolicyFields(policyNumber, policyholderId, agentId != null ? agentId : defaultAgent, policyType,
                planName, planCode, category, sumAssured, premiumAmount, premiumFrequency, applicationDate,
                startDate, maturityDate, nextPaymentDate, status);
    }

    PolicyFields over(PolicyView recorded) {
        return new PolicyFields(
                policyNumber != null ? policyNumber : recorded.policyNumber(),
                recorded.policyholderId(),
                agentId != null ? agentId : recorded.agentId(),
                policyType != null ? policyType : recorded.policyType(),
                planName != null ? planName : recorded.planName(),
                planCode != null ? planCode : recorded.planCode(),
                category != null ? category : recorded.category(),
                sumAssured != null ? sumAssured : recorded.sumAssured(),
                premiumAmount != null ? premiumAmount : recorded.premiumAmount(),
                premiumFrequency != null ? premiumFrequency : recorded.premiumFrequency(),
                applicationDate != null ? applicationDate : recorded.applicationDate(),
                startDate != null ? startDate : recorded.startDate(),
                maturityDate != null ? maturityDate : recorded.maturityDate(),
                nextPaymentDate != null ? nextPaymentDate : recorded.nextPaymentDate(),
                recorded.status());
    }
}
