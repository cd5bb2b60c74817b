package com.agentmitra.auth;

import static com.agentmitra.data.jooq.tenant.Tables.AGENTS;
import static com.agentmitra.data.jooq.tenant.Tables.LOGIN_OTPS;
import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;
import static com.agentmitra.data.jooq.tenant.Tables.USERS;
import static com.agentmitra.data.jooq.tenant.Tables.USER_SESSIONS;

import com.agentmitra.data.Role;
import com.agentmitra.data.jooq.shared.enums.UserRoleEnum;
import com.agentmitra.data.jooq.shared.enums.UserStatusEnum;
import com.agentmitra.data.jooq.tenant.tables.records.UsersRecord;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.impl.DSL;

/** The sign-in tables (users, user_sessions, login_otps) in jOOQ; generated records stay inside. */
final class AuthRepository {

    /** One one-time code row, as verification needs it. */
    record Otp(UUID otpId, Optional<UUID> userId, String codeHash, int attempts, int maxAttempts, Instant expiresAt,
            Instant createdAt) {}

    /** One refresh-token row. */
    record SessionRow(UUID sessionId, UUID userId, UUID familyId, Optional<Instant> rotatedAt,
            Optional<Instant> revokedAt, Instant expiresAt) {}

    /** A device's live session, as {@code GET /auth/sessions} lists it. */
    record SessionView(UUID id, Optional<Object> device, Optional<String> userAgent, Instant createdAt,
            Instant lastActivityAt, Instant expiresAt, boolean current) {}

    /** A customer of the book who may sign in by OTP, with the language their messages go in. */
    record Customer(UUID policyholderId, Optional<UUID> userId, String firstName, Optional<String> lastName,
            String language) {}

    // ---- users

    Optional<Account> accountByIdentifier(DSLContext tx, String identifier, Optional<String> phone) {
        String lower = identifier.strip().toLowerCase(Locale.ROOT);
        Condition match = DSL.lower(USERS.EMAIL).eq(lower).or(DSL.lower(USERS.USERNAME).eq(lower));
        if (phone.isPresent()) {
            match = match.or(USERS.PHONE_NUMBER.eq(phone.get()));
        }
        return account(tx, match);
    }

    Optional<Account> accountById(DSLContext tx, UUID userId) {
        return account(tx, USERS.USER_ID.eq(userId));
    }

    Optional<Account> accountByPhone(DSLContext tx, String phone) {
        return account(tx, USERS.PHONE_NUMBER.eq(phone));
    }

    private Optional<Account> account(DSLContext tx, Condition match) {
        return tx.select(USERS.USER_ID, USERS.ROLE, USERS.STATUS, USERS.PASSWORD_HASH, USERS.LOGIN_ATTEMPTS,
                        USERS.LOCKED_UNTIL, USERS.MFA_ENABLED, USERS.MFA_SECRET, USERS.PHONE_NUMBER,
                        DSL.field(DSL.select(AGENTS.AGENT_ID).from(AGENTS).where(AGENTS.USER_ID.eq(USERS.USER_ID))),
                        language())
                .from(USERS)
                .where(match)
                .limit(1)
                .forUpdate().of(USERS)
                .fetchOptional(row -> new Account(row.value1(), role(row.value2()),
                        row.value3(), Optional.ofNullable(row.value4()), row.value5(), Optional.ofNullable(row.value6()),
                        row.value7(), Optional.ofNullable(row.value8()), Optional.ofNullable(row.value9()),
                        Optional.ofNullable(row.value10()), MessageLanguage.of(row.value11())));
    }

    /**
     * The language of a login's messages, read with the login: a customer's is their customer record's
     * {@code preferred_language} (the one their reminders use and their agent sets), an agent's or staff member's
     * {@code users.language_preference}; a customer login without a customer record falls back to the latter.
     */
    private static Field<String> language() {
        Field<String> customers = DSL.field(DSL.select(POLICYHOLDERS.PREFERRED_LANGUAGE).from(POLICYHOLDERS)
                .where(POLICYHOLDERS.USER_ID.eq(USERS.USER_ID)));
        return DSL.when(USERS.ROLE.eq(UserRoleEnum.policyholder), DSL.coalesce(customers, USERS.LANGUAGE_PREFERENCE))
                .otherwise(USERS.LANGUAGE_PREFERENCE);
    }

    void recordFailedLogin(DSLContext tx, UUID userId, int attempts, Optional<Instant> lockedUntil) {
        tx.update(USERS)
                .set(USERS.LOGIN_ATTEMPTS, attempts)
                .set(USERS.LOCKED_UNTIL, lockedUntil.orElse(null))
                .where(USERS.USER_ID.eq(userId))
                .execute();
    }

    void recordSignIn(DSLContext tx, UUID userId, Instant now, boolean phoneVerified) {
        var update = tx.update(USERS)
                .set(USERS.LOGIN_ATTEMPTS, 0)
                .setNull(USERS.LOCKED_UNTIL)
                .set(USERS.LAST_LOGIN_AT, now);
        if (phoneVerified) {
            update = update.set(USERS.PHONE_VERIFIED, true);
        }
        update.where(USERS.USER_ID.eq(userId)).execute();
    }

    /**
     * Takes a TOTP time step for the user if it is later than every step accepted before (RFC 6238 §5.2: a code is
     * accepted once). Answers false for a replayed code; the row lock orders two sign-ins racing with one code.
     */
    boolean acceptTotpStep(DSLContext tx, UUID userId, long step) {
        return tx.update(USERS)
                .set(USERS.MFA_LAST_STEP, step)
                .where(USERS.USER_ID.eq(userId))
                .and(USERS.MFA_LAST_STEP.isNull().or(USERS.MFA_LAST_STEP.lt(step)))
                .execute() == 1;
    }

    void setPassword(DSLContext tx, UUID userId, String hash, Instant now) {
        tx.update(USERS)
                .set(USERS.PASSWORD_HASH, hash)
                .set(USERS.PASSWORD_CHANGED_AT, now)
                .setNull(USERS.PASSWORD_RESET_TOKEN_HASH)
                .setNull(USERS.PASSWORD_RESET_EXPIRES)
                .set(USERS.LOGIN_ATTEMPTS, 0)
                .setNull(USERS.LOCKED_UNTIL)
                .where(USERS.USER_ID.eq(userId))
                .execute();
    }

    Optional<Instant> passwordResetExpires(DSLContext tx, UUID userId) {
        return tx.select(USERS.PASSWORD_RESET_EXPIRES).from(USERS).where(USERS.USER_ID.eq(userId))
                .fetchOptional(USERS.PASSWORD_RESET_EXPIRES);
    }

    void storePasswordReset(DSLContext tx, UUID userId, String tokenHash, Instant expires) {
        tx.update(USERS)
                .set(USERS.PASSWORD_RESET_TOKEN_HASH, tokenHash)
                .set(USERS.PASSWORD_RESET_EXPIRES, expires)
                .where(USERS.USER_ID.eq(userId))
                .execute();
    }

    /** The account a live reset token belongs to (locked for the change). */
    Optional<UUID> userByResetToken(DSLContext tx, String tokenHash, Instant now) {
        return tx.select(USERS.USER_ID).from(USERS)
                .where(USERS.PASSWORD_RESET_TOKEN_HASH.eq(tokenHash))
                .and(USERS.PASSWORD_RESET_EXPIRES.gt(now))
                .forUpdate()
                .fetchOptional(USERS.USER_ID);
    }

    void storeMfaSecret(DSLContext tx, UUID userId, String encrypted, boolean enabled) {
        tx.update(USERS)
                .set(USERS.MFA_SECRET, encrypted)
                .set(USERS.MFA_ENABLED, enabled)
                .where(USERS.USER_ID.eq(userId))
                .execute();
    }

    // ---- two-factor sign-in (tenant V115, V116: not in the generated classes until shared/data is regenerated)

    private static final org.jooq.Table<?> RECOVERY_CODES = DSL.table(DSL.name("tenant", "mfa_recovery_codes"));
    private static final Field<UUID> RECOVERY_USER = DSL.field(DSL.name("user_id"), UUID.class);
    private static final Field<String> RECOVERY_HASH = DSL.field(DSL.name("code_hash"), String.class);
    private static final Field<Instant> RECOVERY_USED = DSL.field(DSL.name("used_at"), Instant.class);
    private static final Field<String> MFA_PENDING_SECRET = DSL.field(DSL.name("mfa_pending_secret"),
            String.class);

    /** The secret set up but not yet confirmed by a code, if any. */
    Optional<String> pendingMfaSecret(DSLContext tx, UUID userId) {
        return tx.select(MFA_PENDING_SECRET).from(USERS).where(USERS.USER_ID.eq(userId))
                .fetchOptional(MFA_PENDING_SECRET);
    }

    void storePendingMfaSecret(DSLContext tx, UUID userId, String encrypted) {
        tx.update(USERS).set(MFA_PENDING_SECRET, encrypted).where(USERS.USER_ID.eq(userId)).execute();
    }

    /** Makes the confirmed pending secret the one that signs in, and turns two-factor sign-in on. */
    void confirmMfaSecret(DSLContext tx, UUID userId, String encrypted) {
        tx.update(USERS)
                .set(USERS.MFA_SECRET, encrypted)
                .set(USERS.MFA_ENABLED, true)
                .setNull(MFA_PENDING_SECRET)
                .where(USERS.USER_ID.eq(userId))
                .execute();
    }

    /** Turns two-factor sign-in off: secret, pending secret and recovery codes gone. */
    void clearMfa(DSLContext tx, UUID userId, Optional<UUID> by) {
        var update = tx.update(USERS)
                .set(USERS.MFA_ENABLED, false)
                .setNull(USERS.MFA_SECRET)
                .setNull(MFA_PENDING_SECRET);
        if (by.isPresent()) {
            update = update.set(USERS.UPDATED_BY, by.get());
        }
        update.where(USERS.USER_ID.eq(userId)).execute();
        tx.deleteFrom(RECOVERY_CODES).where(RECOVERY_USER.eq(userId)).execute();
    }

    /** Replaces the user's recovery codes with these hashes (one statement each way). */
    void replaceRecoveryCodes(DSLContext tx, UUID userId, List<String> hashes) {
        tx.deleteFrom(RECOVERY_CODES).where(RECOVERY_USER.eq(userId)).execute();
        var insert = tx.insertInto(RECOVERY_CODES, RECOVERY_USER, RECOVERY_HASH);
        for (String hash : hashes) {
            insert = insert.values(userId, hash);
        }
        insert.execute();
    }

    /** Spends an unused recovery code of the user; false when it is not theirs or was used before. */
    boolean useRecoveryCode(DSLContext tx, UUID userId, String hash, Instant now) {
        return tx.update(RECOVERY_CODES)
                .set(RECOVERY_USED, now)
                .where(RECOVERY_USER.eq(userId))
                .and(RECOVERY_HASH.eq(hash))
                .and(RECOVERY_USED.isNull())
                .execute() == 1;
    }

    int unusedRecoveryCodes(DSLContext tx, UUID userId) {
        return tx.fetchCount(RECOVERY_CODES, RECOVERY_USER.eq(userId).and(RECOVERY_USED.isNull()));
    }

    /** A stronger hash of the same password (sign-in found the stored one made with weaker parameters). */
    void upgradePasswordHash(DSLContext tx, UUID userId, String hash) {
        tx.update(USERS).set(USERS.PASSWORD_HASH, hash).where(USERS.USER_ID.eq(userId)).execute();
    }

    // ---- customers signing in by OTP

    Optional<Customer> customerByPhone(DSLContext tx, String phone) {
        return tx.select(POLICYHOLDERS.POLICYHOLDER_ID, POLICYHOLDERS.USER_ID, POLICYHOLDERS.FIRST_NAME,
                        POLICYHOLDERS.LAST_NAME, POLICYHOLDERS.PREFERRED_LANGUAGE)
                .from(POLICYHOLDERS)
                .where(POLICYHOLDERS.PHONE_NUMBER.eq(phone))
                .forUpdate()
                .fetchOptional(row -> new Customer(row.value1(), Optional.ofNullable(row.value2()), row.value3(),
                        Optional.ofNullable(row.value4()), MessageLanguage.of(row.value5())));
    }

    /**
     * The login a customer gets on their first verified code (schema deviation 22: OTP-only, no password), in the
     * language of their customer record.
     */
    UUID createCustomerLogin(DSLContext tx, Customer customer, String phone, Instant now) {
        UUID userId = tx.insertInto(USERS)
                .set(USERS.PHONE_NUMBER, phone)
                .set(USERS.FIRST_NAME, customer.firstName())
                .set(USERS.LAST_NAME, customer.lastName().orElse(null))
                .set(USERS.LANGUAGE_PREFERENCE, customer.language())
                .set(USERS.ROLE, UserRoleEnum.policyholder)
                .set(USERS.PHONE_VERIFIED, true)
                .set(USERS.LAST_LOGIN_AT, now)
                .returning(USERS.USER_ID)
                .fetchOne(USERS.USER_ID);
        tx.update(POLICYHOLDERS).set(POLICYHOLDERS.USER_ID, userId)
                .where(POLICYHOLDERS.POLICYHOLDER_ID.eq(customer.policyholderId()))
                .execute();
        return userId;
    }

    // ---- one-time codes

    /** Serialises code requests and checks for one phone number until the transaction ends. */
    void lockPhone(DSLContext tx, String phone) {
        tx.select(DSL.function("pg_advisory_xact_lock", Object.class,
                DSL.function("hashtextextended", Long.class, DSL.val("otp:" + phone), DSL.inline(0L)))).fetch();
    }

    List<Instant> otpTimesSince(DSLContext tx, String phone, Instant since) {
        return tx.select(LOGIN_OTPS.CREATED_AT).from(LOGIN_OTPS)
                .where(LOGIN_OTPS.PHONE_NUMBER.eq(phone))
                .and(LOGIN_OTPS.CREATED_AT.gt(since))
                .orderBy(LOGIN_OTPS.CREATED_AT)
                .fetch(LOGIN_OTPS.CREATED_AT);
    }

    List<Instant> otpTimesFromAddressSince(DSLContext tx, String address, Instant since) {
        return tx.select(LOGIN_OTPS.CREATED_AT).from(LOGIN_OTPS)
                .where(DSL.condition("{0} = cast({1} as inet)", LOGIN_OTPS.IP_ADDRESS, DSL.val(address)))
                .and(LOGIN_OTPS.CREATED_AT.gt(since))
                .orderBy(LOGIN_OTPS.CREATED_AT)
                .fetch(LOGIN_OTPS.CREATED_AT);
    }

    void insertOtp(DSLContext tx, UUID otpId, String phone, Optional<UUID> userId, String codeHash, Instant now,
            Instant expiresAt, Optional<String> address) {
        tx.insertInto(LOGIN_OTPS)
                .set(LOGIN_OTPS.OTP_ID, otpId)
                .set(LOGIN_OTPS.PHONE_NUMBER, phone)
                .set(LOGIN_OTPS.USER_ID, userId.orElse(null))
                .set(LOGIN_OTPS.PURPOSE, "login")
                .set(LOGIN_OTPS.CODE_HASH, codeHash)
                .set(LOGIN_OTPS.MAX_ATTEMPTS, OtpPolicy.MAX_ATTEMPTS)
                .set(LOGIN_OTPS.CREATED_AT, now)
                .set(LOGIN_OTPS.EXPIRES_AT, expiresAt)
                .set(LOGIN_OTPS.IP_ADDRESS, address.<Object>map(ip -> DSL.field("cast({0} as inet)", Object.class,
                        DSL.val(ip))).orElse(null))
                .execute();
    }

    /** The newest unconsumed code for the phone, locked. */
    Optional<Otp> latestOtp(DSLContext tx, String phone) {
        return tx.select(LOGIN_OTPS.OTP_ID, LOGIN_OTPS.USER_ID, LOGIN_OTPS.CODE_HASH, LOGIN_OTPS.ATTEMPTS,
                        LOGIN_OTPS.MAX_ATTEMPTS, LOGIN_OTPS.EXPIRES_AT, LOGIN_OTPS.CREATED_AT)
                .from(LOGIN_OTPS)
                .where(LOGIN_OTPS.PHONE_NUMBER.eq(phone))
                .and(LOGIN_OTPS.PURPOSE.eq("login"))
                .and(LOGIN_OTPS.CONSUMED_AT.isNull())
                .orderBy(LOGIN_OTPS.CREATED_AT.desc())
                .limit(1)
                .forUpdate()
                .fetchOptional(row -> new Otp(row.value1(), Optional.ofNullable(row.value2()), row.value3(),
                        row.value4(), row.value5(), row.value6(), row.value7()));
    }

    void countWrongCode(DSLContext tx, UUID otpId) {
        tx.update(LOGIN_OTPS).set(LOGIN_OTPS.ATTEMPTS, LOGIN_OTPS.ATTEMPTS.plus(1))
                .where(LOGIN_OTPS.OTP_ID.eq(otpId)).execute();
    }

    void consumeOtp(DSLContext tx, UUID otpId, Instant now) {
        tx.update(LOGIN_OTPS).set(LOGIN_OTPS.CONSUMED_AT, now).where(LOGIN_OTPS.OTP_ID.eq(otpId)).execute();
    }

    // ---- sessions (one row per refresh token; the family is the device's session)

    void insertSession(DSLContext tx, UUID userId, String tokenHash, UUID familyId, Optional<UUID> rotatedFrom,
            Optional<String> deviceJson, Optional<String> address, Optional<String> userAgent, Instant now,
            Instant expiresAt) {
        tx.insertInto(USER_SESSIONS)
                .set(USER_SESSIONS.USER_ID, userId)
                .set(USER_SESSIONS.REFRESH_TOKEN_HASH, tokenHash)
                .set(USER_SESSIONS.TOKEN_FAMILY_ID, familyId)
                .set(USER_SESSIONS.ROTATED_FROM_SESSION_ID, rotatedFrom.orElse(null))
                .set(USER_SESSIONS.DEVICE_INFO, deviceJson.map(JSONB::valueOf).orElse(null))
                .set(USER_SESSIONS.IP_ADDRESS, address.<Object>map(ip -> DSL.field("cast({0} as inet)", Object.class,
                        DSL.val(ip))).orElse(null))
                .set(USER_SESSIONS.USER_AGENT, userAgent.map(agent -> agent.length() > 500 ? agent.substring(0, 500) : agent)
                        .orElse(null))
                .set(USER_SESSIONS.CREATED_AT, now)
                .set(USER_SESSIONS.LAST_ACTIVITY_AT, now)
                .set(USER_SESSIONS.EXPIRES_AT, expiresAt)
                .execute();
    }

    Optional<SessionRow> sessionByTokenHash(DSLContext tx, String tokenHash) {
        return tx.select(USER_SESSIONS.SESSION_ID, USER_SESSIONS.USER_ID, USER_SESSIONS.TOKEN_FAMILY_ID,
                        USER_SESSIONS.ROTATED_AT, USER_SESSIONS.REVOKED_AT, USER_SESSIONS.EXPIRES_AT)
                .from(USER_SESSIONS)
                .where(USER_SESSIONS.REFRESH_TOKEN_HASH.eq(tokenHash))
                .forUpdate()
                .fetchOptional(row -> new SessionRow(row.value1(), row.value2(), row.value3(),
                        Optional.ofNullable(row.value4()), Optional.ofNullable(row.value5()), row.value6()));
    }

    void markRotated(DSLContext tx, UUID sessionId, Instant now) {
        tx.update(USER_SESSIONS).set(USER_SESSIONS.ROTATED_AT, now)
                .where(USER_SESSIONS.SESSION_ID.eq(sessionId)).execute();
    }

    /** Revokes every token of a device's session; answers how many were live. */
    int revokeFamily(DSLContext tx, UUID familyId, Optional<UUID> userId, String reason, Instant now) {
        var update = tx.update(USER_SESSIONS)
                .set(USER_SESSIONS.REVOKED_AT, now)
                .set(USER_SESSIONS.REVOKED_REASON, reason)
                .where(USER_SESSIONS.TOKEN_FAMILY_ID.eq(familyId))
                .and(USER_SESSIONS.REVOKED_AT.isNull());
        if (userId.isPresent()) {
            update = update.and(USER_SESSIONS.USER_ID.eq(userId.get()));
        }
        return update.execute();
    }

    /** Revokes every session of a user, except one device's when {@code keep} is given. */
    void revokeUserSessions(DSLContext tx, UUID userId, Optional<UUID> keep, String reason, Instant now) {
        var update = tx.update(USER_SESSIONS)
                .set(USER_SESSIONS.REVOKED_AT, now)
                .set(USER_SESSIONS.REVOKED_REASON, reason)
                .where(USER_SESSIONS.USER_ID.eq(userId))
                .and(USER_SESSIONS.REVOKED_AT.isNull());
        if (keep.isPresent()) {
            update = update.and(USER_SESSIONS.TOKEN_FAMILY_ID.ne(keep.get()));
        }
        update.execute();
    }

    /** When the device session began: its first refresh token's creation (the absolute lifetime counts from it). */
    Instant sessionStartedAt(DSLContext tx, UUID familyId) {
        return tx.select(DSL.min(USER_SESSIONS.CREATED_AT)).from(USER_SESSIONS)
                .where(USER_SESSIONS.TOKEN_FAMILY_ID.eq(familyId))
                .fetchOne(0, Instant.class);
    }

    /** Whether the device session named in an access token is live: its newest token unrevoked and unexpired. */
    boolean sessionLive(DSLContext tx, UUID familyId, UUID userId, Instant now) {
        return tx.fetchExists(DSL.selectOne().from(USER_SESSIONS)
                .where(USER_SESSIONS.TOKEN_FAMILY_ID.eq(familyId))
                .and(USER_SESSIONS.USER_ID.eq(userId))
                .and(USER_SESSIONS.ROTATED_AT.isNull())
                .and(USER_SESSIONS.REVOKED_AT.isNull())
                .and(USER_SESSIONS.EXPIRES_AT.gt(now)));
    }

    List<SessionView> liveSessions(DSLContext tx, UUID userId, UUID currentFamily, Instant now) {
        var first = USER_SESSIONS.as("first");
        return tx.select(USER_SESSIONS.TOKEN_FAMILY_ID, USER_SESSIONS.DEVICE_INFO, USER_SESSIONS.USER_AGENT,
                        DSL.field(DSL.select(DSL.min(first.CREATED_AT)).from(first)
                                .where(first.TOKEN_FAMILY_ID.eq(USER_SESSIONS.TOKEN_FAMILY_ID))),
                        USER_SESSIONS.LAST_ACTIVITY_AT, USER_SESSIONS.EXPIRES_AT)
                .from(USER_SESSIONS)
                .where(USER_SESSIONS.USER_ID.eq(userId))
                .and(USER_SESSIONS.ROTATED_AT.isNull())
                .and(USER_SESSIONS.REVOKED_AT.isNull())
                .and(USER_SESSIONS.EXPIRES_AT.gt(now))
                .orderBy(USER_SESSIONS.LAST_ACTIVITY_AT.desc())
                .fetch(row -> new SessionView(row.value1(),
                        Optional.ofNullable(row.value2()).map(json -> com.agentmitra.lambda.Json.mapper()
                                .convertValue(readTree(json.data()), Object.class)),
                        Optional.ofNullable(row.value3()), row.value4(), row.value5(), row.value6(),
                        row.value1().equals(currentFamily)));
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            return com.agentmitra.lambda.Json.mapper().readTree(json);
        } catch (java.io.IOException e) {
            return com.fasterxml.jackson.databind.node.NullNode.getInstance();
        }
    }

    // ---- administration

    record ManagedUser(UUID userId, Role role, UserStatusEnum status, Optional<UUID> agentId,
            Optional<String> territory) {}

    Optional<ManagedUser> managedUser(DSLContext tx, UUID userId) {
        return tx.select(USERS.USER_ID, USERS.ROLE, USERS.STATUS, AGENTS.AGENT_ID, AGENTS.TERRITORY)
                .from(USERS)
                .leftJoin(AGENTS).on(AGENTS.USER_ID.eq(USERS.USER_ID))
                .where(USERS.USER_ID.eq(userId))
                .forUpdate().of(USERS)
                .fetchOptional(row -> new ManagedUser(row.value1(), role(row.value2()), row.value3(),
                        Optional.ofNullable(row.value4()), Optional.ofNullable(row.value5())));
    }

    /** Whether the agent row is among the caller's visible agents (row level security's own definition). */
    boolean agentVisible(DSLContext tx, UUID agentId) {
        var visible = com.agentmitra.data.jooq.tenant.Tables.VISIBLE_AGENT_IDS();
        return tx.fetchExists(DSL.selectOne().from(visible).where(visible.VISIBLE_AGENT_IDS_.eq(agentId)));
    }

    boolean identifierTaken(DSLContext tx, Optional<String> email, Optional<String> username, Optional<String> phone) {
        Condition any = DSL.falseCondition();
        if (email.isPresent()) {
            any = any.or(DSL.lower(USERS.EMAIL).eq(email.get().toLowerCase(Locale.ROOT)));
        }
        if (username.isPresent()) {
            any = any.or(DSL.lower(USERS.USERNAME).eq(username.get().toLowerCase(Locale.ROOT)));
        }
        if (phone.isPresent()) {
            any = any.or(USERS.PHONE_NUMBER.eq(phone.get()));
        }
        return tx.fetchExists(USERS, any);
    }

    boolean agentCodeTaken(DSLContext tx, String agentCode) {
        return tx.fetchExists(AGENTS, AGENTS.AGENT_CODE.eq(agentCode));
    }

    UUID insertUser(DSLContext tx, NewUser user, Optional<String> passwordHash, UUID createdBy, Instant now) {
        UsersRecord row = tx.newRecord(USERS);
        row.setUsername(user.username());
        row.setEmail(user.optionalEmail().orElse(null));
        row.setPhoneNumber(user.phoneE164().orElse(null));
        row.setFirstName(user.firstName());
        row.setLastName(user.optionalLastName().orElse(null));
        row.setRole(UserRoleEnum.valueOf(user.roleValue().sqlName()));
        row.setPasswordHash(passwordHash.orElse(null));
        row.setPasswordChangedAt(passwordHash.isPresent() ? now : null);
        row.setCreatedBy(createdBy);
        row.setUpdatedBy(createdBy);
        return tx.insertInto(USERS).set(row).returning(USERS.USER_ID).fetchOne(USERS.USER_ID);
    }

    UUID insertAgent(DSLContext tx, UUID userId, String agentCode, Optional<UUID> parent, Optional<String> territory) {
        return tx.insertInto(AGENTS)
                .set(AGENTS.USER_ID, userId)
                .set(AGENTS.AGENT_CODE, agentCode)
                .set(AGENTS.PARENT_AGENT_ID, parent.orElse(null))
                .set(AGENTS.TERRITORY, territory.orElse(null))
                .returning(AGENTS.AGENT_ID)
                .fetchOne(AGENTS.AGENT_ID);
    }

    boolean agentExists(DSLContext tx, UUID agentId) {
        return tx.fetchExists(AGENTS, AGENTS.AGENT_ID.eq(agentId));
    }

    void changeRole(DSLContext tx, UUID userId, Role role, UUID by) {
        tx.update(USERS).set(USERS.ROLE, UserRoleEnum.valueOf(role.sqlName())).set(USERS.UPDATED_BY, by)
                .where(USERS.USER_ID.eq(userId)).execute();
    }

    void changeStatus(DSLContext tx, UUID userId, UserStatusEnum status, Optional<String> reason, UUID by,
            Instant now) {
        tx.update(USERS)
                .set(USERS.STATUS, status)
                .set(USERS.DEACTIVATED_AT, status == UserStatusEnum.active ? null : now)
                .set(USERS.DEACTIVATED_REASON, reason.orElse(null))
                .set(USERS.LOGIN_ATTEMPTS, 0)
                .setNull(USERS.LOCKED_UNTIL)
                .set(USERS.UPDATED_BY, by)
                .where(USERS.USER_ID.eq(userId))
                .execute();
    }

    static Role role(UserRoleEnum value) {
        return Role.fromUserRole(value.getLiteral()).orElseThrow();
    }
}
