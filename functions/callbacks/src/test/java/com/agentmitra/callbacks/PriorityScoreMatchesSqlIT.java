package com.agentmitra.callbacks;

import com.agentmitra.domain.callbacks.PriorityScore;
import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.data.Caller;
import com.agentmitra.data.jooq.tenant.Routines;
import com.agentmitra.testing.TestDatabase;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Java score (used at creation) and the schema's function (used by the sweeper) never disagree. */
class PriorityScoreMatchesSqlIT {

    private static final TestDatabase db = TestDatabase.get();

    @Test
    void everyTypeUrgencyValueAndAgeScoresTheSameInJavaAndInPostgreSQL() {
        List<String> types = List.of("policy_issue", "payment_problem", "claim_assistance", "general_inquiry", "feedback",
                "suggestion", "other");
        List<String> urgencies = List.of("critical", "high", "medium", "low");
        List<String> values = List.of("platinum", "gold", "silver", "bronze");
        int[] ages = {-3, 0, 1, 2, 3, 5, 13, 39, 40, 41, 1000};
        int compared = db.database().inTransaction(Caller.system(db.lic()), tx -> {
            int count = 0;
            for (String type : types) {
                for (String urgency : urgencies) {
                    for (String value : values) {
                        for (int age : ages) {
                            BigDecimal sql = tx.select(Routines.calculateCallbackPriorityScore(
                                    org.jooq.impl.DSL.val((java.util.UUID) null), org.jooq.impl.DSL.val(type),
                                    org.jooq.impl.DSL.val(urgency), org.jooq.impl.DSL.val(value),
                                    org.jooq.impl.DSL.val(age))).fetchOne().value1();
                            PriorityScore java = PriorityScore.of(type, urgency, value, age);
                            assertThat(java.value()).as("%s/%s/%s/%d", type, urgency, value, age).isEqualByComparingTo(sql);
                            assertThat(java.category()).isEqualTo(tx.select(Routines.getCallbackPriorityCategory(
                                    org.jooq.impl.DSL.val(sql))).fetchOne().value1());
                            count++;
                        }
                    }
                }
            }
            return count;
        });

        assertThat(compared).isEqualTo(7 * 4 * 4 * 11);
    }
}
