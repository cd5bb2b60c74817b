package com.agentmitra.domain.book;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PremiumLedgerTest {

    private static final LocalDate START = LocalDate.of(2024, 4, 1);
    private static final LocalDate TODAY = LocalDate.of(2025, 4, 10);

    @Test
    void aPaymentCoversTheDuePremiumAndMovesTheNextDueDateOnePeriod() {
        PremiumLedger ledger = new PremiumLedger(Optional.of(LocalDate.of(2024, 4, 3)),
                Optional.of(LocalDate.of(2025, 4, 1)), 1, new BigDecimal("12500.00"), "pending");

        PremiumLedger after = ledger.afterPayment(PremiumFrequency.ANNUAL, START, LocalDate.of(2025, 4, 5),
                new BigDecimal("12500.00"), TODAY);

        assertThat(after).isEqualTo(new PremiumLedger(Optional.of(LocalDate.of(2025, 4, 5)),
                Optional.of(LocalDate.of(2026, 4, 1)), 2, new BigDecimal("0.00"), PremiumLedger.PAID));
    }

    @Test
    void withoutADueDateTheFirstPaymentCoversTheStartDate() {
        PremiumLedger ledger = new PremiumLedger(Optional.empty(), Optional.empty(), 0, BigDecimal.ZERO, "pending");

        assertThat(ledger.dueCovered(START)).isEqualTo(START);
        assertThat(ledger.afterPayment(PremiumFrequency.QUARTERLY, START, START, BigDecimal.TEN, TODAY)
                .nextPaymentDate()).contains(LocalDate.of(2024, 7, 1));
    }

    @Test
    void aPaymentThatLeavesEarlierPremiumsUnpaidIsStillOverdue() {
        PremiumLedger ledger = new PremiumLedger(Optional.empty(), Optional.of(LocalDate.of(2024, 10, 1)), 1,
                BigDecimal.ZERO, "pending");

        PremiumLedger after = ledger.afterPayment(PremiumFrequency.MONTHLY, START, TODAY, BigDecimal.TEN, TODAY);

        assertThat(after.nextPaymentDate()).contains(LocalDate.of(2024, 11, 1));
        assertThat(after.paymentStatus()).isEqualTo(PremiumLedger.OVERDUE);
    }

    @Test
    void aLatePaymentDoesNotMoveTheLastPaymentDateBackwards() {
        PremiumLedger ledger = new PremiumLedger(Optional.of(LocalDate.of(2025, 4, 8)),
                Optional.of(LocalDate.of(2025, 4, 1)), 3, BigDecimal.ZERO, "paid");

        assertThat(ledger.afterPayment(PremiumFrequency.ANNUAL, START, LocalDate.of(2025, 4, 2), BigDecimal.ONE, TODAY)
                .lastPaymentDate()).contains(LocalDate.of(2025, 4, 8));
    }
}
