package com.agentmitra.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.data.Tenant;
import com.agentmitra.lambda.local.InProcessFunction;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.TestDatabase;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET/PUT /me/dashboard and POST /events on PostgreSQL: per user, validated, bounded, no personal data stored. */
class DashboardAndEventsIT {

    private static final TestDatabase db = TestDatabase.get();
    private static InProcessFunction api;

    private final Fixtures fixtures = new Fixtures(db);
    private Tenant lic;
    private Fixtures.Agent agent;
    private Fixtures.Agent other;

    @BeforeAll
    static void startFunction() {
        api = ReportsStack.start("ReportsApiFunction", "reportsApi");
    }

    @BeforeEach
    void twoUsers() {
        lic = db.lic();
        agent = fixtures.agent().create();
        other = fixtures.agent().create();
    }

    private ApiCall.Answer put(Fixtures.Agent who, Object body) {
        return ApiCall.send("PUT", "/me/dashboard", body).as(who.claims()).send(api);
    }

    private ApiCall.Answer events(Fixtures.Agent who, Object body) {
        return ApiCall.send("POST", "/events", body).as(who.claims()).send(api);
    }

    private long storedEvents(Fixtures.Agent who) {
        return db.ownerDsl(lic).fetchSingle("select count(*) from " + lic.schema() + ".user_events where user_id = ?",
                who.userId()).get(0, Long.class);
    }

    private static Map<String, Object> event(String name, Map<String, Object> properties) {
        Map<String, Object> event = new HashMap<>();
        event.put("type", "screen_view");
        event.put("name", name);
        event.put("clientTime", OffsetDateTime.now().minusMinutes(5).toString());
        event.put("appVersion", "2.4.1");
        event.put("properties", properties);
        return event;
    }

    @Test
    void theDashboardIsDefaultsUntilSavedAndThenEachUsersOwn() {
        ApiCall.Answer before = ApiCall.get("/me/dashboard").as(agent.claims()).send(api);
        assertThat(before.status()).isEqualTo(200);
        assertThat(before.body().path("refreshIntervalSeconds").asInt()).isEqualTo(300);
        assertThat(before.body().path("theme").asText()).isEqualTo("light");

        ApiCall.Answer saved = put(agent, Map.of("visibleWidgets", List.of("premium_due", "team_totals"),
                "layout", Map.of("columns", 3, "order", List.of("team_totals", "premium_due")),
                "chartPreferences", Map.of("premium", Map.of("kind", "bar")), "refreshIntervalSeconds", 60,
                "theme", "dark"));
        assertThat(saved.status()).isEqualTo(200);
        put(agent, Map.of("visibleWidgets", List.of("premium_due"), "theme", "auto")); // replaced whole

        ApiCall.Answer mine = ApiCall.get("/me/dashboard").as(agent.claims()).send(api);
        ApiCall.Answer theirs = ApiCall.get("/me/dashboard").as(other.claims()).send(api);
        assertThat(mine.body().path("visibleWidgets").get(0).asText()).isEqualTo("premium_due");
        assertThat(mine.body().path("visibleWidgets")).hasSize(1);
        assertThat(mine.body().path("theme").asText()).isEqualTo("auto");
        assertThat(mine.body().path("refreshIntervalSeconds").asInt()).isEqualTo(300);
        assertThat(theirs.body().path("theme").asText()).isEqualTo("light");
        assertThat(db.ownerDsl(lic).fetchSingle("select count(*) from " + lic.schema()
                + ".dashboard_preferences where user_id = ?", agent.userId()).get(0, Integer.class)).isEqualTo(1);
    }

    @Test
    void dashboardPreferencesAreValidatedAndBounded() {
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 41; i++) {
            tooMany.add("w" + i);
        }
        Map<String, Object> deep = Map.of("a", Map.of("b", Map.of("c", Map.of("d", Map.of("e", Map.of("f",
                Map.of("g", 1)))))));
        assertThat(put(agent, Map.of("visibleWidgets", tooMany)).fields()).containsExactly("visibleWidgets");
        assertThat(put(agent, Map.of("visibleWidgets", List.of("Bad Widget"))).fields())
                .containsExactly("visibleWidgets");
        assertThat(put(agent, Map.of("visibleWidgets", List.of("a", "a"))).fields()).containsExactly("visibleWidgets");
        assertThat(put(agent, Map.of("refreshIntervalSeconds", 5)).fields()).containsExactly("refreshIntervalSeconds");
        assertThat(put(agent, Map.of("theme", "neon")).fields()).containsExactly("theme");
        assertThat(put(agent, Map.of("layout", List.of(1))).fields()).containsExactly("layout");
        assertThat(put(agent, Map.of("layout", deep)).fields()).containsExactly("layout");
        assertThat(put(agent, Map.of("layout", Map.of("x", "y".repeat(17_000)))).fields()).containsExactly("layout");
        assertThat(put(agent, Map.of("owner", other.userId())).status()).isEqualTo(400);
        assertThat(ApiCall.get("/me/dashboard").as(agent.claims()).send(api).body().path("theme").asText())
                .as("nothing saved").isEqualTo("light");
    }

    @Test
    void aHundredEventsAreStoredAsTheUser() {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            batch.add(event("policies/list", Map.of("tab", "due", "position", i, "offline", false)));
        }

        ApiCall.Answer answer = events(agent, Map.of("events", batch));

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.body().path("accepted").asInt()).isEqualTo(100);
        assertThat(storedEvents(agent)).isEqualTo(100);
        var row = db.ownerDsl(lic).fetch("select event_type, event_label, event_properties::text p,"
                + " device_info::text d from " + lic.schema() + ".user_events where user_id = ?", agent.userId()).get(0);
        assertThat(row.get("event_type", String.class)).isEqualTo("screen_view");
        assertThat(row.get("event_label", String.class)).isEqualTo("policies/list");
        assertThat(row.get("p", String.class)).contains("\"tab\": \"due\"");
        assertThat(row.get("d", String.class)).contains("2.4.1");
    }

    @Test
    void personalDataInPropertiesRefusesTheWholeBatchAndIsNeverEchoed() {
        for (Map<String, Object> properties : List.of(
                Map.<String, Object>of("phone", "x"),
                Map.<String, Object>of("customer_email", "x"),
                Map.<String, Object>of("name", "Ravi"),
                Map.<String, Object>of("note", "+91 98765 43210"),
                Map.<String, Object>of("note", "ravi@example.com"),
                Map.<String, Object>of("ref", "ABCDE1234F"),
                Map.<String, Object>of("ref", 123456789012L))) {
            ApiCall.Answer answer = events(agent, Map.of("events", List.of(event("home", Map.of("tab", "due")),
                    event("home", properties))));
            assertThat(answer.status()).as(properties.toString()).isEqualTo(400);
            assertThat(answer.fields()).singleElement().asString().startsWith("events[1].properties.");
            assertThat(answer.text()).doesNotContain("98765").doesNotContain("ravi@").doesNotContain("ABCDE1234F")
                    .doesNotContain("123456789012");
        }
        assertThat(storedEvents(agent)).isZero();
    }

    @Test
    void personalDataAfterALineBreakIsFoundToo() {
        for (String text : List.of("call me\n+91 98765 43210", "first line\nravi@example.com",
                "pan\r\nABCDE1234F")) {
            ApiCall.Answer answer = events(agent, Map.of("events", List.of(event("home", Map.of("note", text)))));
            assertThat(answer.status()).as(text).isEqualTo(400);
            assertThat(answer.fields()).containsExactly("events[0].properties.note");
        }
        assertThat(storedEvents(agent)).isZero();
    }

    @Test
    void batchesAndEventsAreBounded() {
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            tooMany.add(event("home", Map.of()));
        }
        Map<String, Object> longValue = Map.of("tab", "x".repeat(201));
        Map<String, Object> nested = Map.of("tab", Map.of("a", 1));
        Map<String, Object> manyProperties = new HashMap<>();
        for (int i = 0; i < 21; i++) {
            manyProperties.put("p" + i, i);
        }
        Map<String, Object> old = event("home", Map.of());
        old.put("clientTime", OffsetDateTime.now().minusDays(8).toString());
        Map<String, Object> badType = event("home", Map.of());
        badType.put("type", "purchase");
        Map<String, Object> extra = event("home", Map.of());
        extra.put("userId", other.userId().toString());

        assertThat(events(agent, Map.of("events", tooMany)).fields()).containsExactly("events");
        assertThat(events(agent, Map.of("events", List.of())).fields()).containsExactly("events");
        assertThat(events(agent, Map.of("events", List.of(event("home", longValue)))).fields())
                .containsExactly("events[0].properties.tab");
        assertThat(events(agent, Map.of("events", List.of(event("home", nested)))).fields())
                .containsExactly("events[0].properties.tab");
        assertThat(events(agent, Map.of("events", List.of(event("home", manyProperties)))).fields())
                .containsExactly("events[0].properties");
        assertThat(events(agent, Map.of("events", List.of(old))).fields()).containsExactly("events[0].clientTime");
        assertThat(events(agent, Map.of("events", List.of(badType))).fields()).containsExactly("events[0].type");
        assertThat(events(agent, Map.of("events", List.of(extra))).fields()).containsExactly("events[0]");
        assertThat(events(agent, Map.of("events", List.of(event("x".repeat(101), Map.of())))).fields())
                .containsExactly("events[0].name");
        assertThat(storedEvents(agent)).isZero();
    }

    @Test
    void theSameIdempotencyKeyStoresTheBatchOnce() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("events", List.of(event("home", Map.of())));

        ApiCall.Answer first = ApiCall.send("POST", "/events", body).as(agent.claims()).header("Idempotency-Key", key)
                .send(api);
        ApiCall.Answer again = ApiCall.send("POST", "/events", body).as(agent.claims()).header("Idempotency-Key", key)
                .send(api);

        assertThat(first.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(202);
        assertThat(storedEvents(agent)).isEqualTo(1);
    }
}
