package com.agentmitra.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.messaging.WhatsappMessage;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class QuietHoursTest {

    private static Instant ist(String localDateTime) {
        return java.time.LocalDateTime.parse(localDateTime).atZone(QuietHours.IST).toInstant();
    }

    @Test
    void hoursThatCrossMidnightEndTheNextMorningWhenEnteredInTheEvening() {
        QuietHours hours = new QuietHours(LocalTime.of(21, 0), LocalTime.of(9, 0));

        assertThat(hours.endOf(ist("2026-12-07T20:59:59"))).isEmpty();
        assertThat(hours.endOf(ist("2026-12-07T21:00:00"))).contains(ist("2026-12-08T09:00:00"));
        assertThat(hours.endOf(ist("2026-12-07T23:45:00"))).contains(ist("2026-12-08T09:00:00"));
        assertThat(hours.endOf(ist("2026-12-08T03:10:00"))).contains(ist("2026-12-08T09:00:00"));
        assertThat(hours.endOf(ist("2026-12-08T09:00:00"))).isEmpty();
        assertThat(hours.endOf(ist("2026-12-08T13:30:00"))).isEmpty();
    }

    @Test
    void hoursWithinOneDayEndTheSameDay() {
        QuietHours hours = new QuietHours(LocalTime.of(13, 0), LocalTime.of(14, 30));

        assertThat(hours.endOf(ist("2026-12-07T12:59:00"))).isEmpty();
        assertThat(hours.endOf(ist("2026-12-07T13:00:00"))).contains(ist("2026-12-07T14:30:00"));
        assertThat(hours.endOf(ist("2026-12-07T14:30:00"))).isEmpty();
    }

    @Test
    void theStoredSettingIsReadAndAnythingUnreadableIsTheDefault() {
        assertThat(QuietHours.parse(Optional.of("{\"start\": \"22:00\", \"end\": \"07:30\"}")))
                .isEqualTo(new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 30)));
        assertThat(QuietHours.parse(Optional.empty())).isEqualTo(QuietHours.DEFAULT);
        for (String bad : List.of("{\"start\": \"25:00\", \"end\": \"07:00\"}", "{\"start\": \"22:00\"}", "[]",
                "{\"start\": \"22:00\", \"end\": \"22:00\"}", "not json", "{\"start\": \"" + "9".repeat(5_000) + "\"}")) {
            assertThat(QuietHours.parse(Optional.of(bad))).as(bad).isEqualTo(QuietHours.DEFAULT);
        }
    }

    @Test
    void onlyCustomersMessagesThatCanWaitAreHeld() {
        Recipient customer = new Recipient(Optional.of(UUID.randomUUID()), Optional.empty(), true, true, Set.of(),
                Optional.empty());
        Recipient agent = Recipient.unknown();

        for (String purpose : List.of(WhatsappMessage.REMINDER, WhatsappMessage.BROADCAST, WhatsappMessage.GREETING,
                WhatsappMessage.CALLBACK, "lapse_notice", "conversation")) {
            assertThat(QuietHours.applies(message(purpose), customer)).as(purpose).isTrue();
            assertThat(QuietHours.applies(message(purpose), agent)).as(purpose).isFalse();
        }
        for (String purpose : List.of(WhatsappMessage.OTP, WhatsappMessage.PASSWORD_RESET, "security_notice",
                "consent")) {
            assertThat(QuietHours.applies(message(purpose), customer)).as(purpose).isFalse();
        }
        // an agent's free-text reply can only be inside the window the customer just opened: it goes
        WhatsappMessage reply = WhatsappMessage.text("k:" + UUID.randomUUID(), "LIC", "+919000000001",
                "conversation", "Yes, your premium is received", Instant.now());
        assertThat(QuietHours.applies(reply, customer)).isFalse();
    }

    private static WhatsappMessage message(String purpose) {
        return WhatsappMessage.template("k:" + UUID.randomUUID(), "LIC", "+919000000001", purpose,
                new WhatsappMessage.Template("premium_due_reminder", "en", List.of()), Instant.now());
    }
}
