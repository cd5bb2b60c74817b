package com.agentmitra.whatsapp;

import java.util.Set;

/**
 * What a Graph API error means for the sender (specs/whatsapp-cloud-api.md §2): decided on {@code error.code},
 * never on the HTTP status alone; an unknown code is transient on 5xx and permanent otherwise.
 */
enum GraphError {
    /** Try again later (throughput, pair rate, temporary errors): SQS redelivers after the visibility timeout. */
    TRANSIENT,
    /** Will never succeed as it is: record the code, acknowledge, do not retry. */
    PERMANENT;

    // throughput, pair rate, app and WABA rate limits, unknown/temporary errors, maintenance (spec §2 table)
    private static final Set<Integer> TRANSIENT_CODES = Set.of(130429, 131056, 4, 80007, 1, 2, 131000, 131016,
            133004, 131057);

    // bad payload, auth, undeliverable, window closed, opted out, template problems, policy blocks (spec §2 table)
    private static final Set<Integer> PERMANENT_CODES = Set.of(100, 131008, 131009, 135000, 33, 190, 0, 3, 10,
            131005, 131026, 131047, 131050, 131051, 132000, 132001, 132005, 132007, 132012, 132015, 132016, 131021,
            131042, 131045, 131031, 368, 130497, 130403, 130472, 131030, 131048, 131064, 131049, 131001);

    static GraphError classify(int httpStatus, int code) {
        if (TRANSIENT_CODES.contains(code)) {
            return TRANSIENT;
        }
        if (PERMANENT_CODES.contains(code) || (code >= 200 && code <= 299)) {
            return PERMANENT;
        }
        return httpStatus >= 500 ? TRANSIENT : PERMANENT;
    }
}
