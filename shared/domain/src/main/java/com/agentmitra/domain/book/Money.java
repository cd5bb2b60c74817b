package com.agentmitra.domain.book;

import java.math.BigDecimal;

/** Rupee amounts: more than zero, at most two decimal places (paise), and within the column's precision. */
public final class Money {

    private Money() {}

    /** A positive amount that fits {@code NUMERIC(precision, 2)}. */
    public static Parsed<BigDecimal> positive(BigDecimal amount, int precision) {
        if (amount == null) {
            return Parsed.invalid("is required");
        }
        if (amount.signum() <= 0) {
            return Parsed.invalid("must be more than 0");
        }
        BigDecimal stripped = amount.stripTrailingZeros();
        if (stripped.scale() > 2) {
            return Parsed.invalid("must have at most two decimal places");
        }
        BigDecimal rupees = amount.setScale(2);
        if (rupees.precision() > precision) {
            return Parsed.invalid("is too large");
        }
        return Parsed.valid(rupees);
    }
}
