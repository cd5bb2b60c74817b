package com.agentmitra.callbacks;

import com.agentmitra.lambda.ApiProblem;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Where the next page of a callback queue starts: the last row's priority score, due time and id (the queue's sort
 * order), opaque to clients. A cursor that does not decode is a 400 on {@code cursor}, never a 500.
 */
record QueueCursor(BigDecimal score, Instant dueAt, UUID id) {

    String encode() {
        String raw = score.toPlainString() + "|" + dueAt.toString() + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static QueueCursor decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
            if (parts.length != 3) {
                throw new IllegalArgumentException("three parts expected");
            }
            return new QueueCursor(new BigDecimal(parts[0]), Instant.parse(parts[1]), UUID.fromString(parts[2]));
        } catch (RuntimeException e) {
            throw ApiProblem.InvalidInput.field("cursor", "is not a cursor this API gave out; start again without it");
        }
    }
}
