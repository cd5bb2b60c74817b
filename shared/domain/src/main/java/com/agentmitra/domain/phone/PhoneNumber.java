package com.agentmitra.domain.phone;

import com.agentmitra.domain.book.Parsed;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.Objects;
import java.util.Optional;

/**
 * A phone number in E.164 ({@code +919000000001}), parsed with libphonenumber from what people type: spaces, dashes,
 * brackets, a leading 0 or +91; numbers written without a country code are read as Indian. The book takes any valid
 * number ({@link #parse}); sign-in takes only an Indian mobile ({@link #indianMobile}). It prints masked, so a log
 * line never holds the whole number: read {@link #e164()} to store or send it.
 */
public record PhoneNumber(String e164) {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final String DEFAULT_REGION = "IN";

    public PhoneNumber {
        Objects.requireNonNull(e164, "e164");
        if (!e164.matches("\\+[1-9][0-9]{6,14}")) {
            throw new IllegalArgumentException("not an E.164 number");
        }
    }

    /** The longest way people write one number ({@code +91 (0) 98765-43210} has 20 characters), with room. */
    static final int MAX_TYPED = 40;

    /**
     * Any valid number, Indian unless it says otherwise; the problem, if not, in words for the field. A number
     * holding letters is refused before libphonenumber sees it: it would read them as keypad digits
     * ({@code 98765ABCDE} as 9876522233, {@code 1-800-FLOWERS}) or drop them ({@code ext 12}), and a phone in a
     * register never means either.
     */
    public static Parsed<PhoneNumber> parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return Parsed.invalid("is required");
        }
        if (raw.length() > MAX_TYPED) {
            return Parsed.invalid("is not a phone number: it is too long");
        }
        if (holdsLetters(raw)) {
            return Parsed.invalid("is not a phone number: it holds letters");
        }
        try {
            var number = PHONES.parse(raw.strip(), DEFAULT_REGION);
            if (!PHONES.isValidNumber(number)) {
                return Parsed.invalid("is not a valid phone number");
            }
            return Parsed.valid(new PhoneNumber(PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164)));
        } catch (NumberParseException e) {
            return Parsed.invalid("is not a phone number");
        }
    }

    /** An Indian mobile number ({@code +91} and ten digits starting 6-9), or nothing. */
    public static Optional<PhoneNumber> indianMobile(String input) {
        if (input == null || input.isBlank() || input.length() > 32 || holdsLetters(input)) {
            return Optional.empty();
        }
        try {
            Phonenumber.PhoneNumber parsed = PHONES.parse(input.strip(), DEFAULT_REGION);
            String national = Long.toString(parsed.getNationalNumber());
            boolean indianMobile = parsed.getCountryCode() == 91 && national.length() == 10
                    && "6789".indexOf(national.charAt(0)) >= 0 && PHONES.isValidNumber(parsed)
                    && PHONES.getNumberType(parsed) == PhoneNumberUtil.PhoneNumberType.MOBILE;
            return indianMobile
                    ? Optional.of(new PhoneNumber(PHONES.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164)))
                    : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    private static boolean holdsLetters(String text) {
        return text.codePoints().anyMatch(Character::isLetter);
    }

    /** The last four digits, for logs and screens that must not show the whole number. */
    public String masked() {
        return "***" + e164.substring(e164.length() - 4);
    }

    @Override
    public String toString() {
        return masked();
    }
}
