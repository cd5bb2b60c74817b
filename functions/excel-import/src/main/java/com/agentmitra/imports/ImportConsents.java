package com.agentmitra.imports;

import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;

import com.agentmitra.data.jooq.tenant.Routines;
import com.agentmitra.imports.rows.StatedConsent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Row4;
import org.jooq.impl.DSL;

/**
 * Records what an import's rows say about WhatsApp consent, through {@code record_consent} (tenant V102), the one
 * way consent changes: one statement per batch, in the batch's transaction, so a batch that fails records nothing.
 * The statement is the customer's as the agent's file carries it: source {@code import}, the import's id, evidence
 * {@code import <id> row <n>}, no notice version (the file does not say which notice the customer saw), said at the
 * time the file was uploaded (the import job's creation). {@code record_consent} keeps the ordering rules: a "no"
 * never withdraws a "yes" the customer gave through another source, an older statement never overrides a newer one.
 *
 * <p>Only statements that would change something are recorded: an answer equal to the customer's current state is
 * left out (the same file imported again appends nothing, and a register's repeated "yes" never becomes the latest
 * statement in place of the customer's own, which would let a later import's "no" withdraw it). A customer who never
 * stated anything has no current state, so their first "no" is recorded.
 */
final class ImportConsents {

    static final String UTILITY = "whatsapp_utility";
    static final String MARKETING = "whatsapp_marketing";

    /** One customer's answer for one purpose, from row {@code rowNumber} of the file. */
    record Statement(UUID policyholderId, String purpose, boolean granted, int rowNumber) {
        Statement {
            Objects.requireNonNull(policyholderId, "policyholderId");
            if (!UTILITY.equals(purpose) && !MARKETING.equals(purpose)) {
                throw new IllegalArgumentException("unknown consent purpose " + purpose);
            }
        }
    }

    /** Ledger rows appended, and how many of them became the customer's current state. */
    record Recorded(int statements, int applied) {
        static final Recorded NONE = new Recorded(0, 0);

        Recorded plus(Recorded other) {
            return new Recorded(statements + other.statements, applied + other.applied);
        }
    }

    /** The statements a row makes about its customer (none for blank consent cells). */
    static List<Statement> of(UUID policyholderId, StatedConsent consent, int rowNumber) {
        List<Statement> statements = new ArrayList<>(2);
        if (consent.utility() != StatedConsent.Answer.NOT_STATED) {
            statements.add(new Statement(policyholderId, UTILITY, consent.utility() == StatedConsent.Answer.YES,
                    rowNumber));
        }
        if (consent.marketing() != StatedConsent.Answer.NOT_STATED) {
            statements.add(new Statement(policyholderId, MARKETING, consent.marketing() == StatedConsent.Answer.YES,
                    rowNumber));
        }
        return statements;
    }

    /**
     * The statements that would change something ({@code SELECT ... FROM (VALUES ...) JOIN policyholders WHERE <it
     * changes something>}), then {@code record_consents} (tenant V104) for all of them at once: the rules of
     * {@code record_consent}, with every customer locked in id order, one ledger INSERT and one state UPDATE per batch.
     */
    Recorded record(DSLContext tx, List<Statement> statements, UUID importId, Instant saidAt) {
        if (statements.isEmpty()) {
            return Recorded.NONE;
        }
        List<Row4<UUID, String, Boolean, String>> rows = new ArrayList<>(statements.size());
        for (Statement s : statements) {
            rows.add(DSL.row(s.policyholderId(), s.purpose(), s.granted(),
                    "import " + importId + " row " + s.rowNumber()));
        }
        @SuppressWarnings("unchecked")
        var v = DSL.values(rows.toArray(Row4[]::new)).as("v", "policyholder_id", "purpose", "granted", "evidence");
        Field<UUID> id = v.field("policyholder_id", UUID.class);
        Field<String> purpose = v.field("purpose", String.class);
        Field<Boolean> granted = v.field("granted", Boolean.class);
        Field<String> evidence = v.field("evidence", String.class);
        var p = POLICYHOLDERS;
        Condition changes = purpose.eq(UTILITY).and(p.WHATSAPP_UTILITY_CONSENT_AT.isNull()
                        .or(p.WHATSAPP_UTILITY_OPT_IN.isDistinctFrom(granted)))
                .or(purpose.eq(MARKETING).and(p.WHATSAPP_MARKETING_CONSENT_AT.isNull()
                        .or(p.WHATSAPP_MARKETING_OPT_IN.isDistinctFrom(granted))));
        var changing = tx.select(id, purpose, granted, evidence).from(v).join(p).on(p.POLICYHOLDER_ID.eq(id))
                .where(changes).orderBy(id, purpose).fetch();
        if (changing.isEmpty()) {
            return Recorded.NONE;
        }
        var counts = tx.selectFrom(Routines.recordConsents(
                        changing.getValues(id).toArray(UUID[]::new),
                        changing.getValues(purpose).toArray(String[]::new),
                        changing.getValues(granted).toArray(Boolean[]::new),
                        changing.getValues(evidence).toArray(String[]::new),
                        "import", null, saidAt, importId))
                .fetchSingle();
        return new Recorded(counts.getRecorded().intValue(), counts.getApplied().intValue());
    }
}
