package com.agentmitra.policies;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.testing.Fixtures;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@code GET/PUT /policyholders/{id}/consent}: the ledger and the current state, as agents record them. */
class ConsentIT {

    private final BookApi api = new BookApi();
    private final Fixtures fixtures = api.fixtures;

    private static Map<String, Object> consent(Boolean utility, Boolean marketing, String evidence, Instant saidAt) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (utility != null) {
            body.put("whatsappUtility", utility);
        }
        if (marketing != null) {
            body.put("whatsappMarketing", marketing);
        }
        if (evidence != null) {
            body.put("evidence", evidence);
        }
        if (saidAt != null) {
            body.put("saidAt", saidAt.toString());
        }
        return body;
    }

    private BookApi.Response put(Fixtures.Agent agent, UUID customer, Map<String, Object> body) {
        return api.call("PUT", "/policyholders/{id}/consent", "/policyholders/" + customer + "/consent").id(customer)
                .as(agent).body(body).send();
    }

    private BookApi.Response get(Fixtures.Agent agent, UUID customer) {
        return api.call("GET", "/policyholders/{id}/consent", "/policyholders/" + customer + "/consent").id(customer)
                .as(agent).send();
    }

    private DSLContext owner(Fixtures.Agent agent) {
        return api.db.ownerDsl(agent.tenant());
    }

    private long ledgerRows(Fixtures.Agent agent, UUID customer) {
        return owner(agent).fetchSingle("select count(*) from " + agent.tenant().schema()
                + ".consent_events where policyholder_id = ?", customer).get(0, Long.class);
    }

    private Record state(Fixtures.Agent agent, UUID customer) {
        return owner(agent).fetchSingle("select whatsapp_utility_opt_in, whatsapp_marketing_opt_in,"
                + " whatsapp_utility_consent_at from " + agent.tenant().schema() + ".policyholders"
                + " where policyholder_id = ?", customer);
    }

    @Nested
    class Recording {
        @Test
        void anAgentRecordsConsentAndTheStateAndLedgerChangeInOneAnswer() {
            Fixtures.Agent agent = fixtures.agent().create();
            UUID customer = fixtures.policyholder().of(agent).create();
            Instant said = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

            BookApi.Response response = put(agent, customer,
                    consent(true, null, "agreed on a call, notice read out", said));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body().path("whatsappUtility").asBoolean()).isTrue();
            assertThat(response.body().path("whatsappMarketing").asBoolean()).isFalse();
            assertThat(Instant.parse(response.text("whatsappUtilitySaidAt"))).isEqualTo(said);
            assertThat(state(agent, customer).get(0, Boolean.class)).isTrue();
            JsonNode history = get(agent, customer).body().path("history");
            assertThat(history).hasSize(1);
            JsonNode entry = history.get(0);
            assertThat(entry.path("purpose").asText()).isEqualTo("whatsapp_utility");
            assertThat(entry.path("granted").asBoolean()).isTrue();
            assertThat(entry.path("source").asText()).isEqualTo("agent_recorded");
            assertThat(entry.path("evidence").asText()).isEqualTo("agreed on a call, notice read out");
            assertThat(entry.path("noticeVersion").asText()).isEqualTo("wa-utility-2026-12-en");
            assertThat(entry.path("recordedBy").asText()).isEqualTo(agent.userId().toString());
            assertThat(entry.path("applied").asBoolean()).isTrue();
            long audited = owner(agent).fetchSingle("select count(*) from audit.audit_log where table_name ="
                    + " 'consent_events' and record_id = ? and changed_by = ?", entry.path("id").asText(),
                    agent.userId()).get(0, Long.class);
            assertThat(audited).isEqualTo(1);
        }

        @Test
        void theNoticeIsTheOneShownInTheCustomersLanguage() {
            Fixtures.Agent agent = fixtures.agent().create();
            UUID customer = fixtures.policyholder().of(agent).create();
            owner(agent).execute("update " + agent.tenant().schema() + ".policyholders set preferred_language = 'hi'"
                    + " where policyholder_id = ?", customer);

            put(agent, customer, consent(true, true, "agreed in person", null));

            JsonNode history = get(agent, customer).body().path("history");
            List<String> notices = new ArrayList<>();
            history.forEach(entry -> notices.add(entry.path("noticeVersion").asText()));
            assertThat(notices).containsExactlyInAnyOrder("wa-utility-2026-12-hi", "wa-marketing-2026-12-hi");
        }

        @Test
        void aPurposeLeftOutKeepsItsValueAndAWithdrawalNeedsNoEvidence() {
            Fixtures.Agent agent = fixtures.agent().create();
            UUID customer = fixtures.policyholder().of(agent).create();
            put(agent, customer, consent(true, true, "agreed on a call", null));

            BookApi.Response response = put(agent, customer, consent(null, false, null, null));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body().path("whatsappUtility").asBoolean()).isTrue();
            assertThat(response.body().path("whatsappMarketing").asBoolean()).isFalse();
            assertThat(ledgerRows(agent, customer)).isEqualTo(3);
        }

        @Test
        void aManagerRecordsForASubAgentsCustomer() {
            Fixtures.Agent manager = fixtures.agent().senior().create();
            Fixtures.Agent agent = fixtures.agent().under(manager).create();
            UUID customer = fixtures.policyholder().of(agent).create();

            BookApi.Response response = put(manager, customer, consent(true, null, "asked at the branch", null));

            assertThat(response.status()).isEqualTo(200);
            assertThat(state(agent, customer).get(0, Boolean.class)).isTrue();
        }
    }

    @Nested
    class Ordering {
        @Test
        void anOlderStatementArrivingLaterNeverOverridesANewerOne() {
            Fixtures.Agent agent = fixtures.agent().create();
            UUID customer = fixtures.policyholder().of(agent).create();
            Instant newer = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
            put(agent, customer, consent(true, null, "agreed on a call", newer));

            BookApi.Response late = put(agent, customer, consent(false, null, "a note from last week",
                    newer.minus(7, ChronoUnit.DAYS)));

            assertThat(late.status()).isEqualTo(200);
            assertThat(late.body().path("whatsappUtility").asBoolean()).isTrue();
            assertThat(Instant.parse(late.text("whatsappUtilitySaidAt"))).isEqualTo(newer);
            JsonNode history = get(agent, customer).body().path("history");
            assertThat(history).hasSize(2);
            assertThat(history.get(0).path("granted").asBoolean()).as("newest said first").isTrue();
            assertThat(history.get(1).path("applied").asBoolean()).as("the older one was recorded, not applied")
                    .isFalse();
        }

        @Test
        void concurrentStatementsEndInTheOneTheCustomerMadeLast() throws Exception {
            Fixtures.Agent agent = fixtures.agent().create();
            UUID customer = fixtures.policyholder().of(agent).create();
            Instant base = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
            int statements = 24;
            // the latest said is a withdrawal, sent among grants said earlier, all at once
            List<Map<String, Object>> bodies = new ArrayList<>();
            for (int i = 0; i < statements; i++) {
                boolean last = i == statements / 2;
                Instant said = last ? base.plus(statements + 1, ChronoUnit.MINUTES) : base.plus(i, ChronoUnit.MINUTES);
                bodies.add(consent(!last, null, last ? null : "agreed, statement " + i, said));
            }

            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<BookApi.Response>> answers = new ArrayList<>();
                for (Map<String, Object> body : bodies) {
                    answers.add(pool.submit(() -> put(agent, customer, body)));
                }
                for (Future<BookApi.Response> answer : answers) {
                    assertThat(answer.get().status()).isEqualTo(200);
                }
            } finally {
                pool.shutdown();
            }

            Record state = state(agent, customer);
            assertThat(state.get(0, Boolean.class)).isFalse();
            assertThat(state.get(2, java.time.OffsetDateTime.class).toInstant())
                    .isEqualTo(base.plus(statements + 1, ChronoUnit.MINUTES));
            assertThat(ledgerRows(agent, customer)).isEqualTo(statements);
        }
    }

    @Nested
    class BadInput {
        @Test
        void unknownOrBorrowedSourcesFutureTimesAndGrantsWithoutEvidenceAreRefusedAndNothingIsWritten() {
            Fixtures.Agent agent = fixtures.agent().create();
            UUID customer = fixtures.policyholder().of(agent).create();
            Map<String, Object> unknownSource = consent(true, null, "agreed", null);
            unknownSource.put("source", "carrier_pigeon");
            Map<String, Object> borrowedSource = consent(true, null, "agreed", null);
            borrowedSource.put("source", "whatsapp_reply");

            List<BookApi.Response> answers = List.of(
                    put(agent, customer, unknownSource),
                    put(agent, customer, borrowedSource),
                    put(agent, customer, consent(true, null, "agreed", Instant.now().plus(1, ChronoUnit.DAYS))),
                    put(agent, customer, consent(true, null, null, null)),
                    put(agent, customer, consent(null, null, "nothing said", null)),
                    put(agent, customer, consent(true, null, "x".repeat(1001), null)),
                    put(agent, customer, Map.of("whatsappPromotions", true, "evidence", "agreed")),
                    put(agent, customer, Map.of("whatsappUtility", "maybe", "evidence", "agreed")));

            assertThat(answers).extracting(BookApi.Response::status).containsOnly(400);
            assertThat(answers.get(0).body().path("errors").get(0).path("field").asText()).isEqualTo("source");
            assertThat(answers.get(2).body().path("errors").get(0).path("field").asText()).isEqualTo("saidAt");
            assertThat(answers.get(3).body().path("errors").get(0).path("field").asText()).isEqualTo("evidence");
            assertThat(answers.getFirst().headers().path("Content-Type").asText()).isEqualTo("application/problem+json");
            assertThat(ledgerRows(agent, customer)).isZero();
            assertThat(state(agent, customer).get(0, Boolean.class)).isFalse();
        }

        @Test
        void aCustomerOutsideTheCallersBookIsNotFoundAndUntouched() {
            Fixtures.Agent agent = fixtures.agent().create();
            Fixtures.Agent other = fixtures.agent().create();
            UUID customer = fixtures.policyholder().of(other).create();

            BookApi.Response write = put(agent, customer, consent(true, null, "agreed", null));
            BookApi.Response read = get(agent, customer);

            assertThat(write.status()).isEqualTo(404);
            assertThat(read.status()).isEqualTo(404);
            assertThat(ledgerRows(other, customer)).isZero();
        }

        @Test
        void aCustomerCannotRecordThroughTheAgentsRoute() {
            Fixtures.Agent agent = fixtures.agent().create();
            UUID customer = fixtures.policyholder().of(agent).create();
            BookApi.User login = api.policyholderLogin(agent.tenant(), customer);

            BookApi.Response response = api.call("PUT", "/policyholders/{id}/consent",
                    "/policyholders/" + customer + "/consent").id(customer).as(login)
                    .body(consent(true, null, "agreed", null)).send();

            assertThat(response.status()).isEqualTo(403);
            assertThat(ledgerRows(agent, customer)).isZero();
        }
    }
}
