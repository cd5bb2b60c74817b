package com.agentmitra.domain.book;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/** A policy as entered (API body, spreadsheet row), before validation. */
public record PolicyFields(
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
        String status) {}
