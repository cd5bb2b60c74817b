package com.agentmitra.imports.rows;

import java.util.Objects;

/**
 * What a row says about the customer's WhatsApp consent, per purpose (the optional consent columns): yes, no, or
 * nothing (a blank cell, or no such column), which changes nothing.
 */
public record StatedConsent(Answer utility, Answer marketing) {

    public static final StatedConsent NONE = new StatedConsent(Answer.NOT_STATED, Answer.NOT_STATED);

    /** One consent cell, read. */
    public enum Answer { YES, NO, NOT_STATED }

    public StatedConsent {
        Objects.requireNonNull(utility, "utility");
        Objects.requireNonNull(marketing, "marketing");
    }
}
