package com.agentmitra.domain.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentmitra.lambda.ApiProblem;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class QueueCursorTest {

    @Test
    void decodesWhatItEncoded() {
        QueueCursor cursor = new QueueCursor(new BigDecimal("87.25"), Instant.parse("2026-03-02T07:30:00Z"), UUID.randomUUID());

        assertThat(QueueCursor.decode(cursor.encode())).isEqualTo(cursor);
    }

    @Test
    void aForgedCursorIsABadRequestOnCursor() {
        assertThatThrownBy(() -> QueueCursor.decode("bm90LWEtY3Vyc29y"))
                .isInstanceOfSatisfying(ApiProblem.InvalidInput.class, problem -> {
                    assertThat(problem.status()).isEqualTo(400);
                    assertThat(problem.errors()).extracting("field").containsExactly("cursor");
                });
    }
}
