package com.agentmitra.domain.callbacks;

/**
 * What a customer said about WhatsApp notices on their callbacks (issue 13), read with the customer: their utility
 * consent ({@code policyholders.whatsapp_utility_opt_in}, and whether they ever made a statement about it:
 * {@code whatsapp_utility_consent_at}, set by {@code record_consent()}) and the "callback updates" category of their
 * app preferences ({@code communication_preferences.callbackUpdates}; a missing key, or no preferences at all, is on).
 */
public record CustomerNoticeChoices(boolean utilityOptIn, boolean utilityStated, boolean callbackUpdates) {

    /** Whether a notice to the customer goes out, and when not, why (the log says which). */
    public enum Decision { SEND, CALLBACK_UPDATES_OFF, NOT_OPTED_IN }

    /**
     * Callback updates switched off stop every notice. Otherwise utility consent decides, with one allowance kept
     * from before the ledger: a customer who asked for this very callback on WhatsApp and never said yes or no to
     * utility messages is answered there (DPDP Act 2023 s.7(a): data the person gave for that purpose). A "no" they
     * said always wins.
     */
    public Decision forCallbackFrom(String source) {
        if (!callbackUpdates) {
            return Decision.CALLBACK_UPDATES_OFF;
        }
        if (utilityOptIn || "whatsapp".equals(source) && !utilityStated) {
            return Decision.SEND;
        }
        return Decision.NOT_OPTED_IN;
    }
}
