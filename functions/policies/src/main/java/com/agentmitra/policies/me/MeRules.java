package com.agentmitra.policies.me;

import com.agentmitra.data.Role;
import com.agentmitra.domain.book.FieldProblems;
import com.agentmitra.domain.book.PolicyholderRules;
import com.agentmitra.domain.book.Validated;
import java.util.Optional;

/** What a person may change about themself, checked field by field so one answer names every problem. */
final class MeRules {

    static final int MAX_DISPLAY_NAME = 100;

    private MeRules() {}

    /** A valid patch: the display name stripped; consent fields only from a customer. */
    record Patch(Optional<String> displayName, Optional<String> preferredLanguage,
            Optional<NotificationPreferences> preferences, Optional<Boolean> whatsappUtility,
            Optional<Boolean> whatsappMarketing) {}

    static Validated<Patch> validate(MeBody body, Role role) {
        FieldProblems problems = new FieldProblems();
        Optional<String> displayName = Optional.ofNullable(body.displayName()).map(String::strip);
        displayName.ifPresent(name -> {
            if (name.isEmpty() || name.length() > MAX_DISPLAY_NAME) {
                problems.add("displayName", "must be 1 to " + MAX_DISPLAY_NAME + " characters");
            } else if (name.chars().anyMatch(Character::isISOControl)) {
                problems.add("displayName", "must be plain text");
            }
        });
        Optional<String> language = Optional.ofNullable(body.preferredLanguage());
        if (language.isPresent() && !PolicyholderRules.isLanguage(language.get())) {
            problems.add("preferredLanguage", "must be a language code such as en, hi, mr, ta");
        }
        if (role != Role.POLICYHOLDER) {
            if (body.whatsappUtility() != null) {
                problems.add("whatsappUtility", "only a customer gives WhatsApp consent here");
            }
            if (body.whatsappMarketing() != null) {
                problems.add("whatsappMarketing", "only a customer gives WhatsApp consent here");
            }
        }
        Optional<NotificationPreferences> preferences = Optional.ofNullable(body.notificationPreferences())
                .filter(p -> !p.isEmpty());
        return Validated.of(problems, () -> new Patch(displayName, language, preferences,
                Optional.ofNullable(body.whatsappUtility()), Optional.ofNullable(body.whatsappMarketing())));
    }
}
