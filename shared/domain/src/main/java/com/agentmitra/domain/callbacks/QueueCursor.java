package com.agentmitra.domain.callbacks;

import com.agentmitra.lambda.Cursor;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * Where the next page of a callback queue starts: the last row's priority score, due time and id (the queue's sort
 * order), as the API's signed {@link Cursor}. A cursor that does not verify or decode is a 400 on {@code cursor},
 * never a 500.
 */
public record QueueCursor(BigDecimal score, Instant dueAt, UUID id) {

    public static final String KIND = "callbacks.queue";

    public String encode() {
        return Cursor.of(KIND, score.toPlainString(), dueAt, id).encode();
    }

    public static QueueCursor decode(String encoded) {
        Cursor cursor = Cursor.decode(encoded, KIND, 3);
        return new QueueCursor(cursor.decimal(0), cursor.instant(1), cursor.uuid(2));
    }
}
