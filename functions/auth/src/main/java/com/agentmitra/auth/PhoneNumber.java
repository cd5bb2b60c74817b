package com.agentmitra.auth;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.Optional;

/**
 * An Indian mobile number in E.164 ({@code +91} and ten digits starting 6-9), parsed with libphonenumber from what
 * people type: {@code 90000 00001}, {@code 09000000001}, {@code +91-90000-00001}.
 */
record PhoneNumber(String e164) {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    static Optional<PhoneNumber> parse(String input) {
        if (input == null || input.isBlank() || input.length() > 32) {
            return Optional.empty();
        }
        try {
            Phonenumber.PhoneNumber parsed = PHONES.parse(input.strip(), "IN");
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

    /** The last four digits, for logs and screens that must not show the whole number. */
    String masked() {
        return "***" + e164.substring(e164.length() - 4);
    }

    @Override
    public String toString() {
        return masked();
    }
}
