package com.agentmitra.domain.book;

import com.agentmitra.domain.phone.PhoneNumber;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Validates a policyholder as entered, field by field, so one answer names every problem. */
public final class PolicyholderRules {

    private static final Set<String> GENDERS = Set.of("male", "female", "other", "undisclosed");
    /** The 13 languages of shared.languages (shared V008). */
    private static final Set<String> LANGUAGES = Set.of("en", "hi", "bn", "te", "mr", "ta", "gu", "kn", "ml", "pa",
            "or", "as", "ur");
    private static final int OLDEST_AGE_YEARS = 120;

    private PolicyholderRules() {}

    /** Whether {@code code} is one of the languages customers may prefer (shared.languages). */
    public static boolean isLanguage(String code) {
        return code != null && LANGUAGES.contains(code);
    }

    /** {@code today} is the business day (Asia/Kolkata): a birth date after it is refused. */
    public static Validated<PolicyholderDetails> validate(PolicyholderFields fields, LocalDate today) {
        FieldProblems problems = new FieldProblems();
        problems.require("agentId", fields.agentId());
        String firstName = text(problems, "firstName", fields.firstName(), 100, true);
        String lastName = text(problems, "lastName", fields.lastName(), 100, false);
        String customerId = text(problems, "customerId", fields.customerId(), 100, false);
        String salutation = text(problems, "salutation", fields.salutation(), 10, false);
        PhoneNumber phone = problems.take("phone", PhoneNumber.parse(fields.phone()));
        EmailAddress email = problems.optional("email", fields.email(), EmailAddress::parse);
        Pan pan = problems.optional("pan", fields.pan(), Pan::parse);
        Aadhaar aadhaar = problems.optional("aadhaar", fields.aadhaar(), Aadhaar::parse);
        LocalDate dateOfBirth = fields.dateOfBirth();
        if (dateOfBirth != null && dateOfBirth.isAfter(today)) {
            problems.add("dateOfBirth", "cannot be in the future");
        } else if (dateOfBirth != null && dateOfBirth.isBefore(today.minusYears(OLDEST_AGE_YEARS))) {
            problems.add("dateOfBirth", "is more than " + OLDEST_AGE_YEARS + " years ago");
        }
        String gender = lower(fields.gender());
        if (gender != null && !GENDERS.contains(gender)) {
            problems.add("gender", "must be one of male, female, other, undisclosed");
        }
        String language = Optional.ofNullable(lower(fields.preferredLanguage())).orElse("en");
        if (!LANGUAGES.contains(language)) {
            problems.add("preferredLanguage", "must be a language code such as en, hi, mr, ta");
        }
        return Validated.of(problems, () -> new PolicyholderDetails(fields.agentId(), Optional.ofNullable(customerId),
                Optional.ofNullable(salutation), firstName, Optional.ofNullable(lastName), phone,
                Optional.ofNullable(email), Optional.ofNullable(dateOfBirth), Optional.ofNullable(gender),
                Optional.ofNullable(pan), Optional.ofNullable(aadhaar), Optional.ofNullable(fields.address()),
                language));
    }

    static String text(FieldProblems problems, String field, String raw, int maxLength, boolean required) {
        String value = raw == null || raw.isBlank() ? null : raw.strip();
        if (value == null) {
            if (required) {
                problems.add(field, "is required");
            }
            return null;
        }
        if (value.length() > maxLength) {
            problems.add(field, "must be at most " + maxLength + " characters");
            return null;
        }
        return value;
    }

    private static String lower(String raw) {
        return raw == null || raw.isBlank() ? null : raw.strip().toLowerCase(Locale.ROOT);
    }
}
