package com.agentmitra.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CursorTest {

    @Test
    void aCursorReadsBackWithItsTypedValuesEvenWithTheSeparatorInAValue() {
        UUID id = UUID.randomUUID();
        Instant at = Instant.parse("2026-12-04T10:15:30.123456Z");

        Cursor cursor = Cursor.decode(Cursor.of("policies.newest", at, id, "LIC|905").encode(), "policies.newest", 3);

        assertThat(cursor.instant(0)).isEqualTo(at);
        assertThat(cursor.uuid(1)).isEqualTo(id);
        assertThat(cursor.text(2)).isEqualTo("LIC|905");
    }

    @Test
    void aForgedOrAlteredCursorIsA400OnCursor() {
        String genuine = Cursor.of("policyholders.newest", Instant.now(), UUID.randomUUID()).encode();
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "policyholders.newest|not-a-time|not-a-uuid".getBytes(StandardCharsets.UTF_8));
        String forged = payload + genuine.substring(genuine.indexOf('.'));
        String unsigned = payload;
        String flipped = genuine.substring(0, genuine.length() - 2) + (genuine.endsWith("A") ? "BB" : "AA");

        for (String bad : new String[] {forged, unsigned, flipped, "", "x".repeat(5000), "%%%.%%%"}) {
            assertThatThrownBy(() -> Cursor.decode(bad, "policyholders.newest", 2)).as(bad)
                    .isInstanceOfSatisfying(ApiProblem.InvalidInput.class,
                            problem -> assertThat(problem.errors().getFirst().field()).isEqualTo("cursor"));
        }
    }

    @Test
    void aCursorOfAnotherListOrSortIsRefused() {
        String policies = Cursor.of("policies.newest", Instant.now(), UUID.randomUUID()).encode();

        assertThatThrownBy(() -> Cursor.decode(policies, "policyholders.newest", 2))
                .isInstanceOf(ApiProblem.InvalidInput.class);
        assertThatThrownBy(() -> Cursor.decode(policies, "policies.newest", 3))
                .isInstanceOf(ApiProblem.InvalidInput.class);
    }

    @Test
    void aSignedCursorWhoseValueIsNotOfTheExpectedTypeIsA400() {
        Cursor cursor = Cursor.decode(Cursor.of("imports.errors", "twelve").encode(), "imports.errors", 1);

        assertThatThrownBy(() -> cursor.integer(0)).isInstanceOf(ApiProblem.InvalidInput.class);
    }
}
