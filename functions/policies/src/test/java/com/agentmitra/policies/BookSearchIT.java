package com.agentmitra.policies;

import static com.agentmitra.data.jooq.tenant.Tables.INSURANCE_POLICIES;
import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;
import static com.agentmitra.data.jooq.tenant.Tables.WALK_BOOK_SEARCH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Role;
import com.agentmitra.data.Tenant;
import com.agentmitra.testing.Fixtures;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Issue 20, big books: a search finds its matches through tenant V205's functions (owner rights, V204's indexed
 * tables), which must answer exactly what the caller's row level security shows - never a customer outside the
 * caller's book, never another tenant's - and the pages read by those ids must be the pages the walk answered.
 */
class BookSearchIT {

    private final BookApi api = new BookApi();
    private final Fixtures fixtures = api.fixtures;

    /** A senior agent over a sub-agent and the sub-agent's sibling; an agent outside. */
    private record Team(Fixtures.Agent senior, Fixtures.Agent first, Fixtures.Agent second,
            Fixtures.Agent outsider) {}

    private Team team() {
        Fixtures.Agent senior = fixtures.agent().senior().create();
        return new Team(senior, fixtures.agent().under(senior).create(), fixtures.agent().under(senior).create(),
                fixtures.agent().create());
    }

    /**
     * A surname no other test uses, so the tenant-wide tables hold only this test's matches: letters only, because
     * a term with 4 digits or more also matches phones holding them (a random hex suffix with its digits once
     * matched other tests' customers by phone in an administrator's tenant-wide search).
     */
    private static String unique(String prefix) {
        StringBuilder name = new StringBuilder(prefix);
        for (char c : UUID.randomUUID().toString().replace("-", "").substring(0, 10).toCharArray()) {
            name.append(Character.isDigit(c) ? (char) ('g' + (c - '0')) : c);
        }
        return name.toString();
    }

    private UUID customer(Fixtures.Agent agent, String surname, String phone) {
        UUID id = fixtures.policyholder().of(agent).phone(phone).create();
        api.db.ownerDsl(agent.tenant()).update(POLICYHOLDERS).set(POLICYHOLDERS.LAST_NAME, surname)
                .where(POLICYHOLDERS.POLICYHOLDER_ID.eq(id)).execute();
        return id;
    }

    private static String phone() {
        return "+9179" + String.format("%08d", (long) (Math.random() * 100_000_000L));
    }

    /** What {@code search_customer_ids} answers the caller, in the caller's own transaction (application role). */
    private Set<UUID> found(Caller caller, String term) {
        return new HashSet<>(api.db.database().inTransaction(caller, tx -> tx.fetch(
                "select id from " + caller.tenant().schema() + ".search_customer_ids(?, 100) as m(id)", term)
                .getValues(0, UUID.class)));
    }

    /** The customers the caller's row level security shows that match {@code term}, by a plain walk. */
    private Set<UUID> visibleMatches(Caller caller, String term) {
        String pattern = "%" + QueryParameters.likeLiteral(term.toLowerCase(java.util.Locale.ROOT)) + "%";
        return new HashSet<>(api.db.database().inTransaction(caller, tx -> tx.select(POLICYHOLDERS.POLICYHOLDER_ID)
                .from(POLICYHOLDERS).where(DSL.lower(POLICYHOLDERS.FULL_NAME).like(pattern, '\\'))
                .fetch(POLICYHOLDERS.POLICYHOLDER_ID)));
    }

    private List<String> searchPages(Object caller, String path, String q, String sort, int limit) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 200; page++) {
            BookApi.Call call = api.call("GET", path, path).query("q", q).query("limit", limit);
            if (caller instanceof Fixtures.Agent agent) {
                call.as(agent);
            } else {
                call.as((BookApi.User) caller);
            }
            if (sort != null) {
                call.query("sort", sort);
            }
            if (cursor != null) {
                call.query("cursor", cursor);
            }
            BookApi.Response response = call.send();
            assertThat(response.status()).as(response.raw()).isEqualTo(200);
            JsonNode items = response.body().path("items");
            ids.addAll(items.findValuesAsText("id"));
            if (!response.body().hasNonNull("nextCursor")) {
                return ids;
            }
            cursor = response.text("nextCursor");
        }
        throw new AssertionError("more than 200 pages");
    }

    @Nested
    class Visibility {

        @Test
        void eachCallerFindsExactlyWhatTheirRowLevelSecurityShows() {
            Team team = team();
            String surname = unique("Zed");
            UUID own = customer(team.senior(), surname, phone());
            UUID first = customer(team.first(), surname, phone());
            UUID second = customer(team.second(), surname, phone());
            UUID outside = customer(team.outsider(), surname, phone());

            assertThat(found(team.senior().caller(), surname)).containsExactlyInAnyOrder(own, first, second)
                    .isEqualTo(visibleMatches(team.senior().caller(), surname));
            assertThat(found(team.first().caller(), surname)).containsExactly(first)
                    .isEqualTo(visibleMatches(team.first().caller(), surname));
            assertThat(found(team.outsider().caller(), surname)).containsExactly(outside)
                    .isEqualTo(visibleMatches(team.outsider().caller(), surname));

            Tenant lic = team.senior().tenant();
            BookApi.User admin = api.providerAdmin(lic);
            Caller adminCaller = Caller.user(lic, admin.userId(), Role.INSURANCE_PROVIDER_ADMIN);
            assertThat(found(adminCaller, surname)).containsExactlyInAnyOrder(own, first, second, outside);

            BookApi.User holder = api.policyholderLogin(lic, first);
            Caller holderCaller = Caller.user(lic, holder.userId(), Role.POLICYHOLDER);
            assertThat(found(holderCaller, surname)).containsExactly(first)
                    .isEqualTo(visibleMatches(holderCaller, surname));
            assertThat(found(Caller.user(lic, admin.userId(), Role.GUEST), surname)).isEmpty();
        }

        @Test
        void anotherTenantsTransactionFindsNothingInThisTenantsSchema() {
            Team team = team();
            String surname = unique("Yon");
            customer(team.senior(), surname, phone());
            Tenant hdfc = api.db.hdfc();
            BookApi.User hdfcAdmin = api.providerAdmin(hdfc);
            Caller other = Caller.user(hdfc, hdfcAdmin.userId(), Role.INSURANCE_PROVIDER_ADMIN);
            String licSchema = team.senior().tenant().schema();

            List<UUID> seen = api.db.database().inTransaction(other, tx -> tx.fetch(
                    "select id from " + licSchema + ".search_customer_ids(?, 100) as m(id)", surname)
                    .getValues(0, UUID.class));
            List<UUID> policies = api.db.database().inTransaction(other, tx -> tx.fetch(
                    "select id from " + licSchema + ".search_policy_ids('tp0', 100) as m(id)")
                    .getValues(0, UUID.class));

            assertThat(seen).isEmpty();
            assertThat(policies).isEmpty();
        }

        @Test
        void aSearchThroughTheApiFindsOneCustomerByPhoneInTheTeamOnly() {
            Team team = team();
            String surname = unique("Xu");
            String phone = phone();
            UUID holder = customer(team.second(), surname, phone);
            UUID policy = fixtures.policy().of(team.second(), holder).create();
            UUID outsideHolder = customer(team.outsider(), surname, phone());
            fixtures.policy().of(team.outsider(), outsideHolder).create();
            String digits = phone.substring(3);

            for (String sort : List.of("newest", "policyNumber", "nextPaymentDate")) {
                assertThat(searchPages(team.senior(), "/policies", digits, sort, 25))
                        .containsExactly(policy.toString());
                assertThat(searchPages(team.senior(), "/policies", surname, sort, 25))
                        .containsExactly(policy.toString());
                assertThat(searchPages(team.first(), "/policies", surname, sort, 25)).isEmpty();
            }
            assertThat(searchPages(team.senior(), "/policyholders", digits, null, 25))
                    .containsExactly(holder.toString());
            assertThat(searchPages(team.first(), "/policyholders", surname, null, 25)).isEmpty();
            assertThat(searchPages(team.outsider(), "/policyholders", surname, null, 25))
                    .containsExactly(outsideHolder.toString());
        }

        @Test
        void thePoliciesOfAMatchingCustomerAndThoseMatchingByNumberAreFoundTogether() {
            Team team = team();
            String surname = unique("Wu");
            UUID holder = customer(team.first(), surname, phone());
            UUID ofCustomer = fixtures.policy().of(team.first(), holder).create();
            UUID other = customer(team.first(), unique("Vo"), phone());
            UUID byNumber = fixtures.policy().of(team.first(), other).create();
            String number = surname.toUpperCase(java.util.Locale.ROOT) + "-1";
            api.db.ownerDsl(team.first().tenant()).update(INSURANCE_POLICIES).set(INSURANCE_POLICIES.POLICY_NUMBER,
                    number).where(INSURANCE_POLICIES.POLICY_ID.eq(byNumber)).execute();

            assertThat(searchPages(team.senior(), "/policies", surname, "policyNumber", 1))
                    .containsExactlyInAnyOrder(ofCustomer.toString(), byNumber.toString());
        }
    }

    @Nested
    class KeptCurrent {

        @Test
        void renamedMovedAndDeletedCustomersAreFoundWhereTheyAreNow() {
            Team team = team();
            String surname = unique("Tam");
            UUID holder = customer(team.first(), surname, phone());
            DSLContext owner = api.db.ownerDsl(team.first().tenant());
            assertThat(found(team.first().caller(), surname)).containsExactly(holder);

            owner.update(POLICYHOLDERS).set(POLICYHOLDERS.AGENT_ID, team.outsider().agentId())
                    .where(POLICYHOLDERS.POLICYHOLDER_ID.eq(holder)).execute();
            assertThat(found(team.first().caller(), surname)).isEmpty();
            assertThat(found(team.senior().caller(), surname)).isEmpty();
            assertThat(found(team.outsider().caller(), surname)).containsExactly(holder);

            String renamed = unique("Sol");
            owner.update(POLICYHOLDERS).set(POLICYHOLDERS.LAST_NAME, renamed)
                    .where(POLICYHOLDERS.POLICYHOLDER_ID.eq(holder)).execute();
            assertThat(found(team.outsider().caller(), surname)).isEmpty();
            assertThat(found(team.outsider().caller(), renamed)).containsExactly(holder);

            owner.deleteFrom(POLICYHOLDERS).where(POLICYHOLDERS.POLICYHOLDER_ID.eq(holder)).execute();
            assertThat(found(team.outsider().caller(), renamed)).isEmpty();
        }

        @Test
        void rebuildingTheTablesFromTheBookFindsWhatTheWritesKept() {
            Team team = team();
            UUID holder = customer(team.first(), unique("Rho"), phone());
            UUID policy = fixtures.policy().of(team.first(), holder).create();
            fixtures.policy().of(team.first(), customer(team.second(), unique("Psi"), phone())).create();
            String schema = team.first().tenant().schema();
            DSLContext owner = api.db.ownerDsl(team.first().tenant());
            owner.update(INSURANCE_POLICIES)
                    .set(INSURANCE_POLICIES.NEXT_PAYMENT_DATE, java.time.LocalDate.of(2027, 5, 1))
                    .where(INSURANCE_POLICIES.POLICY_ID.eq(policy)).execute();
            owner.update(POLICYHOLDERS).set(POLICYHOLDERS.LAST_NAME, unique("Chi"))
                    .where(POLICYHOLDERS.POLICYHOLDER_ID.eq(holder)).execute();
            String customers = "select * from " + schema + ".book_search_customers order by policyholder_id";
            String policies = "select * from " + schema + ".book_search_policies order by policy_id";
            var keptCustomers = owner.fetch(customers).intoMaps();
            var keptPolicies = owner.fetch(policies).intoMaps();

            owner.execute("select " + schema + ".rebuild_book_search()");

            assertThat(owner.fetch(customers).intoMaps()).isEqualTo(keptCustomers);
            assertThat(owner.fetch(policies).intoMaps()).isEqualTo(keptPolicies);
        }
    }

    @Nested
    class Bounds {

        @Test
        void moreMatchesThanTheCapStillAnswerEveryPageComplete() throws SQLException {
            // phones +9178 and 8 digits from a random start: 10,005 in a row, clear of other tests' random ones
            Team team = team();
            String surname = unique("Cap");
            int count = BookSearch.CAP + 5;
            String schema = team.first().tenant().schema();
            try (Connection connection = api.db.owner().getConnection();
                    Statement sql = connection.createStatement()) {
                sql.execute("insert into " + schema + ".policyholders (agent_id, first_name, last_name, phone_number)"
                        + " select '" + team.first().agentId() + "', 'Many', '" + surname + "',"
                        + " '+9178' || lpad((i + " + (long) (Math.random() * 90_000_000L) + ")::text, 8, '0')"
                        + " from generate_series(1, " + count + ") i");
                sql.execute("insert into " + schema + ".insurance_policies (policy_number, policyholder_id, agent_id,"
                        + " policy_type, plan_name, sum_assured, premium_amount, premium_frequency, application_date,"
                        + " start_date, status)"
                        + " select '" + surname + "-' || h.policyholder_id, h.policyholder_id, h.agent_id,"
                        + " 'endowment', 'Plan', 500000, 5000, 'annual', date '2024-01-01', date '2024-01-15', 'active'"
                        + " from " + schema + ".policyholders h where h.last_name = '" + surname + "'");
            }
            Set<String> expected = new HashSet<>(api.db.ownerDsl(team.first().tenant())
                    .select(INSURANCE_POLICIES.POLICY_ID).from(INSURANCE_POLICIES).join(POLICYHOLDERS)
                    .on(POLICYHOLDERS.POLICYHOLDER_ID.eq(INSURANCE_POLICIES.POLICYHOLDER_ID))
                    .where(POLICYHOLDERS.LAST_NAME.eq(surname)).fetch(INSURANCE_POLICIES.POLICY_ID)
                    .stream().map(UUID::toString).toList());
            assertThat(expected).hasSize(count);
            assertThat(found(team.first().caller(), surname)).hasSize(101);

            List<String> pages = searchPages(team.senior(), "/policies", surname, "newest", 100);

            assertThat(pages).hasSize(count).doesNotHaveDuplicates();
            assertThat(new HashSet<>(pages)).isEqualTo(expected);
            assertThat(searchPages(team.first(), "/policyholders", surname, null, 100)).hasSize(count)
                    .doesNotHaveDuplicates();
        }

        @Test
        void wildcardsAreLiteralAndTermsOutsideTheBoundsAreRefused() {
            Team team = team();
            customer(team.first(), unique("Pia"), phone());
            Caller caller = team.first().caller();

            assertThat(found(caller, "%%%")).isEmpty();
            assertThat(found(caller, "___")).isEmpty();
            assertThat(searchPages(team.first(), "/policies", "%%%", "newest", 25)).isEmpty();
            assertThat(searchPages(team.first(), "/policyholders", "___", null, 25)).isEmpty();
            assertThatThrownBy(() -> found(caller, "ab")).isInstanceOf(DataAccessException.class)
                    .hasMessageContaining("3 to 100 characters");
            assertThatThrownBy(() -> found(caller, "x".repeat(101))).isInstanceOf(DataAccessException.class)
                    .hasMessageContaining("3 to 100 characters");
            assertThatThrownBy(() -> api.db.database().inTransaction(caller, tx -> tx.fetch(
                    "select * from " + caller.tenant().schema() + ".search_customer_ids('abc', 10001)")))
                    .isInstanceOf(DataAccessException.class).hasMessageContaining("cap");
        }

        @Test
        void onlyTheApplicationRoleMayCallTheSearchAndNobodyButTheOwnerReadsItsTables() {
            Tenant lic = api.db.lic();
            String schema = lic.schema();
            DSLContext owner = api.db.ownerDsl(lic);
            for (String function : List.of("search_customer_ids", "search_policy_ids", "walk_book_search")) {
                var row = owner.fetchSingle("select p.prosecdef, p.proconfig::text, pg_get_userbyid(p.proowner),"
                        + " pg_get_userbyid(n.nspowner), has_function_privilege('agent_mitra_app', p.oid, 'execute'),"
                        + " has_function_privilege('public', p.oid, 'execute')"
                        + " from pg_proc p join pg_namespace n on n.oid = p.pronamespace"
                        + " where n.nspname = ? and p.proname = ?", schema, function);
                assertThat(row.get(0, Boolean.class)).as("%s is security definer", function).isTrue();
                assertThat(row.get(1, String.class)).contains("search_path=pg_catalog, pg_temp");
                assertThat(row.get(2, String.class)).as("owned by the schema owner").isEqualTo(row.get(3, String.class));
                assertThat(row.get(4, Boolean.class)).as("the application role may call %s", function).isTrue();
                assertThat(row.get(5, Boolean.class)).as("PUBLIC may not call %s", function).isFalse();
            }
            for (String function : List.of("rebuild_book_search", "book_search_from_policyholders",
                    "book_search_from_policies")) {
                assertThat(owner.fetchSingle("select has_function_privilege('agent_mitra_app', p.oid, 'execute')"
                        + " from pg_proc p join pg_namespace n on n.oid = p.pronamespace"
                        + " where n.nspname = ? and p.proname = ?", schema, function).get(0, Boolean.class))
                        .as("the application role may not call %s", function).isFalse();
            }
            Fixtures.Agent agent = fixtures.agent().create();
            for (String table : List.of("book_search_customers", "book_search_policies")) {
                assertThatThrownBy(() -> api.db.database().inTransaction(agent.caller(),
                        tx -> tx.fetch("select * from " + schema + "." + table + " limit 1")))
                        .as("the application role reads no row of %s", table)
                        .isInstanceOf(DataAccessException.class).hasMessageContaining("permission denied");
            }
        }
    }

    /**
     * A name search walks the visible books first ({@code PolicyRepository.SEARCH_WALK_ROWS} rows in all) and keeps
     * that page only when no book ran out of read rows before the page's end; otherwise it asks the search
     * functions, and past their cap walks to the page's end. Whatever the name's density and however its matches
     * are spread over the books, the pages are those of the whole visible book sorted.
     */
    @Nested
    class Walk {

        /**
         * {@code count} customers of {@code agent}, one policy each, customer {@code i} named by {@code surname}
         * (an SQL expression of {@code i}); created a minute apart (the i-th the oldest), policy numbers and due
         * dates interleaved the same way in every book, so books of the same count interleave in every order.
         */
        private void book(Fixtures.Agent agent, int count, String surname) throws SQLException {
            String schema = agent.tenant().schema();
            String tag = UUID.randomUUID().toString().substring(0, 8);
            try (Connection connection = api.db.owner().getConnection();
                    Statement sql = connection.createStatement()) {
                sql.execute("insert into " + schema + ".policyholders (agent_id, first_name, last_name, phone_number)"
                        + " select '" + agent.agentId() + "', 'Walk " + tag + " ' || i, " + surname + ","
                        + " '+9177' || lpad((i + " + (long) (Math.random() * 90_000_000L) + ")::text, 8, '0')"
                        + " from generate_series(1, " + count + ") i");
                sql.execute("insert into " + schema + ".insurance_policies (policy_number, policyholder_id, agent_id,"
                        + " policy_type, plan_name, sum_assured, premium_amount, premium_frequency, application_date,"
                        + " start_date, status, next_payment_date, created_at)"
                        + " select 'W' || lpad(split_part(h.first_name, ' ', 3), 6, '0') || '-" + tag + "',"
                        + " h.policyholder_id, h.agent_id, 'endowment', 'Plan', 500000, 5000, 'annual',"
                        + " date '2024-01-01', date '2024-01-15', 'active',"
                        + " date '2027-01-01' + (split_part(h.first_name, ' ', 3)::int * 37 % 400),"
                        + " now() - split_part(h.first_name, ' ', 3)::int * interval '1 minute'"
                        + " from " + schema + ".policyholders h where h.first_name like 'Walk " + tag + " %'");
            }
        }

        /** The visible policies whose customer's name holds {@code term}, sorted as the list sorts them. */
        private List<String> expected(List<Fixtures.Agent> books, String term, String sort) {
            return BookOrder.ids(api.db.ownerDsl(books.getFirst().tenant()),
                    books.stream().map(Fixtures.Agent::agentId).toList(), sort,
                    DSL.lower(POLICYHOLDERS.FULL_NAME).contains(term.toLowerCase(java.util.Locale.ROOT)));
        }

        @Test
        void aCommonAnUncommonAndARareNameEachAnswerTheWholeBookSorted() throws SQLException {
            Team team = team();
            String common = unique("Dense");
            String uncommon = unique("Mid");
            String rare = unique("Rare");
            // 3,000 policies: one customer in 20 common (a page within ~500 rows), one in 100 uncommon (not a page
            // in 1,024 rows), three rare
            book(team.first(), 3_000, "case when i % 20 = 0 then '" + common + "' when i % 100 = 55 then '"
                    + uncommon + "' when i in (7, 1_507, 2_907) then '" + rare + "' else 'Filler' end");
            List<Fixtures.Agent> books = List.of(team.first());
            for (String sort : List.of("newest", "policyNumber", "nextPaymentDate")) {
                for (String term : List.of(common, uncommon, rare)) {
                    List<String> expected = expected(books, term, sort);
                    assertThat(expected).hasSizeGreaterThanOrEqualTo(3);
                    assertThat(searchPages(team.first(), "/policies", term, sort, 25)).as("%s, %s", term, sort)
                            .containsExactlyElementsOf(expected);
                }
            }
            assertThat(expected(books, common, "newest")).hasSize(150);
            assertThat(expected(books, uncommon, "newest")).hasSize(30);
        }

        @Test
        void aTeamsSearchIsTheWholeTeamsBookSortedWhetherOneBookOrEveryBookHoldsTheMatches() throws SQLException {
            Team team = team();
            String inOneBook = unique("One");
            String inEveryBook = unique("Every");
            // the senior sees three books; the first holds every match of one name (one in 20: more than a page in
            // its 1,024 / 3 rows read, so the walk cannot know the page), both sub-agents the other name (the page
            // ends within the rows read of each)
            book(team.first(), 1_500, "case when i % 20 = 0 then '" + inOneBook + "' when i % 20 = 10 then '"
                    + inEveryBook + "' else 'Filler' end");
            book(team.second(), 1_500, "case when i % 20 = 10 then '" + inEveryBook + "' else 'Filler' end");
            List<Fixtures.Agent> books = List.of(team.senior(), team.first(), team.second());
            for (String sort : List.of("newest", "policyNumber", "nextPaymentDate")) {
                for (String term : List.of(inOneBook, inEveryBook)) {
                    List<String> expected = expected(books, term, sort);
                    assertThat(expected).hasSizeGreaterThan(25);
                    assertThat(searchPages(team.senior(), "/policies", term, sort, 25)).as("%s, %s", term, sort)
                            .containsExactlyElementsOf(expected);
                }
                assertThat(searchPages(team.second(), "/policies", inOneBook, sort, 25)).isEmpty();
            }
        }

        @Test
        void aNameCommonInTheFirstRowsOnlyIsFoundPastTheWalk() throws SQLException {
            Team team = team();
            String clustered = unique("Near");
            // 5,000 policies: three matches among the newest 512 (a common name to the look), none in the rest of
            // the 4,096 rows the walk reads, thirty among the oldest: the walk cannot know a page of 26
            book(team.first(), 5_000, "case when i in (10, 200, 400) or i > 4_970 then '" + clustered
                    + "' else 'Filler' end");
            List<Fixtures.Agent> books = List.of(team.first());
            for (String sort : List.of("newest", "policyNumber", "nextPaymentDate")) {
                List<String> expected = expected(books, clustered, sort);
                assertThat(expected).hasSize(33);
                assertThat(searchPages(team.first(), "/policies", clustered, sort, 25)).as(sort)
                        .containsExactlyElementsOf(expected);
                assertThat(searchPages(team.senior(), "/policies", clustered, sort, 25)).as(sort)
                        .containsExactlyElementsOf(expected);
            }
        }
    }

    /**
     * Tenant V208's {@code walk_book_search}, called as the caller: the first rows of each given book in a list
     * order, the matching ones and each book's last read row, kept current by the writes, and only of books the
     * caller sees.
     */
    @Nested
    class IndexWalk {

        private record Walked(UUID policy, UUID book, boolean matched, boolean lastRead) {}

        /** {@code rows} of each book. */
        private List<Walked> walked(Caller caller, String term, String sort, List<UUID> books, int rows, int limit) {
            return walked(caller, term, sort, books, books.stream().map(book -> rows).toArray(Integer[]::new), limit);
        }

        private List<Walked> walked(Caller caller, String term, String sort, List<UUID> books, Integer[] rows,
                int limit) {
            var walk = WALK_BOOK_SEARCH.call(term, sort, books.toArray(UUID[]::new), rows, null, limit);
            return api.db.database().inTransaction(caller, tx -> tx.selectFrom(walk).orderBy(walk.PLACE)
                    .fetch(r -> new Walked(r.getPolicyId(), r.getAgentId(), r.getMatched(), r.getLastRead())));
        }

        private List<UUID> matching(Fixtures.Agent caller, String term, String sort, Fixtures.Agent... books) {
            return walked(caller.caller(), term, sort, java.util.Arrays.stream(books).map(Fixtures.Agent::agentId)
                    .toList(), 100, 50).stream().filter(Walked::matched).map(Walked::policy).toList();
        }

        @Test
        void theWalkFollowsRenamedCustomersChangedDueDatesAndMovedPolicies() {
            Team team = team();
            String tag = unique("Kap");
            UUID holder = customer(team.first(), tag + "a", phone());
            UUID policy = fixtures.policy().of(team.first(), holder).create();
            UUID otherPolicy = fixtures.policy().of(team.first(), customer(team.first(), tag + "b", phone())).create();
            fixtures.policy().of(team.first(), customer(team.first(), unique("Lam"), phone())).create();
            DSLContext owner = api.db.ownerDsl(team.first().tenant());
            assertThat(matching(team.first(), tag + "a", "newest", team.first())).containsExactly(policy);

            owner.update(POLICYHOLDERS).set(POLICYHOLDERS.LAST_NAME, tag + "c")
                    .where(POLICYHOLDERS.POLICYHOLDER_ID.eq(holder)).execute();
            assertThat(matching(team.first(), tag + "a", "newest", team.first())).isEmpty();
            assertThat(matching(team.first(), tag + "c", "newest", team.first())).containsExactly(policy);

            var ip = INSURANCE_POLICIES;
            owner.update(ip).set(ip.NEXT_PAYMENT_DATE, java.time.LocalDate.of(2027, 3, 1))
                    .where(ip.POLICY_ID.eq(policy)).execute();
            owner.update(ip).set(ip.NEXT_PAYMENT_DATE, java.time.LocalDate.of(2027, 2, 1))
                    .where(ip.POLICY_ID.eq(otherPolicy)).execute();
            assertThat(matching(team.first(), tag, "nextPaymentDate", team.first()))
                    .containsExactly(otherPolicy, policy);
            owner.update(ip).set(ip.NEXT_PAYMENT_DATE, java.time.LocalDate.of(2027, 1, 1))
                    .where(ip.POLICY_ID.eq(policy)).execute();
            assertThat(matching(team.first(), tag, "nextPaymentDate", team.first()))
                    .containsExactly(policy, otherPolicy);
            owner.update(ip).set(ip.POLICY_NUMBER, "ZZ-" + tag).where(ip.POLICY_ID.eq(policy)).execute();
            assertThat(matching(team.first(), tag, "policyNumber", team.first()))
                    .containsExactly(otherPolicy, policy);
            assertThat(matching(team.first(), "zz-" + tag.toLowerCase(java.util.Locale.ROOT), "newest",
                    team.first())).containsExactly(policy);

            owner.update(ip).set(ip.AGENT_ID, team.second().agentId()).where(ip.POLICY_ID.eq(policy)).execute();
            assertThat(matching(team.first(), tag, "newest", team.first())).containsExactly(otherPolicy);
            assertThat(matching(team.second(), tag, "newest", team.second())).containsExactly(policy);
            assertThat(matching(team.senior(), tag, "newest", team.first(), team.second()))
                    .containsExactlyInAnyOrder(policy, otherPolicy);

            owner.deleteFrom(ip).where(ip.POLICY_ID.eq(otherPolicy)).execute();
            assertThat(matching(team.senior(), tag, "newest", team.first(), team.second())).containsExactly(policy);
        }

        @Test
        void booksTheCallerDoesNotSeeAndAnotherTenantsTransactionAnswerNothing() {
            Team team = team();
            String tag = unique("Mu");
            fixtures.policy().of(team.second(), customer(team.second(), tag, phone())).create();
            UUID outside = fixtures.policy().of(team.outsider(), customer(team.outsider(), tag, phone())).create();

            assertThat(matching(team.first(), tag, "newest", team.second(), team.outsider())).isEmpty();
            assertThat(matching(team.senior(), tag, "newest", team.outsider())).isEmpty();
            assertThat(matching(team.outsider(), tag, "newest", team.outsider())).containsExactly(outside);
            Tenant hdfc = api.db.hdfc();
            Caller other = Caller.user(hdfc, api.providerAdmin(hdfc).userId(), Role.INSURANCE_PROVIDER_ADMIN);
            String licSchema = team.outsider().tenant().schema();
            List<UUID> seen = api.db.database().inTransaction(other, tx -> tx.fetch(
                    "select policy_id from " + licSchema
                            + ".walk_book_search(?, 'newest', ?::uuid[], array[100], null, 50)",
                    tag, new UUID[] {team.outsider().agentId()}).getValues(0, UUID.class));
            assertThat(seen).isEmpty();
        }

        @Test
        void eachBooksLastReadRowIsMarkedAndTheAnswerIsMergedInOrder() {
            Team team = team();
            String tag = unique("Nu");
            for (Fixtures.Agent agent : List.of(team.first(), team.second())) {
                for (int i = 0; i < 4; i++) {
                    fixtures.policy().of(agent, customer(agent, i % 2 == 0 ? tag : unique("Xi"), phone())).create();
                }
            }
            List<UUID> books = List.of(team.first().agentId(), team.second().agentId());

            List<Walked> threeEach = walked(team.senior().caller(), tag, "newest", books, 3, 50);

            List<String> order = BookOrder.ids(api.db.ownerDsl(team.first().tenant()),
                    books, "newest", DSL.trueCondition());
            // each book's newest three: its matches among them and its third row, merged newest first
            assertThat(threeEach.stream().map(w -> w.policy().toString()).toList())
                    .isEqualTo(order.stream().filter(id -> threeEach.stream()
                            .anyMatch(w -> w.policy().toString().equals(id))).toList());
            assertThat(threeEach.stream().filter(Walked::lastRead).map(Walked::book))
                    .containsExactlyInAnyOrderElementsOf(books);
            assertThat(threeEach.stream().filter(w -> !w.matched() && !w.lastRead())).isEmpty();
            assertThat(walked(team.senior().caller(), tag, "newest", books, 4, 50).stream()
                    .filter(Walked::matched)).hasSize(4);
            assertThat(walked(team.senior().caller(), tag, "newest", books, 5, 50).stream()
                    .filter(Walked::lastRead)).as("a book shorter than the rows read has no last read row").isEmpty();
            assertThat(walked(team.senior().caller(), tag, "newest", books, 5, 3)).hasSize(3);
            // each book as deep as it is given: the first read whole (no last read row), the second to its third row
            List<Walked> unequal = walked(team.senior().caller(), tag, "newest", books, new Integer[] {5, 3}, 50);
            assertThat(unequal.stream().filter(Walked::lastRead).map(Walked::book))
                    .containsExactly(team.second().agentId());
            assertThat(unequal.stream().filter(w -> w.book().equals(team.first().agentId())).filter(Walked::matched))
                    .hasSize(2);
        }

        @Test
        void inputsOutsideTheBoundsAreRefused() {
            Team team = team();
            Caller caller = team.first().caller();
            List<UUID> book = List.of(team.first().agentId());
            assertThatThrownBy(() -> walked(caller, "  ", "newest", book, 10, 10))
                    .isInstanceOf(DataAccessException.class).hasMessageContaining("1 to 100 characters");
            assertThatThrownBy(() -> walked(caller, "x".repeat(101), "newest", book, 10, 10))
                    .isInstanceOf(DataAccessException.class).hasMessageContaining("1 to 100 characters");
            assertThatThrownBy(() -> walked(caller, "abc", "oldest", book, 10, 10))
                    .isInstanceOf(DataAccessException.class).hasMessageContaining("unknown order");
            assertThatThrownBy(() -> walked(caller, "abc", "newest", book, 10_001, 10))
                    .isInstanceOf(DataAccessException.class).hasMessageContaining("rows must be");
            assertThatThrownBy(() -> walked(caller, "abc", "newest", book, 10, 1_001))
                    .isInstanceOf(DataAccessException.class).hasMessageContaining("rows must be");
            assertThatThrownBy(() -> walked(caller, "abc", "newest", book, new Integer[] {10, 10}, 10))
                    .as("rows for each book").isInstanceOf(DataAccessException.class)
                    .hasMessageContaining("rows must be");
            assertThatThrownBy(() -> walked(caller, "abc", "newest", book, new Integer[] {0}, 10))
                    .isInstanceOf(DataAccessException.class).hasMessageContaining("rows must be");
            List<UUID> tooMany = java.util.stream.Stream.generate(UUID::randomUUID).limit(1_001).toList();
            assertThatThrownBy(() -> walked(caller, "abc", "newest", tooMany, 10, 10))
                    .isInstanceOf(DataAccessException.class).hasMessageContaining("at most 1000 books");
            var wrongCursor = WALK_BOOK_SEARCH.call("abc", "policyNumber", book.toArray(UUID[]::new),
                    new Integer[] {10},
                    new String[] {"TP1", UUID.randomUUID().toString()}, 10);
            assertThatThrownBy(() -> api.db.database().inTransaction(caller,
                    tx -> tx.fetch(tx.selectFrom(wrongCursor))))
                    .isInstanceOf(DataAccessException.class).hasMessageContaining("does not fit the order");
        }
    }
}
