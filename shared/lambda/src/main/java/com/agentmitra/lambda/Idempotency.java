package com.agentmitra.lambda;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code Idempotency-Key} on the POST routes that create something (tenant V103). The first request with a key
 * takes a lease on it, runs, and stores its answer for 24 hours; the same key with the same request replays that
 * answer (with {@code Idempotency-Replayed: true}) and creates nothing; the same key with another request is 422; a
 * duplicate that arrives while the first is still running is 409 with {@code Retry-After} (so concurrent duplicates
 * create one resource). Problems the request itself caused (4xx) are stored and replayed like successes; a server
 * failure releases the key so the client may retry. Keys are per caller. The lease lasts longer than the function's
 * timeout: only a function that died mid-request leaves one, and its key is free again when the lease ends.
 */
public final class Idempotency {

    public static final String HEADER = "Idempotency-Key";
    static final Duration KEPT = Duration.ofHours(24);
    static final Duration LEASE = Duration.ofSeconds(60);
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final Logger log = LoggerFactory.getLogger(Idempotency.class);
    private static final ObjectMapper CANONICAL = Json.mapper().copy()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final Database database;
    private final Clock clock;

    public Idempotency(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** The database the keys are kept in (the {@link PermissionGate} of the same {@link Api} reads it too). */
    Database database() {
        return database;
    }

    /** Runs {@code work} once per key and request; answers the first answer to repeats. */
    ApiResponse run(Caller caller, String key, ApiRequest request, Supplier<ApiResponse> work) {
        if (!KEY.matcher(key).matches()) {
            throw ApiProblem.InvalidInput.field(HEADER, "must be 1 to 255 visible ASCII characters (a UUID is best)");
        }
        String hash = hash(request);
        Instant now = clock.instant();
        Optional<ApiResponse> earlier = database.inTransaction(caller, tx -> claim(tx, caller, key, hash, now));
        if (earlier.isPresent()) {
            return earlier.get();
        }
        ApiResponse answer;
        try {
            answer = work.get();
        } catch (ApiProblem problem) {
            if (problem.status() >= 500) {
                release(caller, key);
            } else {
                store(caller, key, problemAnswer(problem));
            }
            throw problem;
        } catch (RuntimeException unexpected) {
            release(caller, key);
            throw unexpected;
        }
        store(caller, key, answer);
        return answer;
    }

    /** Takes the key for this request, or answers what an earlier request with it decided. */
    private Optional<ApiResponse> claim(DSLContext tx, Caller caller, String key, String hash, Instant now) {
        Table<Record> keys = table(caller);
        var userId = DSL.field("user_id", java.util.UUID.class);
        var idempotencyKey = DSL.field("idempotency_key", String.class);
        int taken = tx.insertInto(keys)
                .set(userId, caller.requireUserId())
                .set(idempotencyKey, key)
                .set(DSL.field("request_hash", String.class), hash)
                .set(DSL.field("status", String.class), "in_progress")
                .set(DSL.field("locked_until", Instant.class), now.plus(LEASE))
                .set(DSL.field("expires_at", Instant.class), now.plus(KEPT))
                .onConflict(userId, idempotencyKey)
                .doUpdate()
                // an expired key, or the lease of a request that died, is free again
                .set(DSL.field("request_hash", String.class), hash)
                .set(DSL.field("status", String.class), "in_progress")
                .set(DSL.field("locked_until", Instant.class), now.plus(LEASE))
                .set(DSL.field("expires_at", Instant.class), now.plus(KEPT))
                .set(DSL.field("response_status", Integer.class), (Integer) null)
                .set(DSL.field("response_headers", org.jooq.JSONB.class), (org.jooq.JSONB) null)
                .set(DSL.field("response_body", String.class), (String) null)
                .where(DSL.field(DSL.name(keys.getName(), "expires_at"), Instant.class).lt(now)
                        .or(DSL.field(DSL.name(keys.getName(), "status"), String.class).eq("in_progress")
                                .and(DSL.field(DSL.name(keys.getName(), "locked_until"), Instant.class).lt(now))))
                .execute();
        if (taken == 1) {
            return Optional.empty();
        }
        Record row = tx.select(DSL.field("request_hash", String.class), DSL.field("status", String.class),
                        DSL.field("response_status", Integer.class), DSL.field("response_headers", String.class),
                        DSL.field("response_body", String.class))
                .from(keys).where(userId.eq(caller.requireUserId()), idempotencyKey.eq(key))
                .fetchSingle();
        if (!hash.equals(row.get(0, String.class))) {
            throw new ApiProblem.Other("/problems/idempotency-key-reused", "Idempotency key reused", 422,
                    "this Idempotency-Key was used for a different request: use a new key for a new request");
        }
        if ("in_progress".equals(row.get(1, String.class))) {
            throw new ApiProblem.Other("/problems/request-in-progress", "Request in progress", 409,
                    "a request with this Idempotency-Key is still being processed: retry in a moment",
                    Map.of("Retry-After", "1"));
        }
        log.info("Idempotent replay of an earlier answer status={}", row.get(2, Integer.class));
        try {
            Map<String, String> headers = row.get(3, String.class) == null ? Map.of()
                    : Json.mapper().readValue(row.get(3, String.class), new TypeReference<Map<String, String>>() {});
            String body = row.get(4, String.class);
            ApiResponse replay = new ApiResponse(row.get(2, Integer.class),
                    body == null ? Optional.empty() : Optional.of((Object) Json.mapper().readTree(body)), headers)
                    .withHeader("Idempotency-Replayed", "true");
            return Optional.of(replay);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a stored answer could not be read back", e);
        }
    }

    private void store(Caller caller, String key, ApiResponse answer) {
        String body = answer.body().map(Json::write).orElse(null);
        database.inTransaction(caller, tx -> tx.update(table(caller))
                .set(DSL.field("status", String.class), "done")
                .set(DSL.field("locked_until", Instant.class), (Instant) null)
                .set(DSL.field("response_status", Integer.class), answer.status())
                .set(DSL.field("response_headers", org.jooq.JSONB.class),
                        org.jooq.JSONB.valueOf(Json.write(answer.headers())))
                .set(DSL.field("response_body", String.class), body)
                .where(DSL.field("user_id", java.util.UUID.class).eq(caller.requireUserId()),
                        DSL.field("idempotency_key", String.class).eq(key))
                .execute());
    }

    private void release(Caller caller, String key) {
        try {
            database.inTransaction(caller, tx -> tx.deleteFrom(table(caller))
                    .where(DSL.field("user_id", java.util.UUID.class).eq(caller.requireUserId()),
                            DSL.field("idempotency_key", String.class).eq(key),
                            DSL.field("status", String.class).eq("in_progress"))
                    .execute());
        } catch (RuntimeException e) {
            // the lease ends on its own; the original failure is what the client must hear about
            log.warn("Could not release an idempotency key after a failure; its lease will lapse");
        }
    }

    private static ApiResponse problemAnswer(ApiProblem problem) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("type", problem.type());
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.detail());
        if (!problem.errors().isEmpty()) {
            body.put("errors", problem.errors());
        }
        return new ApiResponse(problem.status(), Optional.of(body), problem.headers());
    }

    private static Table<Record> table(Caller caller) {
        return DSL.table(DSL.name(caller.tenant().schema(), "idempotency_keys"));
    }

    /** SHA-256 of method, path and the body as canonical JSON (key order and spacing do not matter). */
    static String hash(ApiRequest request) {
        String body = request.body().map(Idempotency::canonical).orElse("");
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((request.method() + " " + request.path() + "\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String canonical(String body) {
        try {
            JsonNode tree = Json.mapper().readTree(body);
            return CANONICAL.writeValueAsString(CANONICAL.treeToValue(tree, Object.class));
        } catch (java.io.IOException | RuntimeException e) {
            return body;
        }
    }
}
