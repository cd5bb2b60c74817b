package com.agentmitra.policies;

import static com.agentmitra.data.jooq.tenant.Tables.INSURANCE_POLICIES;
import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;
import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.data.jooq.shared.enums.PolicyStatusEnum;
import com.agentmitra.domain.time.BusinessDay;
import com.agentmitra.testing.Fixtures;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Issue 20, big books: a manager's lists are read per visible agent and merged (tenant V160's indexes), and the
 * dashboard is read from the figures the writes keep (tenant V161). Both must answer exactly what reading and sorting
 * the whole visible book answered: every order, every page, every filter, every kind of write.
 */
class BigBookReadsIT {

    private final BookApi api = new BookApi();
    private final Fixtures fixtures = api.fixtures;
    private final LocalDate today = BusinessDay.today(Clock.systemUTC());

    /** A senior agent over two sub-agents, one of which has a sub-agent of its own; and an agent outside. */
    private record Team(Fixtures.Agent senior, Fixtures.Agent first, Fixtures.Agent second, Fixtures.Agent grandchild,
            Fixtures.Agent outsider) {
        List<UUID> visible() {
            return List.of(senior.agentId(), first.agentId(), second.agentId(), grandchild.agentId());
        }
    }

    private Team team() {
        Fixtures.Agent senior = fixtures.agent().senior().create();
        Fixtures.Agent first = fixtures.agent().under(senior).create();
        Fixtures.Agent second = fixtures.agent().senior().under(senior).create();
        return new Team(senior, first, second, fixtures.agent().under(second).create(), fixtures.agent().create());
    }

    private DSLContext owner(Team team) {
        return api.db.ownerDsl(team.senior().tenant());
    }

    /** Policies spread over every book of the team, due dates interleaved (some missing), some lapsed. */
    private void books(Team team) {
        List<Fixtures.Agent> agents = List.of(team.senior(), team.first(), team.second(), team.grandchild(),
                team.outsider());
        int n = 0;
        for (int round = 0; round < 4; round++) {
            for (Fixtures.Agent agent : agents) {
                UUID holder = fixtures.policyholder().of(agent).named(round % 2 == 0 ? "Kulkarni" : "Sharma")
                        .create();
                UUID policy = fixtures.policy().of(agent, holder).premium((1000 + 100 * n) + ".00")
                        .status(n % 7 == 3 ? PolicyStatusEnum.lapsed : PolicyStatusEnum.active).create();
                LocalDate due = n % 5 == 4 ? null : today.plusDays((n * 11) % 45 - 12);
                owner(team).update(INSURANCE_POLICIES).set(INSURANCE_POLICIES.NEXT_PAYMENT_DATE, due)
                        .where(INSURANCE_POLICIES.POLICY_ID.eq(policy)).execute();
                n++;
            }
        }
    }

    @Nested
    class Lists {
        /** Every page of {@code GET /policies} in {@code sort}, {@code limit} at a time, following the cursors. */
        private List<String> pages(Fixtures.Agent caller, String sort, int limit, Map<String, Object> filters) {
            List<String> ids = new ArrayList<>();
            String cursor = null;
            for (int page = 0; page < 50; page++) {
                BookApi.Call call = api.call("GET", "/policies", "/policies").as(caller).query("sort", sort)
                        .query("limit", limit);
                filters.forEach(call::query);
                if (cursor != null) {
                    call.query("cursor", cursor);
                }
                BookApi.Response response = call.send();
                assertThat(response.status()).isEqualTo(200);
                JsonNode items = response.body().path("items");
                assertThat(items.size()).isLessThanOrEqualTo(limit);
                ids.addAll(items.findValuesAsText("id"));
                if (!response.body().hasNonNull("nextCursor")) {
                    return ids;
                }
                cursor = response.text("nextCursor");
            }
            throw new AssertionError("more than 50 pages");
        }

        /** The visible book read whole and sorted, as the list was answered before issue 20. */
        private List<String> expected(Team team, String sort, Condition keep) {
            return BookOrder.ids(owner(team), team.visible(), sort, keep);
        }

        @Test
        void aManagersPagesMergeEverySubAgentsBookInEveryOrder() {
            Team team = team();
            books(team);
            for (String sort : List.of("newest", "policyNumber", "nextPaymentDate")) {
                List<String> expected = expected(team, sort, DSL.noCondition());
                assertThat(expected).hasSize(16);
                for (int limit : List.of(1, 3, 25)) {
                    assertThat(pages(team.senior(), sort, limit, Map.of())).as("%s, %d a page", sort, limit)
                            .containsExactlyElementsOf(expected);
                }
            }
        }

        @Test
        void aBookHoldingMostOfAPageStillMergesExactly() {
            // a merged page's first round reads a few rows of each book (PolicyRepository.firstRoundRows: 9 of each
            // of these four books for a page of 10, 20 for a page of 25); here the newest 30 policies are all the
            // first sub-agent's, so in the newest order that round cannot know the page and each book's first rows
            // are read instead
            Team team = team();
            books(team);
            for (int i = 0; i < 30; i++) {
                fixtures.policy().of(team.first(), fixtures.policyholder().of(team.first()).create()).create();
            }
            for (String sort : List.of("newest", "policyNumber", "nextPaymentDate")) {
                List<String> expected = expected(team, sort, DSL.noCondition());
                assertThat(expected).hasSize(46);
                for (int limit : List.of(3, 10, 25)) {
                    assertThat(pages(team.senior(), sort, limit, Map.of())).as("%s, %d a page", sort, limit)
                            .containsExactlyElementsOf(expected);
                }
            }
        }

        @Test
        void aHundredAndTwoBooksMergeInEveryOrder() {
            // a regional manager's territory: 102 books, one policy each (every book read whole in the first round)
            Fixtures.Agent senior = fixtures.agent().senior().create();
            List<UUID> visible = new ArrayList<>(List.of(senior.agentId()));
            for (int i = 0; i < 101; i++) {
                Fixtures.Agent sub = fixtures.agent().under(senior).create();
                visible.add(sub.agentId());
                UUID holder = fixtures.policyholder().of(sub).named(i % 3 == 0 ? "Kulkarni" : "Sharma").create();
                UUID policy = fixtures.policy().of(sub, holder).create();
                LocalDate due = i % 5 == 4 ? null : today.plusDays((i * 11) % 45 - 12);
                api.db.ownerDsl(senior.tenant()).update(INSURANCE_POLICIES)
                        .set(INSURANCE_POLICIES.NEXT_PAYMENT_DATE, due)
                        .where(INSURANCE_POLICIES.POLICY_ID.eq(policy)).execute();
            }
            DSLContext owner = api.db.ownerDsl(senior.tenant());
            for (String sort : List.of("newest", "policyNumber", "nextPaymentDate")) {
                List<String> expected = BookOrder.ids(owner, visible, sort, DSL.noCondition());
                assertThat(expected).hasSize(101);
                assertThat(pages(senior, sort, 25, Map.of())).as(sort).containsExactlyElementsOf(expected);
                assertThat(pages(senior, sort, 10, Map.of("q", "kulkarni"))).as(sort)
                        .containsExactlyElementsOf(BookOrder.ids(owner, visible, sort,
                                POLICYHOLDERS.FIRST_NAME.eq("Kulkarni")));
            }
        }

        @Test
        void aManagersFiltersAndSearchKeepTheOrderAndThePages() {
            Team team = team();
            books(team);
            var ip = INSURANCE_POLICIES;
            for (String sort : List.of("newest", "policyNumber", "nextPaymentDate")) {
                assertThat(pages(team.senior(), sort, 2, Map.of("q", "kulkarni")))
                        .containsExactlyElementsOf(expected(team, sort,
                                POLICYHOLDERS.FIRST_NAME.eq("Kulkarni")));
                assertThat(pages(team.senior(), sort, 2, Map.of("status", "lapsed")))
                        .containsExactlyElementsOf(expected(team, sort,
                                ip.STATUS.eq(PolicyStatusEnum.lapsed)));
                assertThat(pages(team.senior(), sort, 2, Map.of("agentId", team.grandchild().agentId())))
                        .containsExactlyElementsOf(expected(team, sort,
                                ip.AGENT_ID.eq(team.grandchild().agentId())));
            }
            assertThat(pages(team.senior(), "newest", 2, Map.of("agentId", team.outsider().agentId()))).isEmpty();
        }

        @Test
        void aSubAgentStillSeesOnlyTheirOwnBookInEveryOrder() {
            Team team = team();
            books(team);
            for (String sort : List.of("newest", "policyNumber", "nextPaymentDate")) {
                List<String> own = expected(team, sort,
                        INSURANCE_POLICIES.AGENT_ID.eq(team.first().agentId()));
                assertThat(own).hasSize(4);
                assertThat(pages(team.first(), sort, 3, Map.of())).containsExactlyElementsOf(own);
            }
        }
    }

    @Nested
    class Dashboard {
        /** The dashboard as it was computed before issue 20: live, over the visible book. */
        private Map<String, Object> live(Team team, List<UUID> agents) {
            var ip = INSURANCE_POLICIES;
            var active = ip.STATUS.eq(PolicyStatusEnum.active);
            var due7 = active.and(ip.NEXT_PAYMENT_DATE.between(today, today.plusDays(7)));
            var due30 = active.and(ip.NEXT_PAYMENT_DATE.between(today, today.plusDays(30)));
            var grace = active.and(ip.NEXT_PAYMENT_DATE.lt(today)).and(ip.NEXT_PAYMENT_DATE.ge(today.minusDays(30)));
            Record r = owner(team).select(DSL.count().filterWhere(active), sum(active), DSL.count().filterWhere(due7),
                            sum(due7), DSL.count().filterWhere(due30), sum(due30), DSL.count().filterWhere(grace),
                            DSL.count().filterWhere(ip.STATUS.eq(PolicyStatusEnum.lapsed)))
                    .from(ip).where(ip.AGENT_ID.in(agents)).fetchSingle();
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("policyholders", (long) owner(team).fetchCount(POLICYHOLDERS,
                    POLICYHOLDERS.AGENT_ID.in(agents)));
            figures.put("activePolicies", r.get(0, Long.class));
            figures.put("premiumUnderManagement", money(r.get(1, BigDecimal.class)));
            figures.put("dueIn7Days", List.of(r.get(2, Long.class), money(r.get(3, BigDecimal.class))));
            figures.put("dueIn30Days", List.of(r.get(4, Long.class), money(r.get(5, BigDecimal.class))));
            figures.put("policiesInGrace", r.get(6, Long.class));
            figures.put("lapsedPolicies", r.get(7, Long.class));
            return figures;
        }

        private static org.jooq.Field<BigDecimal> sum(org.jooq.Condition where) {
            return DSL.coalesce(DSL.sum(INSURANCE_POLICIES.PREMIUM_AMOUNT).filterWhere(where), BigDecimal.ZERO);
        }

        private Map<String, Object> answered(Fixtures.Agent caller) {
            BookApi.Response response = api.call("GET", "/agents/me/dashboard", "/agents/me/dashboard").as(caller)
                    .send();
            assertThat(response.status()).isEqualTo(200);
            JsonNode body = response.body();
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("policyholders", body.path("policyholders").asLong());
            figures.put("activePolicies", body.path("activePolicies").asLong());
            figures.put("premiumUnderManagement", money(body.path("premiumUnderManagement").decimalValue()));
            figures.put("dueIn7Days", List.of(body.path("dueIn7Days").path("policies").asLong(),
                    money(body.path("dueIn7Days").path("amount").decimalValue())));
            figures.put("dueIn30Days", List.of(body.path("dueIn30Days").path("policies").asLong(),
                    money(body.path("dueIn30Days").path("amount").decimalValue())));
            figures.put("policiesInGrace", body.path("policiesInGrace").asLong());
            figures.put("lapsedPolicies", body.path("lapsedPolicies").asLong());
            return figures;
        }

        private void sameAsLive(Team team, String after) {
            assertThat(answered(team.senior())).as("the senior agent's, after %s", after)
                    .isEqualTo(live(team, team.visible()));
            assertThat(answered(team.second())).as("a sub-agent's, after %s", after)
                    .isEqualTo(live(team, List.of(team.second().agentId(), team.grandchild().agentId())));
            assertThat(answered(team.outsider())).as("the outsider's, after %s", after)
                    .isEqualTo(live(team, List.of(team.outsider().agentId())));
        }

        /** Amounts compared by value: two decimals, whatever scale they came in. */
        private static BigDecimal money(BigDecimal amount) {
            return amount.setScale(2, java.math.RoundingMode.UNNECESSARY);
        }

        private static BigDecimal money(String amount) {
            return money(new BigDecimal(amount));
        }

        @Test
        void theFiguresFollowEveryKindOfWrite() {
            Team team = team();
            books(team);
            sameAsLive(team, "adding policies and setting due dates");
            var ip = INSURANCE_POLICIES;
            var dsl = owner(team);
            UUID somePolicy = dsl.select(ip.POLICY_ID).from(ip).where(ip.AGENT_ID.eq(team.grandchild().agentId()))
                    .and(ip.STATUS.eq(PolicyStatusEnum.active)).limit(1).fetchSingle(ip.POLICY_ID);

            dsl.update(ip).set(ip.NEXT_PAYMENT_DATE, today.plusDays(2)).where(ip.POLICY_ID.eq(somePolicy)).execute();
            sameAsLive(team, "a premium falling due sooner");
            dsl.update(ip).set(ip.PREMIUM_AMOUNT, new BigDecimal("777.77")).where(ip.POLICY_ID.eq(somePolicy))
                    .execute();
            sameAsLive(team, "a premium changed");
            dsl.update(ip).set(ip.STATUS, PolicyStatusEnum.lapsed).where(ip.AGENT_ID.eq(team.first().agentId()))
                    .and(ip.STATUS.eq(PolicyStatusEnum.active)).execute();
            sameAsLive(team, "a sub-agent's whole book lapsing in one statement");
            dsl.update(ip).set(ip.STATUS, PolicyStatusEnum.active).set(ip.NEXT_PAYMENT_DATE, today.minusDays(3))
                    .where(ip.AGENT_ID.eq(team.first().agentId())).execute();
            sameAsLive(team, "the book revived, now in grace");
            dsl.update(ip).set(ip.AGENT_ID, team.outsider().agentId()).where(ip.POLICY_ID.eq(somePolicy)).execute();
            sameAsLive(team, "a policy moved out of the team");
            dsl.update(ip).set(ip.PLAN_NAME, "Renamed plan").where(ip.AGENT_ID.in(team.visible())).execute();
            sameAsLive(team, "an update that changes no figure");
            UUID holder = dsl.select(POLICYHOLDERS.POLICYHOLDER_ID).from(POLICYHOLDERS)
                    .where(POLICYHOLDERS.AGENT_ID.eq(team.second().agentId())).limit(1)
                    .fetchSingle(POLICYHOLDERS.POLICYHOLDER_ID);
            dsl.update(POLICYHOLDERS).set(POLICYHOLDERS.AGENT_ID, team.outsider().agentId())
                    .where(POLICYHOLDERS.POLICYHOLDER_ID.eq(holder)).execute();
            sameAsLive(team, "a customer moved out of the team");
            dsl.deleteFrom(ip).where(ip.POLICYHOLDER_ID.eq(holder)).execute();
            dsl.deleteFrom(POLICYHOLDERS).where(POLICYHOLDERS.POLICYHOLDER_ID.eq(holder)).execute();
            sameAsLive(team, "a customer and their policies deleted");
        }

        @Test
        void aPremiumRecordedThroughTheApiShowsAtOnce() {
            Team team = team();
            UUID holder = fixtures.policyholder().of(team.first()).create();
            UUID policy = fixtures.policy().of(team.first(), holder).premium("2500.00").create();
            owner(team).update(INSURANCE_POLICIES).set(INSURANCE_POLICIES.NEXT_PAYMENT_DATE, today.plusDays(5))
                    .where(INSURANCE_POLICIES.POLICY_ID.eq(policy)).execute();
            assertThat(answered(team.senior()).get("dueIn7Days")).isEqualTo(List.of(1L, money("2500")));

            BookApi.Response paid = api.call("POST", "/policies/{id}/payments", "/policies/" + policy + "/payments")
                    .id(policy).as(team.first())
                    .body(Map.of("amount", 2500, "paidOn", today.toString(), "receiptNumber", "R-BIG-1",
                            "paymentMethod", "upi"))
                    .send();

            assertThat(paid.status()).as(paid.raw()).isIn(200, 201);
            assertThat(answered(team.senior()).get("dueIn7Days")).isEqualTo(List.of(0L, money("0")));
            sameAsLive(team, "a premium recorded");
        }

        @Test
        void rebuildingTheFiguresFromTheBookFindsWhatTheWritesKept() {
            Team team = team();
            books(team);
            var dsl = owner(team);
            dsl.update(INSURANCE_POLICIES).set(INSURANCE_POLICIES.STATUS, PolicyStatusEnum.lapsed)
                    .where(INSURANCE_POLICIES.AGENT_ID.eq(team.second().agentId())).execute();
            String schema = team.senior().tenant().schema();
            String figures = "select agent_id, policyholders, active_policies, active_premium, lapsed_policies from "
                    + schema + ".agent_book_figures where agent_id = any(?) order by agent_id";
            String due = "select agent_id, due_date, policies, premium from " + schema
                    + ".agent_book_due where agent_id = any(?) order by agent_id, due_date";
            UUID[] agents = List.of(team.senior(), team.first(), team.second(), team.grandchild(), team.outsider())
                    .stream().map(Fixtures.Agent::agentId).toArray(UUID[]::new);
            var keptFigures = dsl.fetch(figures, (Object) agents).intoMaps();
            var keptDue = dsl.fetch(due, (Object) agents).intoMaps();
            assertThat(keptDue).isNotEmpty();

            dsl.execute("select " + schema + ".rebuild_agent_book_figures()");

            assertThat(dsl.fetch(figures, (Object) agents).intoMaps()).isEqualTo(keptFigures);
            assertThat(dsl.fetch(due, (Object) agents).intoMaps()).isEqualTo(keptDue);
        }
    }
}
