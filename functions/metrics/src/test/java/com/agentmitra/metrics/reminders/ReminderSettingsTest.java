package com.agentmitra.metrics.reminders;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.lambda.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReminderSettingsTest {

    private static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text);
    }

    @Test
    void withoutConfigurationTheLicRulesApply() {
        ReminderSettings settings = ReminderSettings.from(null, null, null);

        assertThat(settings).isEqualTo(ReminderSettings.defaults());
        assertThat(settings.grace()).isEqualTo(new GracePeriod(15, 30));
        assertThat(settings.steps().daysBeforeDue()).containsExactly(15, 7, 1);
        assertThat(settings.maturityDaysAhead()).isEqualTo(30);
    }

    @Test
    void theSeededGraceConfigurationIsRead() throws Exception {
        ReminderSettings settings = ReminderSettings.from(json("{\"monthly\": 20, \"default\": 45}"),
                json("{\"daysBeforeDue\": [10, 3], \"daysBeforeGraceEnds\": [5, 1]}"), json("45"));

        assertThat(settings.grace()).isEqualTo(new GracePeriod(20, 45));
        assertThat(settings.steps()).isEqualTo(new ReminderSteps(List.of(10, 3), List.of(1), List.of(5, 1)));
        assertThat(settings.maturityDaysAhead()).isEqualTo(45);
    }

    @Test
    void aMalformedValueKeepsTheDefault() throws Exception {
        ReminderSettings settings = ReminderSettings.from(json("{\"monthly\": -3}"),
                json("{\"daysBeforeDue\": [\"soon\"]}"), json("0"));

        assertThat(settings).isEqualTo(ReminderSettings.defaults());
    }
}
