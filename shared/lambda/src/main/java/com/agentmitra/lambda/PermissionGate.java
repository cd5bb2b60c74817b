package com.agentmitra.lambda;

import static com.agentmitra.data.jooq.tenant.Tables.PERMISSIONS;
import static com.agentmitra.data.jooq.tenant.Tables.ROLES;
import static com.agentmitra.data.jooq.tenant.Tables.ROLE_PERMISSIONS;
import static com.agentmitra.data.jooq.tenant.Tables.USER_ROLES;

import com.agentmitra.config.Env;
import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.data.Role;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Route authorization by the permission model (issue 19): before a signed-in caller's handler runs, the route's
 * permission ({@link RoutePermissions}) must be held by one of the caller's roles: the role of the access token
 * ({@code users.role} when it was issued) plus the caller's {@code user_roles} that have not expired, through
 * {@code role_permissions}. {@code super_admin} holds every permission (the schema of record's {@code *}). A caller
 * without it gets the same 403 problem a module's own role check gives.
 *
 * <p>What a caller's roles hold is read with one query (as the tenant, row level security on) and kept per function
 * instance for {@link #DEFAULT_CACHE} ({@value #CACHE_VARIABLE} overrides it, 0..600 seconds), per tenant, user and
 * token role, at most {@value #MAX_ENTRIES} callers; so a grant or a revocation takes effect within that time.
 */
public final class PermissionGate {

    /** How long what a caller's roles hold is kept; a grant or a revocation takes effect within this. */
    public static final Duration DEFAULT_CACHE = Duration.ofSeconds(60);
    public static final String CACHE_VARIABLE = "PERMISSIONS_CACHE_SECONDS";
    static final int MAX_CACHE_SECONDS = 600;
    static final int MAX_ENTRIES = 10_000;

    private static final Logger log = LoggerFactory.getLogger(PermissionGate.class);

    private final Database database;
    private final Clock clock;
    private final Duration cache;
    private final RoutePermissions routes;
    private final ConcurrentHashMap<Key, Held> held = new ConcurrentHashMap<>();

    PermissionGate(Database database, Clock clock, Duration cache, RoutePermissions routes) {
        this.database = database;
        this.clock = clock;
        this.cache = cache;
        this.routes = routes;
    }

    /** The gate of a function: the shipped route map, the cache time of {@value #CACHE_VARIABLE} or 60 s. */
    public static PermissionGate over(Database database) {
        return new PermissionGate(database, Clock.systemUTC(), cacheFromEnvironment(), RoutePermissions.get());
    }

    static Duration cacheFromEnvironment() {
        Optional<String> value = Env.get(CACHE_VARIABLE);
        if (value.isEmpty()) {
            return DEFAULT_CACHE;
        }
        try {
            int seconds = Integer.parseInt(value.get());
            if (seconds >= 0 && seconds <= MAX_CACHE_SECONDS) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalStateException(CACHE_VARIABLE + " must be a whole number of seconds, 0 to "
                + MAX_CACHE_SECONDS);
    }

    /** How long this gate keeps what a caller's roles hold. */
    public Duration cache() {
        return cache;
    }

    /**
     * Lets the caller through to {@code method resource} or throws the 403 problem. A route missing from the map is
     * refused (and logged): a route nobody gave a permission is a route nobody may call.
     */
    void require(Caller caller, String method, String resource) {
        Optional<String> needed = routes.of(method, resource);
        if (needed.isEmpty()) {
            log.error("Route has no permission in {}; refused method={} resource={}", RoutePermissions.RESOURCE,
                    method, resource);
            throw new ApiProblem.Forbidden("this route has no permission assigned");
        }
        String permission = needed.get();
        if (permission.equals(RoutePermissions.SELF) || permission.equals(RoutePermissions.PUBLIC)
                || caller.role() == Role.SUPER_ADMIN) {
            return;
        }
        Held roles = held(caller);
        if (!roles.allows(permission)) {
            log.info("Permission refused permission={} role={}", permission, caller.role().sqlName());
            throw new ApiProblem.Forbidden("your role does not have the permission " + permission
                    + " this route needs");
        }
    }

    /** Whether the caller's roles hold {@code permission} now (as the cache sees it). */
    boolean allows(Caller caller, String permission) {
        return caller.role() == Role.SUPER_ADMIN || held(caller).allows(permission);
    }

    private Held held(Caller caller) {
        Key key = new Key(caller.tenant().id(), caller.requireUserId(), caller.role());
        Instant now = clock.instant();
        Held known = held.get(key);
        if (known != null && now.isBefore(known.until())) {
            return known;
        }
        Held read = read(caller, now.plus(cache));
        if (!cache.isZero()) {
            if (held.size() >= MAX_ENTRIES) {
                held.values().removeIf(entry -> !now.isBefore(entry.until()));
                if (held.size() >= MAX_ENTRIES) {
                    held.clear();
                }
            }
            held.put(key, read);
        }
        return read;
    }

    /** The caller's roles and what they hold, in one query, as the tenant (app.user_id stays the caller's). */
    private Held read(Caller caller, Instant until) {
        Caller reader = new Caller(caller.tenant(), caller.userId(), Role.SYSTEM, Optional.empty());
        Set<String> roles = new HashSet<>();
        Set<String> permissions = new HashSet<>();
        database.inTransaction(reader, tx -> {
            tx.select(ROLES.ROLE_NAME, PERMISSIONS.PERMISSION_NAME)
                    .from(ROLES)
                    .leftJoin(ROLE_PERMISSIONS).on(ROLE_PERMISSIONS.ROLE_ID.eq(ROLES.ROLE_ID))
                    .leftJoin(PERMISSIONS).on(PERMISSIONS.PERMISSION_ID.eq(ROLE_PERMISSIONS.PERMISSION_ID))
                    .where(ROLES.ROLE_NAME.eq(caller.role().sqlName())
                            .or(ROLES.ROLE_ID.in(DSL.select(USER_ROLES.ROLE_ID).from(USER_ROLES)
                                    .where(USER_ROLES.USER_ID.eq(caller.requireUserId()))
                                    .and(USER_ROLES.EXPIRES_AT.isNull().or(USER_ROLES.EXPIRES_AT.gt(DSL.currentInstant()))))))
                    .fetch()
                    .forEach(row -> {
                        roles.add(row.value1());
                        if (row.value2() != null) {
                            permissions.add(row.value2());
                        }
                    });
            return null;
        });
        return new Held(roles.contains(Role.SUPER_ADMIN.sqlName()), Set.copyOf(permissions), until);
    }

    private record Key(UUID tenantId, UUID userId, Role role) {}

    private record Held(boolean everything, Set<String> permissions, Instant until) {
        boolean allows(String permission) {
            return everything || permissions.contains(permission);
        }
    }
}
