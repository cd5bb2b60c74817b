package com.agentmitra.policies.consent;

/** What a customer consents to (the ledger's {@code purpose}, tenant V101): WhatsApp messages of one category. */
public enum ConsentPurpose {
    /** Reminders, notices and callback updates (Meta's UTILITY templates). */
    WHATSAPP_UTILITY("whatsapp_utility"),
    /** Greetings and offers (Meta's MARKETING templates). */
    WHATSAPP_MARKETING("whatsapp_marketing");

    private final String sqlName;

    ConsentPurpose(String sqlName) {
        this.sqlName = sqlName;
    }

    public String sqlName() {
        return sqlName;
    }
}
