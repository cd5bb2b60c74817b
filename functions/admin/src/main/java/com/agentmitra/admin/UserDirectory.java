package com.agentmitra.admin;

import static com.agentmitra.data.jooq.tenant.Tables.AGENTS;
import static com.agentmitra.data.jooq.tenant.Tables.USERS;
import static com.agentmitra.data.jooq.tenant.Tables.USER_SESSIONS;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.data.jooq.shared.enums.UserRoleEnum;
import com.agentmitra.data.jooq.shared.enums.UserStatusEnum;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.lambda.Cursor;
import com.agentmitra.lambda.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * {@code GET /users} and {@code GET /users/{id}}: the tenant's logins as administrators see them, never a secret
 * column (password, MFA secret, reset or verification tokens), with the user's recent sessions and last sign-in.
 * Newest first, keyset pages on (created_at, user_id).
 */
final class UserDirectory {

    static final String CURSOR_KIND = "admin-users";
    static final int SESSIONS_SHOWN = 20;

    record UserView(UUID id, String username, String email, String phoneNumber, String firstName, String lastName,
            String displayName, String role, String status, UUID agentId, String language, boolean mfaEnabled,
            Instant lastSignInAt, Instant lockedUntil, Instant createdAt, Instant deactivatedAt,
            String deactivatedReason) {}

    record SessionView(UUID id, Instant createdAt, Instant lastActivityAt, Instant expiresAt, Instant revokedAt,
            String revokedReason, String userAgent, String ipAddress, boolean active) {}

    record UserDetail(UserView user, Instant lastSignInAt, int activeSessions, List<SessionView> sessions) {}

    record Query(Optional<UserRoleEnum> role, Optional<UserStatusEnum> status, Optional<String> search,
            Optional<Cursor> cursor, int limit) {}

    private final Database database;
    private final java.time.Clock clock;

    UserDirectory(Database database, java.time.Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    Page<UserView> list(Caller caller, Query query) {
        Access.administrator(caller);
        return database.inTransaction(caller, tx -> {
            Condition where = DSL.noCondition();
            if (query.role().isPresent()) {
                where = where.and(USERS.ROLE.eq(query.role().get()));
            }
            if (query.status().isPresent()) {
                where = where.and(USERS.STATUS.eq(query.status().get()));
            }
            if (query.search().isPresent()) {
                String like = query.search().get();
                where = where.and(USERS.USERNAME.likeIgnoreCase(like, '\\')
                        .or(USERS.EMAIL.likeIgnoreCase(like, '\\'))
                        .or(USERS.FIRST_NAME.likeIgnoreCase(like, '\\'))
                        .or(USERS.LAST_NAME.likeIgnoreCase(like, '\\'))
                        .or(USERS.DISPLAY_NAME.likeIgnoreCase(like, '\\'))
                        .or(USERS.PHONE_NUMBER.like(like, '\\')));
            }
            if (query.cursor().isPresent()) {
                Cursor cursor = query.cursor().get();
                where = where.and(DSL.row(USERS.CREATED_AT, USERS.USER_ID)
                        .lt(cursor.instant(0), cursor.uuid(1)));
            }
            List<UserView> rows = tx.select(viewFields()).from(USERS)
                    .leftJoin(AGENTS).on(AGENTS.USER_ID.eq(USERS.USER_ID))
                    .where(where)
                    .orderBy(USERS.CREATED_AT.desc(), USERS.USER_ID.desc())
                    .limit(query.limit() + 1)
                    .fetch(UserDirectory::view);
            return page(rows, query.limit());
        });
    }

    UserDetail get(Caller caller, UUID userId) {
        Access.administrator(caller);
        UserView user = database.inTransaction(caller, tx -> tx.select(viewFields()).from(USERS)
                        .leftJoin(AGENTS).on(AGENTS.USER_ID.eq(USERS.USER_ID))
                        .where(USERS.USER_ID.eq(userId))
                        .fetchOptional(UserDirectory::view))
                .orElseThrow(() -> new ApiProblem.NotFound("user"));
        // sessions are kept to their owner by row level security; read for the administrator, as the backend
        Instant now = clock.instant();
        record Sessions(int active, List<SessionView> recent) {}
        Sessions sessions = database.inTransaction(Access.system(caller), tx -> {
            var s = USER_SESSIONS;
            Condition live = s.REVOKED_AT.isNull().and(s.ROTATED_AT.isNull()).and(s.EXPIRES_AT.gt(now));
            int active = tx.fetchCount(s, s.USER_ID.eq(userId).and(live));
            List<SessionView> recent = tx.select(s.SESSION_ID, s.CREATED_AT, s.LAST_ACTIVITY_AT, s.EXPIRES_AT,
                            s.REVOKED_AT, s.REVOKED_REASON, s.USER_AGENT, s.IP_ADDRESS.cast(String.class),
                            DSL.field(live))
                    .from(s).where(s.USER_ID.eq(userId))
                    .orderBy(s.CREATED_AT.desc(), s.SESSION_ID.desc())
                    .limit(SESSIONS_SHOWN)
                    .fetch(r -> new SessionView(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(),
                            r.value6(), truncate(r.value7()), r.value8(), Boolean.TRUE.equals(r.value9())));
            return new Sessions(active, recent);
        });
        return new UserDetail(user, user.lastSignInAt(), sessions.active(), sessions.recent());
    }

    private static String truncate(String userAgent) {
        return userAgent == null || userAgent.length() <= 300 ? userAgent : userAgent.substring(0, 300);
    }

    private static List<org.jooq.SelectField<?>> viewFields() {
        return List.of(USERS.USER_ID, USERS.USERNAME, USERS.EMAIL, USERS.PHONE_NUMBER, USERS.FIRST_NAME,
                USERS.LAST_NAME, USERS.DISPLAY_NAME, USERS.ROLE, USERS.STATUS, AGENTS.AGENT_ID,
                USERS.LANGUAGE_PREFERENCE, USERS.MFA_ENABLED, USERS.LAST_LOGIN_AT, USERS.LOCKED_UNTIL,
                USERS.CREATED_AT, USERS.DEACTIVATED_AT, USERS.DEACTIVATED_REASON);
    }

    private static UserView view(Record r) {
        return new UserView(r.get(USERS.USER_ID), r.get(USERS.USERNAME), r.get(USERS.EMAIL),
                r.get(USERS.PHONE_NUMBER), r.get(USERS.FIRST_NAME), r.get(USERS.LAST_NAME),
                r.get(USERS.DISPLAY_NAME), r.get(USERS.ROLE).getLiteral(), r.get(USERS.STATUS).getLiteral(),
                r.get(AGENTS.AGENT_ID), r.get(USERS.LANGUAGE_PREFERENCE), r.get(USERS.MFA_ENABLED),
                r.get(USERS.LAST_LOGIN_AT), r.get(USERS.LOCKED_UNTIL), r.get(USERS.CREATED_AT),
                r.get(USERS.DEACTIVATED_AT), r.get(USERS.DEACTIVATED_REASON));
    }

    private static Page<UserView> page(List<UserView> rows, int limit) {
        if (rows.size() <= limit) {
            return Page.last(rows);
        }
        List<UserView> items = new ArrayList<>(rows.subList(0, limit));
        UserView last = items.getLast();
        return new Page<>(items, Optional.of(Cursor.of(CURSOR_KIND, last.createdAt(), last.id()).encode()));
    }
}
