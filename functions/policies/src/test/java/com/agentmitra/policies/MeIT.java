package com.agentmitra.policies;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.testing.Fixtures;
import java.util.Map;
import java.util.UUID;
import org.jooq.Record;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@code GET/PATCH /me}: what every signed-in person may see and change about themself. */
class MeIT {

    private final BookApi api = new BookApi();
    private final Fixtures fixtures = api.fixtures;

    @Nested
    class ACustomer {
        private final Fixtures.Agent agent = fixtures.agent().create();
        private final UUID customer = fixtures.policyholder().of(agent).named("Meera").create();
        private final BookApi.User login = api.policyholderLogin(agent.tenant(), customer);

        private BookApi.Response patch(Object body) {
            return api.call("PATCH", "/me", "/me").as(login).body(body).send();
        }

        private Record row() {
            return api.db.ownerDsl(agent.tenant()).fetchSingle("select preferred_language,"
                    + " communication_preferences::text, whatsapp_utility_opt_in, whatsapp_marketing_opt_in from "
                    + agent.tenant().schema() + ".policyholders where policyholder_id = ?", customer);
        }

        @Test
        void seesTheirRecordTheirCategoriesAllOnAndTheirConsent() {
            api.call("PUT", "/policyholders/{id}/consent", "/policyholders/" + customer + "/consent").id(customer)
                    .as(agent).body(Map.of("whatsappUtility", true, "evidence", "agreed on a call")).send();

            BookApi.Response me = api.call("GET", "/me", "/me").as(login).send();

            assertThat(me.status()).isEqualTo(200);
            assertThat(me.text("role")).isEqualTo("policyholder");
            assertThat(me.text("policyholderId")).isEqualTo(customer.toString());
            assertThat(me.text("firstName")).isEqualTo("Meera");
            assertThat(me.body().path("notificationPreferences").path("premiumReminders").asBoolean()).isTrue();
            assertThat(me.body().path("notificationPreferences").path("greetingsAndOffers").asBoolean()).isTrue();
            assertThat(me.body().path("whatsappConsent").path("whatsappUtility").asBoolean()).isTrue();
            assertThat(me.body().path("whatsappConsent").path("whatsappMarketing").asBoolean()).isFalse();
        }

        @Test
        void withdrawsInOneCallRecordedAsTheirOwnStatementInTheApp() {
            api.call("PUT", "/policyholders/{id}/consent", "/policyholders/" + customer + "/consent").id(customer)
                    .as(agent).body(Map.of("whatsappUtility", true, "evidence", "agreed on a call")).send();

            BookApi.Response response = patch(Map.of("whatsappUtility", false));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body().path("whatsappConsent").path("whatsappUtility").asBoolean()).isFalse();
            assertThat(row().get(2, Boolean.class)).isFalse();
            Record entry = api.db.ownerDsl(agent.tenant()).fetchSingle("select source, granted, recorded_by,"
                    + " recorded_by_role from " + agent.tenant().schema() + ".consent_events where policyholder_id = ?"
                    + " order by recorded_at desc limit 1", customer);
            assertThat(entry.get(0, String.class)).isEqualTo("app");
            assertThat(entry.get(1, Boolean.class)).isFalse();
            assertThat(entry.get(2, UUID.class)).isEqualTo(login.userId());
            assertThat(entry.get(3, String.class)).isEqualTo("policyholder");
        }

        @Test
        void changesLanguageAndOneCategoryKeepingTheOthers() {
            patch(Map.of("notificationPreferences", Map.of("greetingsAndOffers", false)));

            BookApi.Response response = patch(Map.of("preferredLanguage", "hi",
                    "notificationPreferences", Map.of("premiumReminders", false), "displayName", " Meera K "));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text("preferredLanguage")).isEqualTo("hi");
            assertThat(response.text("displayName")).isEqualTo("Meera K");
            assertThat(response.body().path("notificationPreferences").path("premiumReminders").asBoolean()).isFalse();
            assertThat(response.body().path("notificationPreferences").path("callbackUpdates").asBoolean()).isTrue();
            assertThat(response.body().path("notificationPreferences").path("greetingsAndOffers").asBoolean())
                    .isFalse();
            Record row = row();
            assertThat(row.get(0, String.class)).isEqualTo("hi");
            assertThat(row.get(1, String.class)).contains("\"premiumReminders\": false")
                    .contains("\"greetingsAndOffers\": false");
        }

        @Test
        void theSampleEventsOfTheRoutesWorkAsShipped() {
            BookApi.Response read = api.sample("get-me.json", login.claims());
            BookApi.Response changed = api.sample("update-me.json", login.claims());

            assertThat(read.status()).isEqualTo(200);
            assertThat(changed.status()).isEqualTo(200);
            assertThat(changed.text("preferredLanguage")).isEqualTo("hi");
            assertThat(changed.body().path("whatsappConsent").path("whatsappUtility").asBoolean()).isFalse();
            assertThat(row().get(0, String.class)).isEqualTo("hi");
        }

        @Test
        void badFieldsAreNamedTogetherAndNothingChanges() {
            BookApi.Response response = patch(Map.of("preferredLanguage", "klingon", "displayName", "x".repeat(101),
                    "whatsappUtility", true));

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body().path("errors")).hasSize(2);
            assertThat(row().get(0, String.class)).isEqualTo("en");
            assertThat(row().get(2, Boolean.class)).isFalse();
        }
    }

    @Nested
    class AnAgent {
        @Test
        void changesTheirOwnLoginAndCannotGiveCustomerConsent() {
            Fixtures.Agent agent = fixtures.agent().create();

            BookApi.Response changed = api.call("PATCH", "/me", "/me").as(agent).body(Map.of("displayName",
                    "Ravi (LIC)", "preferredLanguage", "hi", "notificationPreferences",
                    Map.of("callbackUpdates", false))).send();
            BookApi.Response consent = api.call("PATCH", "/me", "/me").as(agent)
                    .body(Map.of("whatsappMarketing", true)).send();

            assertThat(changed.status()).isEqualTo(200);
            assertThat(changed.text("role")).isEqualTo("junior_agent");
            assertThat(changed.body().has("whatsappConsent")).isFalse();
            Record user = api.db.ownerDsl(agent.tenant()).fetchSingle("select display_name, language_preference,"
                    + " notification_preferences::text from " + agent.tenant().schema() + ".users where user_id = ?",
                    agent.userId());
            assertThat(user.get(0, String.class)).isEqualTo("Ravi (LIC)");
            assertThat(user.get(1, String.class)).isEqualTo("hi");
            assertThat(user.get(2, String.class)).contains("\"callbackUpdates\": false");
            assertThat(consent.status()).isEqualTo(400);
            assertThat(consent.body().path("errors").get(0).path("field").asText()).isEqualTo("whatsappMarketing");
        }

        @Test
        void meNeedsASignedInCaller() {
            assertThat(api.call("GET", "/me", "/me").anonymous().send().status()).isEqualTo(401);
            assertThat(api.call("PATCH", "/me", "/me").anonymous().body("{}").send().status()).isEqualTo(401);
        }
    }
}
