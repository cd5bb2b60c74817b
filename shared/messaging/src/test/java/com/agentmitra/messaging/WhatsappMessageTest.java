package com.agentmitra.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentmitra.lambda.Json;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WhatsappMessageTest {

    private static final Instant NOW = Instant.parse("2025-11-25T06:30:00Z");

    private static WhatsappMessage otp() {
        return WhatsappMessage.template("otp:7d0b3a52-0000-4000-8000-000000000001", "LIC", "+919000000001",
                WhatsappMessage.OTP, new WhatsappMessage.Template("otp_login", "en", List.of("482913")), NOW);
    }

    @Test
    void roundTripsThroughItsJsonForm() throws Exception {
        String json = Json.write(otp());

        assertThat(Json.mapper().readTree(json).path("schemaVersion").asInt()).isEqualTo(1);
        assertThat(Json.mapper().readTree(json).has("text")).isFalse();
        assertThat(SqsWhatsappOutbox.parse(json)).isEqualTo(otp());
    }

    @Test
    void neverPrintsTemplateParametersOrTheWholePhone() {
        assertThat(otp().toString()).doesNotContain("482913").doesNotContain("+919000000001").contains("0001");
    }

    @Test
    void needsEitherATemplateOrText() {
        assertThatThrownBy(() -> new WhatsappMessage(1, "k", "LIC", "+919000000001", "otp", null, null, NOW))
                .hasMessageContaining("either a template or text");
        assertThatThrownBy(() -> new WhatsappMessage(1, "k", "LIC", "+919000000001", "otp",
                new WhatsappMessage.Template("otp_login", "en", List.of()), "hello", NOW))
                .hasMessageContaining("either a template or text");
    }

    @Test
    void refusesARecipientThatIsNotE164AndAnUnknownSchemaVersion() {
        assertThatThrownBy(() -> WhatsappMessage.text("k", "LIC", "9000000001", "callback", "hi", NOW))
                .hasMessageContaining("E.164");
        assertThatThrownBy(() -> new WhatsappMessage(2, "k", "LIC", "+919000000001", "callback", null, "hi", NOW))
                .hasMessageContaining("schemaVersion");
    }

    @Test
    void aMalformedBodyIsRefusedWithoutQuotingIt() {
        assertThatThrownBy(() -> SqsWhatsappOutbox.parse("{\"schemaVersion\":1,\"code\":\"654321\""))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("654321"));
    }
}
