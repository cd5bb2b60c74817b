package com.agentmitra.domain.book;

import static com.agentmitra.data.jooq.tenant.Tables.INSURANCE_POLICIES;
import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.TestDatabase;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The set-based writes a batch importer calls without HTTP: one statement per batch, as the acting user. */
class BookWriterIT {

    private static final LocalDate TODAY = LocalDate.of(2025, 4, 10);

    private final TestDatabase db = TestDatabase.get();
    private final Fixtures fixtures = new Fixtures(db);

    private static PolicyholderDetails person(UUID agent, String first, String phone) {
        var fields = new PolicyholderFields(agent, null, null, first, "Import", phone, null, null, null, null,
                null, Map.of("city", "Pune"), null);
        return ((Validated.Ok<PolicyholderDetails>) PolicyholderRules.validate(fields, TODAY)).value();
    }

    private static PolicyDetails policy(UUID agent, UUID holder, String number, String premium, String status) {
        var fields = new PolicyFields(number, holder, agent, "endowment", "Jeevan Anand", null, null,
                new BigDecimal("100000"), new BigDecimal(premium), "Qly", null, LocalDate.of(2024, 1, 15), null, null,
                status);
        return ((Validated.Ok<PolicyDetails>) PolicyRules.validate(fields, TODAY)).value();
    }

    @Test
    void aBatchUpsertInsertsNewPeopleAndUpdatesKnownPhonesInOneStatementAuditedAsTheImporter() {
        Fixtures.Agent agent = fixtures.agent().create();
        String known = "+919222" + String.format("%06d", (int) (Math.random() * 1_000_000));
        UUID existing = fixtures.policyholder().of(agent).phone(known).create();
        BookWriter writer = new BookWriter(Optional.of(agent.userId()));

        List<BookWriter.Written> written = db.database().inTransaction(agent.caller(), tx -> writer.upsertPolicyholders(
                tx, List.of(person(agent.agentId(), "Renamed", known),
                        person(agent.agentId(), "New", "+919333" + known.substring(7)))));

        assertThat(written).hasSize(2);
        assertThat(written.get(0)).isEqualTo(new BookWriter.Written(existing, known, false));
        assertThat(written.get(1).inserted()).isTrue();
        var dsl = db.ownerDsl(agent.tenant());
        assertThat(dsl.select(POLICYHOLDERS.FIRST_NAME).from(POLICYHOLDERS)
                .where(POLICYHOLDERS.POLICYHOLDER_ID.eq(existing)).fetchSingle().value1()).isEqualTo("Renamed");
        assertThat(dsl.fetchCount(dsl.selectFrom(org.jooq.impl.DSL.table("audit.audit_log"))
                .where("record_id = ? and changed_by = ?", existing.toString(), agent.userId()))).isEqualTo(1);
    }

    @Test
    void policiesInsertSkipsKnownNumbersAndUpsertUpdatesThemKeepingPaymentHistory() {
        Fixtures.Agent agent = fixtures.agent().create();
        UUID holder = fixtures.policyholder().of(agent).create();
        String number = "IMP-" + UUID.randomUUID().toString().substring(0, 8);
        BookWriter writer = new BookWriter(Optional.of(agent.userId()));
        db.database().inTransaction(agent.caller(), tx -> writer.insertPolicies(tx,
                List.of(policy(agent.agentId(), holder, number, "2500", "active"))));
        db.ownerDsl(agent.tenant()).update(INSURANCE_POLICIES).set(INSURANCE_POLICIES.TOTAL_PAYMENTS, 4)
                .where(INSURANCE_POLICIES.POLICY_NUMBER.eq(number)).execute();

        List<BookWriter.Written> skipped = db.database().inTransaction(agent.caller(), tx -> writer.insertPolicies(tx,
                List.of(policy(agent.agentId(), holder, number, "9999", "active"))));
        List<BookWriter.Written> upserted = db.database().inTransaction(agent.caller(), tx -> writer.upsertPolicies(
                tx, List.of(policy(agent.agentId(), holder, number, "2600", "lapsed"))));

        assertThat(skipped).isEmpty();
        assertThat(upserted).singleElement().satisfies(row -> assertThat(row.inserted()).isFalse());
        var row = db.ownerDsl(agent.tenant()).selectFrom(INSURANCE_POLICIES)
                .where(INSURANCE_POLICIES.POLICY_NUMBER.eq(number)).fetchSingle();
        assertThat(row.getPremiumAmount()).isEqualByComparingTo("2600");
        assertThat(row.getStatus().getLiteral()).isEqualTo("lapsed");
        assertThat(row.getTotalPayments()).isEqualTo(4);
        assertThat(row.getPremiumFrequency()).isEqualTo("quarterly");
    }

    @Test
    void rowLevelSecurityRefusesWritingIntoABookTheCallerDoesNotManage() {
        Fixtures.Agent me = fixtures.agent().create();
        Fixtures.Agent other = fixtures.agent().create();
        BookWriter writer = new BookWriter(Optional.of(me.userId()));

        assertThatThrownBy(() -> db.database().inTransaction(me.caller(), tx -> writer.insertPolicyholders(tx,
                List.of(person(other.agentId(), "Smuggled", "+919444" + String.format("%06d",
                        (int) (Math.random() * 1_000_000)))))))
                .hasMessageContaining("row-level security");
    }
}
