package com.agentmitra.metrics.reminders;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.lambda.Json;
import com.agentmitra.messaging.WhatsappMessage;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ScheduledMessageTest {

    private static final Instant NOW = Instant.parse("2026-11-25T02:30:00Z");

    private static ScheduledMessage message(MessageKind kind, String details) throws Exception {
        return new ScheduledMessage(UUID.randomUUID(), "premium-reminder:x:2026-12-01:due-7", kind, "+919000000101",
                "en", Json.mapper().readTree(details));
    }

    @Test
    void aPremiumReminderFillsTheTemplateInItsOrder() throws Exception {
        WhatsappMessage queued = message(MessageKind.PREMIUM_DUE, """
                {"customerName": "Asha  Test", "policyNumber": "TP000000001", "amount": 123456.5,
                 "dueDate": "2026-12-01", "graceEnd": "2026-12-31"}""").toWhatsapp("LIC", NOW);

        assertThat(queued.template().name()).isEqualTo("premium_due_reminder");
        assertThat(queued.template().parameters())
                .containsExactly("Asha Test", "01 Dec 2026", "₹1,23,456.50", "TP000000001");
        assertThat(queued.purpose()).isEqualTo(WhatsappMessage.REMINDER);
        assertThat(queued.idempotencyKey()).isEqualTo("premium-reminder:x:2026-12-01:due-7");
        assertThat(queued.tenant()).isEqualTo("LIC");
    }

    @Test
    void theAgentsLapseNoticeNamesTheRevivalDeadline() throws Exception {
        WhatsappMessage queued = message(MessageKind.LAPSE_AGENT, """
                {"agentName": "Ravi Agent", "policyNumber": "TP000000002", "customerName": "Meera Test",
                 "dueDate": "2026-10-01", "revivalDeadline": "2031-10-01"}""").toWhatsapp("LIC", NOW);

        assertThat(queued.template().name()).isEqualTo("policy_lapsed_agent");
        assertThat(queued.template().parameters())
                .containsExactly("Ravi Agent", "TP000000002", "Meera Test", "01 Oct 2026", "01 Oct 2031");
    }

    @Test
    void theAgentsDigestCountsWithIndianDigitGrouping() throws Exception {
        WhatsappMessage queued = message(MessageKind.AGENT_DIGEST, """
                {"agentName": "Ravi Agent", "lapsedToday": 48612, "dueThisWeek": 120}""").toWhatsapp("LIC", NOW);

        assertThat(queued.template().name()).isEqualTo("agent_daily_digest");
        assertThat(queued.template().parameters()).containsExactly("Ravi Agent", "48,612", "120");
        assertThat(TemplateValues.count(100_000)).isEqualTo("1,00,000");
        assertThat(TemplateValues.count(0)).isEqualTo("0");
    }

    @Test
    void aBirthdayGreetingIsMarketing() throws Exception {
        WhatsappMessage queued = message(MessageKind.BIRTHDAY, "{\"customerName\": \"Asha\", \"agentName\": \"Ravi\"}")
                .toWhatsapp("LIC", NOW);

        assertThat(queued.purpose()).isEqualTo(WhatsappMessage.GREETING);
        assertThat(queued.template().parameters()).containsExactly("Asha", "Ravi");
    }

    @Test
    void rupeesAreGroupedTheIndianWay() {
        assertThat(TemplateValues.rupees(new BigDecimal("999"))).isEqualTo("₹999.00");
        assertThat(TemplateValues.rupees(new BigDecimal("1000"))).isEqualTo("₹1,000.00");
        assertThat(TemplateValues.rupees(new BigDecimal("12500"))).isEqualTo("₹12,500.00");
        assertThat(TemplateValues.rupees(new BigDecimal("1234567.891"))).isEqualTo("₹12,34,567.89");
        assertThat(TemplateValues.rupees(new BigDecimal("123456789"))).isEqualTo("₹12,34,56,789.00");
    }

    @Test
    void datesReadDayMonthYear() {
        assertThat(TemplateValues.date(LocalDate.of(2028, 2, 29))).isEqualTo("29 Feb 2028");
    }

    @Test
    void onlyActivePoliciesLapseAccordingToThePolicyStateMachine() {
        assertThat(ReminderService.lapsableStatuses()).containsExactly("active");
    }
}
