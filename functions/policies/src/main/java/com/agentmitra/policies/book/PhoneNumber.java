package com.agentmitra.policies.book;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.Objects;

/** A phone number in E.164 ({@code +919000000001}); numbers written without a country code are read as Indian. */
public record PhoneNumber(String e164) {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final String DEFAULT_REGION = "IN";

    public PhoneNumber {
        Objects.requireNonNull(e164, "e164");
        if (!e164.matches("\\+[1-9][0-9]{6,14}")) {
            throw new IllegalArgumentException("not an E.164 number");
        }
    }

    /** Accepts what people type: spaces, dashes, brackets, a leading 0 or +91. */
    public static Parsed<PhoneNumber> parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return Parsed.invalid("is required");
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

    @Override
    public String toString() {
        return e164;
    }
}
