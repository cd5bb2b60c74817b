package com.agentmitra.whatsapp;

import java.util.List;
import java.util.Optional;

/**
 * Which language a template message goes in (issue 13): every message goes in the person's preferred language
 * where an approved template exists in it, else in English. Producers put the preferred language in the message;
 * here, a template missing or not approved in that language is sent as the approved English template of the same
 * name. When English does not help either, the asked template stays, so the refusal names what was asked.
 */
final class LanguageFallback {

    static final String ENGLISH = "en";

    private LanguageFallback() {}

    /** {@code rows}: the rows of that template name in the asked language and in English (either may be absent). */
    static Optional<ApprovedTemplate> choose(String askedLanguage, List<ApprovedTemplate> rows) {
        Optional<ApprovedTemplate> asked = rows.stream().filter(t -> t.language().equals(askedLanguage)).findFirst();
        if (asked.map(ApprovedTemplate::isApproved).orElse(false) || ENGLISH.equals(askedLanguage)) {
            return asked;
        }
        Optional<ApprovedTemplate> english = rows.stream()
                .filter(t -> t.language().equals(ENGLISH) && t.isApproved()).findFirst();
        return english.isPresent() ? english : asked;
    }
}
