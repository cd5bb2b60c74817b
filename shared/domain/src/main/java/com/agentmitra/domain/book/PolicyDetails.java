package com.agentmitra.domain.book;

import com.agentmitra.data.jooq.shared.enums.PolicyStatusEnum;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** A validated policy, ready to be written. */
public record PolicyDetails(
        String policyNumber,
        UUID policyholderId,
        UUID agentId,
        String policyType,
        String planName,
        Optional<String> planCode,
        Optional<String> category,
        BigDecimal sumAssured,
        BigDecimal premiumAmount,
        PremiumFrequency premiumFrequency,
        LocalDate applicationDate,
        LocalDate startDate,
        Optional<LocalDate> maturityDate,
        Optional<LocalDate> nextPaymentDate,
        PolicyStatusEnum status) {

    public PolicyDetails {
        Objects.requireNonNull(policyNumber, "policyNumber");
        Objects.requireNonNull(policyholderId, "policyholderId");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(policyType, "policyType");
        Objects.requireNonNull(planName, "planName");
        Objects.requireNonNull(sumAssured, "sumAssured");
        Objects.requireNonNull(premiumAmount, "premiumAmount");
        Objects.requireNonNull(premiumFrequency, "premiumFrequency");
        Objects.requireNonNull(applicationDate, "applicationDate");
        Objects.requireNonNull(startDate, "startDate");
        Objects.requireNonNull(status, "status");
        if (maturityDate.isPresent() && !maturityDate.get().isAfter(startDate)) {
            throw new IllegalArgumentException("maturity must be after start");
        }
    }
}
