package com.agentmitra.policies.consent;

import static com.agentmitra.data.jooq.shared.Tables.CONSENT_NOTICES;
import static com.agentmitra.data.jooq.tenant.Tables.CONSENT_EVENTS;
import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;

import com.agentmitra.data.jooq.tenant.Routines;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The consent ledger as the API uses it: statements go through {@code record_consent()} (tenant V102), the one rule
 * every channel shares (latest said wins, an import's "no" never overrules the customer, one customer at a time);
 * reads give the current state and the history. Runs in the caller's transaction, under row level security.
 */
public final class ConsentLedger {

    /** How many ledger rows {@code GET .../consent} shows, newest first. */
    static final int HISTORY_LIMIT = 200;

    /**
     * Records the statement on the notice currently shown for its purpose in the customer's language (English when
     * there is none in it); answers whether it became the customer's current consent.
     */
    public boolean record(DSLContext tx, UUID policyholderId, String language, ConsentStatement statement) {
        String notice = notice(tx, statement.purpose(), language).orElse(null);
        return Boolean.TRUE.equals(tx.select(Routines.recordConsent(policyholderId, statement.purpose().sqlName(),
                statement.granted(), statement.source().sqlName(), statement.evidence().orElse(null), notice,
                statement.saidAt(), null)).fetchSingle().value1());
    }

    public Optional<ConsentView> current(DSLContext tx, UUID policyholderId) {
        var p = POLICYHOLDERS;
        return tx.select(p.POLICYHOLDER_ID, p.WHATSAPP_UTILITY_OPT_IN, p.WHATSAPP_UTILITY_CONSENT_AT,
                        p.WHATSAPP_MARKETING_OPT_IN, p.WHATSAPP_MARKETING_CONSENT_AT)
                .from(p).where(p.POLICYHOLDER_ID.eq(policyholderId))
                .fetchOptional(r -> new ConsentView(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), null));
    }

    public List<ConsentView.Entry> history(DSLContext tx, UUID policyholderId) {
        var e = CONSENT_EVENTS;
        return tx.select(e.CONSENT_EVENT_ID, e.PURPOSE, e.GRANTED, e.SOURCE, e.EVIDENCE, e.NOTICE_VERSION, e.SAID_AT,
                        e.RECORDED_AT, e.RECORDED_BY, e.RECORDED_BY_ROLE, e.IMPORT_ID, e.APPLIED)
                .from(e).where(e.POLICYHOLDER_ID.eq(policyholderId))
                .orderBy(e.SAID_AT.desc(), e.RECORDED_AT.desc(), e.CONSENT_EVENT_ID.desc())
                .limit(HISTORY_LIMIT)
                .fetch(org.jooq.Records.mapping(ConsentView.Entry::new));
    }

    private static Optional<String> notice(DSLContext tx, ConsentPurpose purpose, String language) {
        var n = CONSENT_NOTICES;
        return tx.select(n.NOTICE_VERSION).from(n)
                .where(n.PURPOSE.eq(purpose.sqlName()), n.IS_CURRENT.isTrue(), n.LANGUAGE.in(language, "en"))
                .orderBy(DSL.when(n.LANGUAGE.eq(language), 0).otherwise(1))
                .limit(1)
                .fetchOptional(n.NOTICE_VERSION);
    }
}
