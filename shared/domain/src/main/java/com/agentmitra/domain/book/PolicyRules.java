package com.agentmitra.domain.book;

import com.agentmitra.data.jooq.shared.enums.PolicyStatusEnum;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;

/** Validates a policy as entered, field by field. */
public final class PolicyRules {

    private PolicyRules() {}

    /**
     * {@code today} is the business day (Asia/Kolkata). Without a next payment date, an active policy's next due date
     * is derived from its start date and premium frequency.
     */
    public static Validated<PolicyDetails> validate(PolicyFields fields, LocalDate today) {
        FieldProblems problems = new FieldProblems();
        String policyNumber = PolicyholderRules.text(problems, "policyNumber", fields.policyNumber(), 100, true);
        if (policyNumber != null && !policyNumber.matches("[A-Za-z0-9/_.-]+")) {
            problems.add("policyNumber", "may contain only letters, digits and / _ . -");
        }
        problems.require("policyholderId", fields.policyholderId());
        problems.require("agentId", fields.agentId());
        String policyType = PolicyholderRules.text(problems, "policyType", fields.policyType(), 100, true);
        String planName = PolicyholderRules.text(problems, "planName", fields.planName(), 255, true);
        String planCode = PolicyholderRules.text(problems, "planCode", fields.planCode(), 50, false);
        String category = PolicyholderRules.text(problems, "category", fields.category(), 50, false);
        BigDecimal sumAssured = problems.take("sumAssured", Money.positive(fields.sumAssured(), 15));
        BigDecimal premium = problems.take("premiumAmount", Money.positive(fields.premiumAmount(), 12));
        PremiumFrequency frequency = problems.take("premiumFrequency", PremiumFrequency.parse(fields.premiumFrequency()));
        PolicyStatusEnum status = fields.status() == null || fields.status().isBlank()
                ? PolicyStatusEnum.pending_approval
                : problems.take("status", PolicyLifecycle.parse(fields.status()));
        LocalDate start = fields.startDate();
        problems.require("startDate", start);
        LocalDate application = fields.applicationDate() != null ? fields.applicationDate() : start;
        if (application != null && application.isAfter(today)) {
            problems.add("applicationDate", "cannot be in the future");
        }
        if (start != null && fields.maturityDate() != null && !fields.maturityDate().isAfter(start)) {
            problems.add("maturityDate", "must be after startDate");
        }
        if (start != null && fields.nextPaymentDate() != null && fields.nextPaymentDate().isBefore(start)) {
            problems.add("nextPaymentDate", "cannot be before startDate");
        }
        return Validated.of(problems, () -> new PolicyDetails(policyNumber, fields.policyholderId(), fields.agentId(),
                policyType, planName, Optional.ofNullable(planCode), Optional.ofNullable(category), sumAssured,
                premium, frequency, application, start, Optional.ofNullable(fields.maturityDate()),
                nextDue(fields.nextPaymentDate(), status, frequency, start, today), status));
    }

    private static Optional<LocalDate> nextDue(LocalDate given, PolicyStatusEnum status, PremiumFrequency frequency,
            LocalDate start, LocalDate today) {
        if (given != null) {
            return Optional.of(given);
        }
        return status == PolicyStatusEnum.active ? frequency.firstDueOnOrAfter(start, today) : Optional.empty();
    }
}
