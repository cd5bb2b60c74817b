package com.agentmitra.data;

import static com.agentmitra.data.jooq.tenant.Tables.ACCESS_EVENTS;

import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;

/**
 * Access events (tenant V202: sign-ins, exports, report downloads, erasures), written in the transaction of the act
 * they record, so an act that rolls back leaves none; the table's policy lets a writer insert only as the
 * transaction's own user and role. Listed by administrators through {@code GET /audit?entity=access_events}.
 */
public final class AccessEvents {

    /** The {@code request_id} column's length; a request id is the platform's (a uuid), anything longer is cut. */
    static final int REQUEST_ID_LENGTH = 100;

    private AccessEvents() {
    }

    /** An event of the caller on a record: {@code detail} a small JSON object, nothing of the record's personal data. */
    public static void record(DSLContext tx, Caller caller, String event, String entity, String entityId,
            String requestId, String detail) {
        record(tx, event, entity, entityId, caller.requireUserId(), caller.role(), requestId, detail);
    }

    /** An event with its actor given ({@code null} with its role for a failed sign-in: nobody proved who they are). */
    public static void record(DSLContext tx, String event, String entity, String entityId, UUID userId, Role role,
            String requestId, String detail) {
        tx.insertInto(ACCESS_EVENTS)
                .set(ACCESS_EVENTS.EVENT, event)
                .set(ACCESS_EVENTS.ENTITY, entity)
                .set(ACCESS_EVENTS.ENTITY_ID, entityId)
                .set(ACCESS_EVENTS.USER_ID, userId)
                .set(ACCESS_EVENTS.USER_ROLE, role == null ? null : role.sqlName())
                .set(ACCESS_EVENTS.REQUEST_ID, bounded(requestId))
                .set(ACCESS_EVENTS.DETAIL, JSONB.valueOf(detail))
                .execute();
    }

    static String bounded(String requestId) {
        if (requestId == null || requestId.isBlank()) {
            return null;
        }
        return requestId.length() <= REQUEST_ID_LENGTH ? requestId : requestId.substring(0, REQUEST_ID_LENGTH);
    }
}
