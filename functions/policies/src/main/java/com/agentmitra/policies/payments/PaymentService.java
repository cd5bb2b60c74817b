package com.agentmitra.policies.payments;

import static com.agentmitra.data.jooq.tenant.Tables.INSURANCE_POLICIES;
import static com.agentmitra.data.jooq.tenant.Tables.PREMIUM_PAYMENTS;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.data.jooq.shared.enums.PaymentStatusEnum;
import com.agentmitra.data.jooq.shared.enums.PolicyStatusEnum;
import com.agentmitra.domain.book.FieldProblems;
import com.agentmitra.domain.book.Money;
import com.agentmitra.domain.book.PolicyLifecycle;
import com.agentmitra.domain.book.PremiumFrequency;
import com.agentmitra.domain.book.PremiumLedger;
import com.agentmitra.domain.time.BusinessDay;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.policies.Problems;
import com.agentmitra.policies.Visibility;
import com.agentmitra.policies.WriteAccess;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * Premium status of a policy. Agent Mitra takes no money: premiums are paid through the insurer's official channels
 * and recorded here with the insurer's receipt number, once (the same receipt again changes nothing).
 */
public final class PaymentService {

    private static final String WHAT = "policy";

    /** The outcome of recording: new (201) or the same receipt seen before (200, nothing changed). */
    public record Recorded(PaymentView payment, boolean created) {}

    private final Database database;
    private final Clock clock;

    public PaymentService(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    public List<PaymentView> list(Caller caller, UUID policyId) {
        return database.inTransaction(caller, tx -> {
            if (!tx.fetchExists(INSURANCE_POLICIES, INSURANCE_POLICIES.POLICY_ID.eq(policyId)
                    .and(Visibility.policies(caller)))) {
                throw new ApiProblem.NotFound(WHAT);
            }
            return tx.selectFrom(PREMIUM_PAYMENTS)
                    .where(PREMIUM_PAYMENTS.POLICY_ID.eq(policyId))
                    .orderBy(PREMIUM_PAYMENTS.DUE_DATE.desc().nullsLast(),
                            PREMIUM_PAYMENTS.CREATED_AT.desc())
                    .fetch(PaymentService::view);
        });
    }

    public Recorded record(Caller caller, UUID policyId, PaymentBody body) {
        WriteAccess.require(caller);
        LocalDate today = BusinessDay.today(clock);
        FieldProblems problems = new FieldProblems();
        String receipt = body.receiptNumber() == null ? null : body.receiptNumber().strip();
        problems.require("receiptNumber", receipt);
        if (receipt != null && receipt.length() > 100) {
            problems.add("receiptNumber", "must be at most 100 characters");
        }
        BigDecimal amount = problems.take("amount", Money.positive(body.amount(), 12));
        problems.require("paidOn", body.paidOn());
        if (body.paidOn() != null && body.paidOn().isAfter(today)) {
            problems.add("paidOn", "cannot be in the future");
        }
        if (body.paymentMethod() != null && body.paymentMethod().length() > 50) {
            problems.add("paymentMethod", "must be at most 50 characters");
        }
        if (!problems.isEmpty()) {
            throw Problems.invalid(problems.list());
        }
        return database.inTransaction(caller, tx -> {
            var ip = INSURANCE_POLICIES;
            Record policy = tx.select(ip.POLICYHOLDER_ID, ip.STATUS, ip.PREMIUM_FREQUENCY, ip.START_DATE,
                            ip.LAST_PAYMENT_DATE, ip.NEXT_PAYMENT_DATE, ip.TOTAL_PAYMENTS, ip.OUTSTANDING_AMOUNT,
                            ip.PAYMENT_STATUS)
                    .from(ip).where(ip.POLICY_ID.eq(policyId)).and(Visibility.policies(caller))
                    .forUpdate()
                    .fetchOptional()
                    .orElseThrow(() -> new ApiProblem.NotFound(WHAT));
            Optional<PaymentView> seen = byReceipt(tx, policyId, receipt);
            if (seen.isPresent()) {
                return replay(seen.get(), amount, body.paidOn());
            }
            PolicyStatusEnum status = policy.get(ip.STATUS);
            if (!PolicyLifecycle.takesPremiums(status)) {
                throw new ApiProblem.Conflict("premiums cannot be recorded for a " + status.getLiteral() + " policy");
            }
            PremiumLedger ledger = new PremiumLedger(Optional.ofNullable(policy.get(ip.LAST_PAYMENT_DATE)),
                    Optional.ofNullable(policy.get(ip.NEXT_PAYMENT_DATE)), policy.get(ip.TOTAL_PAYMENTS),
                    policy.get(ip.OUTSTANDING_AMOUNT), policy.get(ip.PAYMENT_STATUS));
            LocalDate start = policy.get(ip.START_DATE);
            PremiumLedger after = ledger.afterPayment(PremiumFrequency.fromSql(policy.get(ip.PREMIUM_FREQUENCY)),
                    start, body.paidOn(), amount, today);
            // the unique (policy_id, receipt_number) index makes a concurrent duplicate a no-op, not a second row
            Optional<UUID> inserted = tx.insertInto(PREMIUM_PAYMENTS)
                    .set(PREMIUM_PAYMENTS.POLICY_ID, policyId)
                    .set(PREMIUM_PAYMENTS.POLICYHOLDER_ID, policy.get(ip.POLICYHOLDER_ID))
                    .set(PREMIUM_PAYMENTS.AMOUNT, amount)
                    .set(PREMIUM_PAYMENTS.PAYMENT_DATE, BusinessDay.startOf(body.paidOn()))
                    .set(PREMIUM_PAYMENTS.DUE_DATE, ledger.dueCovered(start))
                    .set(PREMIUM_PAYMENTS.RECEIPT_NUMBER, receipt)
                    .set(PREMIUM_PAYMENTS.RECORDED_BY, caller.userId().orElse(null))
                    .set(PREMIUM_PAYMENTS.SOURCE, "agent")
                    .set(PREMIUM_PAYMENTS.PAYMENT_METHOD, body.paymentMethod())
                    .set(PREMIUM_PAYMENTS.STATUS, PaymentStatusEnum.completed)
                    .onConflict(PREMIUM_PAYMENTS.POLICY_ID, PREMIUM_PAYMENTS.RECEIPT_NUMBER)
                    .where(PREMIUM_PAYMENTS.RECEIPT_NUMBER.isNotNull())
                    .doNothing()
                    .returningResult(PREMIUM_PAYMENTS.PAYMENT_ID)
                    .fetchOptional(PREMIUM_PAYMENTS.PAYMENT_ID);
            if (inserted.isEmpty()) {
                return replay(byReceipt(tx, policyId, receipt).orElseThrow(), amount, body.paidOn());
            }
            tx.update(ip)
                    .set(ip.LAST_PAYMENT_DATE, after.lastPaymentDate().orElse(null))
                    .set(ip.NEXT_PAYMENT_DATE, after.nextPaymentDate().orElse(null))
                    .set(ip.TOTAL_PAYMENTS, after.totalPayments())
                    .set(ip.OUTSTANDING_AMOUNT, after.outstandingAmount())
                    .set(ip.PAYMENT_STATUS, after.paymentStatus())
                    .where(ip.POLICY_ID.eq(policyId))
                    .execute();
            return new Recorded(byReceipt(tx, policyId, receipt).orElseThrow(), true);
        });
    }

    /** The same receipt again: the same payment is a no-op; different figures under that receipt are a conflict. */
    private static Recorded replay(PaymentView recorded, BigDecimal amount, LocalDate paidOn) {
        if (recorded.amount().compareTo(amount) != 0 || !paidOn.equals(recorded.paidOn())) {
            throw new ApiProblem.Conflict("receipt " + recorded.receiptNumber()
                    + " is already recorded for this policy with amount " + recorded.amount().toPlainString()
                    + " paid on " + recorded.paidOn());
        }
        return new Recorded(recorded, false);
    }

    private static Optional<PaymentView> byReceipt(DSLContext tx, UUID policyId, String receipt) {
        return tx.selectFrom(PREMIUM_PAYMENTS)
                .where(PREMIUM_PAYMENTS.POLICY_ID.eq(policyId)).and(PREMIUM_PAYMENTS.RECEIPT_NUMBER.eq(receipt))
                .fetchOptional(PaymentService::view);
    }

    private static PaymentView view(Record row) {
        var pp = PREMIUM_PAYMENTS;
        return new PaymentView(row.get(pp.PAYMENT_ID), row.get(pp.POLICY_ID), row.get(pp.RECEIPT_NUMBER),
                row.get(pp.AMOUNT), row.get(pp.CURRENCY),
                Optional.ofNullable(row.get(pp.PAYMENT_DATE))
                        .map(paid -> LocalDate.ofInstant(paid, BusinessDay.INDIA)).orElse(null),
                row.get(pp.DUE_DATE), row.get(pp.PAYMENT_METHOD), row.get(pp.STATUS).getLiteral(),
                row.get(pp.SOURCE), row.get(pp.CREATED_AT));
    }
}
