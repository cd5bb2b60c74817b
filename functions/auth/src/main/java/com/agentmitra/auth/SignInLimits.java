package com.agentmitra.auth;

import com.agentmitra.data.Database;
import com.agentmitra.domain.phone.PhoneNumber;
import com.agentmitra.lambda.ApiProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits on the open {@code /auth/*} routes (issue 15), counted in PostgreSQL ({@code shared.auth_attempts}, shared
 * V070) so every concurrent auth function sees the same numbers: per source address and per identifier (the phone,
 * email or username a request names), each a fixed window of 15 minutes; over it, 429 with {@code Retry-After} until
 * the window ends. Known and unknown identifiers are counted alike. It also keeps the failed sign-ins of identifiers
 * that belong to no account, by {@link LoginLockout}'s rule, so such an identifier locks after the same failures and
 * for the same time as an account, and a locked account answers exactly as an unknown one. Buckets are keyed hashes:
 * no address or identifier is stored in the clear.
 */
final class SignInLimits {

    private static final Logger log = LoggerFactory.getLogger(SignInLimits.class);

    static final Duration WINDOW = Duration.ofMinutes(15);
    /** Buckets untouched this long are pruned, a few at a time, by the requests themselves. */
    private static final Duration KEEP = Duration.ofDays(1);
    private static final int PRUNE_ONE_IN = 64;
    private static final int PRUNE_BATCH = 500;

    private static final Table<?> ATTEMPTS = DSL.table(DSL.name("shared", "auth_attempts"));
    private static final Field<String> KEY = DSL.field(DSL.name("bucket_key"), String.class);
    private static final Field<Instant> WINDOW_START = DSL.field(DSL.name("window_start"), Instant.class);
    private static final Field<Integer> HITS = DSL.field(DSL.name("hits"), Integer.class);
    private static final Field<Instant> LOCKED_UNTIL = DSL.field(DSL.name("locked_until"), Instant.class);
    private static final Field<Instant> UPDATED_AT = DSL.field(DSL.name("updated_at"), Instant.class);

    /** Requests allowed per window: from one source address, and naming one identifier. */
    record Limits(int perAddress, int perIdentifier) {
        Limits {
            if (perAddress < 1 || perIdentifier < 1) {
                throw new IllegalArgumentException("limits must be at least 1");
            }
        }
    }

    private final Database database;
    private final AuthKeys keys;
    private final Limits limits;
    private final Clock clock;

    SignInLimits(Database database, AuthKeys keys, Limits limits, Clock clock) {
        this.database = database;
        this.keys = keys;
        this.limits = limits;
        this.clock = clock;
    }

    /**
     * Counts one request from {@code address} naming {@code identifier} in {@code tenant} (either may be absent),
     * committed at once so a request that fails later still counts; 429 once either count is over its limit.
     */
    void count(Optional<String> address, String tenant, Optional<String> identifier) {
        Instant now = clock.instant();
        Optional<Instant> over = database.inSharedTransaction(tx -> {
            Optional<Instant> until = Optional.empty();
            if (address.isPresent()) {
                until = hit(tx, bucket("address:" + address.get()), limits.perAddress(), now);
            }
            Optional<Instant> byIdentifier = identifier.isEmpty() ? Optional.empty()
                    : hit(tx, bucket("identifier:" + tenantKey(tenant) + ":" + normalized(identifier.get())),
                            limits.perIdentifier(), now);
            if (ThreadLocalRandom.current().nextInt(PRUNE_ONE_IN) == 0) {
                prune(tx, now);
            }
            return until.isPresent() ? until : byIdentifier;
        });
        if (over.isPresent()) {
            log.warn("Sign-in request limit reached");
            throw new ApiProblem.TooManyRequests("too many requests; try again later", retryAfter(over.get(), now));
        }
    }

    /** Until when an identifier that names no account is locked, if it is (inside the sign-in's transaction). */
    Optional<Instant> unknownLockedUntil(DSLContext tx, String tenant, String identifier, Instant now) {
        return tx.select(LOCKED_UNTIL).from(ATTEMPTS).where(KEY.eq(lockoutBucket(tenant, identifier)))
                .forUpdate()
                .fetchOptional(LOCKED_UNTIL)
                .filter(until -> until != null && now.isBefore(until));
    }

    /**
     * Counts a failed sign-in of an identifier that names no account, as {@link LoginLockout} counts an account's
     * (failures in a row; the lock restarts the count), in one upsert so two failures racing are both counted.
     */
    LoginLockout.AfterFailure unknownFailed(DSLContext tx, String tenant, String identifier, Instant now) {
        Field<Integer> storedHits = DSL.field(DSL.name("shared", "auth_attempts", "hits"), Integer.class);
        Field<Instant> storedLock = DSL.field(DSL.name("shared", "auth_attempts", "locked_until"), Instant.class);
        // a lock that has ended restarts the count, as an account's login_attempts is 0 after its lock
        Field<Integer> attempts = DSL.when(storedLock.isNotNull(), DSL.inline(0)).otherwise(storedHits).plus(1);
        Instant lockEnds = now.plus(LoginLockout.LOCK);
        LoginLockout.AfterFailure first = LoginLockout.afterFailure(0, now);
        Record2<Integer, Instant> counted = tx.insertInto(ATTEMPTS, KEY, WINDOW_START, HITS, LOCKED_UNTIL, UPDATED_AT)
                .values(lockoutBucket(tenant, identifier), now, first.attempts(), first.lockedUntil().orElse(null), now)
                .onConflict(KEY).doUpdate()
                .set(HITS, DSL.when(attempts.ge(LoginLockout.MAX_FAILURES), DSL.inline(0)).otherwise(attempts))
                .set(LOCKED_UNTIL, DSL.when(attempts.ge(LoginLockout.MAX_FAILURES), DSL.val(lockEnds))
                        .otherwise(DSL.castNull(Instant.class)))
                .set(UPDATED_AT, now)
                .returningResult(HITS, LOCKED_UNTIL)
                .fetchOne();
        return new LoginLockout.AfterFailure(counted.value1(), Optional.ofNullable(counted.value2()));
    }

    /** {@code Retry-After} seconds until {@code until}, at least 1. */
    static long retryAfter(Instant until, Instant now) {
        return Math.max(1, Duration.between(now, until).toSeconds() + 1);
    }

    /** One identifier however it is typed: a phone number as E.164, anything else trimmed and lower case. */
    static String normalized(String identifier) {
        return PhoneNumber.indianMobile(identifier).map(PhoneNumber::e164)
                .orElse(identifier.strip().toLowerCase(Locale.ROOT));
    }

    private String lockoutBucket(String tenant, String identifier) {
        return bucket("lockout:" + tenantKey(tenant) + ":" + normalized(identifier));
    }

    private static String tenantKey(String tenant) {
        return tenant.strip().toUpperCase(Locale.ROOT);
    }

    private String bucket(String what) {
        return keys.keyedHash("auth-attempts", what);
    }

    /** Counts one hit in a fixed window; the window's end when the count is over {@code limit}. */
    private static Optional<Instant> hit(DSLContext tx, String bucket, int limit, Instant now) {
        Instant stale = now.minus(WINDOW);
        // the stored row's values, qualified: in ON CONFLICT DO UPDATE the table's name means the existing row
        Field<Instant> start = DSL.field(DSL.name("shared", "auth_attempts", "window_start"), Instant.class);
        Field<Integer> hits = DSL.field(DSL.name("shared", "auth_attempts", "hits"), Integer.class);
        Record2<Integer, Instant> counted = tx.insertInto(ATTEMPTS, KEY, WINDOW_START, HITS, UPDATED_AT)
                .values(bucket, now, 1, now)
                .onConflict(KEY).doUpdate()
                .set(HITS, DSL.when(start.le(stale), DSL.inline(1)).otherwise(hits.plus(1)))
                .set(WINDOW_START, DSL.when(start.le(stale), DSL.val(now)).otherwise(start))
                .set(UPDATED_AT, now)
                .returningResult(HITS, WINDOW_START)
                .fetchOne();
        return counted.value1() > limit ? Optional.of(counted.value2().plus(WINDOW)) : Optional.empty();
    }

    private static void prune(DSLContext tx, Instant now) {
        Instant before = now.minus(KEEP);
        tx.deleteFrom(ATTEMPTS).where(KEY.in(DSL.select(KEY).from(ATTEMPTS).where(UPDATED_AT.lt(before))
                .and(LOCKED_UNTIL.isNull().or(LOCKED_UNTIL.lt(before))).limit(PRUNE_BATCH))).execute();
    }
}
