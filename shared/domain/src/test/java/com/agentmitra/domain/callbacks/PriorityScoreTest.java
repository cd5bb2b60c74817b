package com.agentmitra.domain.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.data.jooq.shared.enums.CallbackPriority;
import java.math.BigDecimal;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PriorityScoreTest {

    @ParameterizedTest(name = "{0}/{1}/{2} aged {3}h scores {4}")
    @CsvSource({
            // type,            urgency,  value,    age, score
            "policy_issue,      critical, platinum, 0,   100.00", // 90+20+15 = 125, clamped
            "policy_issue,      low,      bronze,   0,   90.00",
            "payment_problem,   medium,   bronze,   0,   95.00",
            "claim_assistance,  high,     gold,     0,   100.00", // 80+15+10 = 105
            "general_inquiry,   medium,   bronze,   0,   70.00",
            "general_inquiry,   low,      silver,   0,   65.00",
            "general_inquiry,   low,      bronze,   1,   60.25",  // one point per 4 hours, pro rata
            "general_inquiry,   low,      bronze,   5,   61.25",
            "general_inquiry,   low,      bronze,   39,  69.75",
            "general_inquiry,   low,      bronze,   40,  70.00",  // age capped at 10 points
            "general_inquiry,   low,      bronze,   400, 70.00",
            "feedback,          low,      bronze,   0,   40.00",
            "suggestion,        low,      bronze,   0,   30.00",
            "other,             low,      bronze,   0,   50.00",  // unknown type weighs 50
            "suggestion,        low,      bronze,   -8,  30.00",  // negative age counts as 0 (fixed in V015)
            "feedback,          critical, gold,     12,  73.00",
    })
    void matchesTheSchemaOfRecordsFormula(String type, String urgency, String value, long age, String expected) {
        assertThat(PriorityScore.of(type, urgency, value, age).value()).isEqualByComparingTo(expected);
    }

    @Test
    void keepsTwoDecimals() {
        assertThat(PriorityScore.of("feedback", "low", "bronze", 3).value().scale()).isEqualTo(2);
    }

    @Nested
    class Category {

        @ParameterizedTest
        @CsvSource({"100, high", "85.00, high", "84.99, medium", "70.00, medium", "69.99, low", "1, low"})
        void highFrom85MediumFrom70(String score, CallbackPriority expected) {
            assertThat(new PriorityScore(new BigDecimal(score)).category()).isEqualTo(expected);
        }
    }
}
