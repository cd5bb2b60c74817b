package com.agentmitra.imports.values;

import com.agentmitra.domain.book.Parsed;
import com.agentmitra.imports.read.Cell;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * A rupee amount from a cell: a number, or text with {@code ₹}, {@code Rs.}, {@code INR}, {@code /-}, spaces and
 * commas in any grouping (Indian lakh grouping {@code 1,00,000} included). Range and paise checks stay with the book's
 * {@code Money} rule; this only reads the number.
 */
public final class CellAmount {

    private static final Pattern CURRENCY = Pattern.compile("(?i)(₹|rs\\.?|inr|/-|\\s|\u00a0|,)");
    private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d+)?");

    private CellAmount() {}

    public static Parsed<BigDecimal> parse(Cell cell) {
        String text = cell.text().strip();
        if (text.isEmpty()) {
            return Parsed.invalid("is required");
        }
        if (cell.numeric()) {
            return Parsed.valid(binaryNoise(new BigDecimal(text)));
        }
        String digits = CURRENCY.matcher(text).replaceAll("");
        boolean negative = digits.startsWith("-");
        if (negative) {
            digits = digits.substring(1);
        }
        if (!NUMBER.matcher(digits).matches()) {
            return Parsed.invalid("must be an amount in rupees such as 1,00,000 or ₹2,500.50");
        }
        BigDecimal amount = new BigDecimal(digits);
        return Parsed.valid(negative ? amount.negate() : amount);
    }

    /** 1234.5600000000001 (a double's rendering) is 1234.56; a real third decimal is left for the rule to refuse. */
    private static BigDecimal binaryNoise(BigDecimal value) {
        if (value.scale() <= 2) {
            return value;
        }
        BigDecimal paise = value.setScale(2, RoundingMode.HALF_UP);
        return paise.subtract(value).abs().compareTo(new BigDecimal("0.000001")) < 0 ? paise : value;
    }
}
