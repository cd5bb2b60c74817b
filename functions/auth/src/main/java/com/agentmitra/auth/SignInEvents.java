package com.agentmitra.auth;

import com.agentmitra.data.AccessEvents;
import com.agentmitra.data.Role;
import com.agentmitra.lambda.Json;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Sign-ins as access events (tenant V202), written in the sign-in's own transaction, so a sign-in that rolls back
 * leaves none, and listed by {@code GET /audit?entity=access_events} (the account's id is the entity id). A success
 * names the person who signed in; a wrong password or code for an existing account is {@code sign_in_failed} with no
 * actor (nobody proved who they are). Only the method is kept: no identifier typed, address, password, code or token.
 */
final class SignInEvents {

    static final String PASSWORD = "password";
    static final String WHATSAPP_CODE = "whatsapp_code";

    private SignInEvents() {
    }

    /**
     * The signed-in person's event. The sign-in transaction runs as the backend ({@code system}) until the person has
     * proved who they are; from here on it acts for them (app.user_id), so the event and its audit row name them as
     * the actor, as every writer of access events inserts as themselves. Call it last in the transaction.
     */
    static void signedIn(DSLContext tx, UUID userId, Role role, String method, boolean secondFactor,
            SignInContext from) {
        tx.select(DSL.function("set_config", String.class, DSL.val("app.user_id"), DSL.val(userId.toString()),
                DSL.inline(true))).fetch();
        insert(tx, "sign_in", userId, userId, role, Map.of("method", method, "secondFactor", secondFactor), from);
    }

    /** A wrong password or code for an existing account (counted towards its lockout, so bounded). */
    static void failed(DSLContext tx, UUID accountId, String method, String wrong, SignInContext from) {
        insert(tx, "sign_in_failed", accountId, null, null, Map.of("method", method, "wrong", wrong), from);
    }

    private static void insert(DSLContext tx, String event, UUID accountId, UUID actor, Role role,
            Map<String, Object> detail, SignInContext from) {
        AccessEvents.record(tx, event, "users", accountId.toString(), actor, role, from.requestId().orElse(null),
                Json.write(detail));
    }
}
