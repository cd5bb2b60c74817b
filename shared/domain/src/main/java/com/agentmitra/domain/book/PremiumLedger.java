package com.agentmitra.domain.book;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * What a recorded premium does to a policy's premium status: the premium due ({@code next_payment_date}, or the
 * start date when none was set) is paid, so the next one falls one period later (none for a single premium); the
 * last payment date, the count and the outstanding amount follow. The payment status is {@code paid} while the next
 * due date is today or later, {@code overdue} when payments still lag behind.
 */
public record PremiumLedger(Optional<LocalDate> lastPaymentDate, Optional<LocalDate> nextPaymentDate,
        int totalPayments, BigDecimal outstandingAmount, String paymentStatus) {

    public static final String PAID = "paid";
    public static final String OVERDUE = "overdue";

    public PremiumLedger {
        Objects.requireNonNull(outstandingAmount, "outstandingAmount");
        Objects.requireNonNull(paymentStatus, "paymentStatus");
        if (totalPayments < 0 || outstandingAmount.signum() < 0) {
            throw new IllegalArgumentException("counts and amounts cannot be negative");
        }
    }

    /** The due date a payment recorded now covers. */
    public LocalDate dueCovered(LocalDate startDate) {
        return nextPaymentDate.orElse(startDate);
    }

    public PremiumLedger afterPayment(PremiumFrequency frequency, LocalDate startDate, LocalDate paidOn,
            BigDecimal amount, LocalDate today) {
        Optional<LocalDate> next = frequency.after(dueCovered(startDate));
        LocalDate last = lastPaymentDate.filter(previous -> previous.isAfter(paidOn)).orElse(paidOn);
        BigDecimal outstanding = outstandingAmount.subtract(amount).max(BigDecimal.ZERO);
        String status = next.isPresent() && next.get().isBefore(today) ? OVERDUE : PAID;
        return new PremiumLedger(Optional.of(last), next, totalPayments + 1, outstanding, status);
    }
}
