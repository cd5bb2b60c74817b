package com.agentmitra.conversations;

import com.agentmitra.data.Caller;
import com.agentmitra.lambda.ApiProblem;

/**
 * Who may use conversations: agents for their book, managers for their team, staff for the tenant (row level
 * security decides which customers); a customer or a guest never (notes and other customers' threads are not
 * theirs to read).
 */
final class Access {

    private Access() {}

    static void requireStaff(Caller caller) {
        switch (caller.role()) {
            case POLICYHOLDER, GUEST -> throw new ApiProblem.Forbidden(
                    "conversations are for agents, managers and staff");
            default -> { }
        }
    }

    /** Managers (regional managers, senior agents with a team) and tenant-wide staff. */
    static boolean manages(Caller caller) {
        return switch (caller.role()) {
            case SUPER_ADMIN, INSURANCE_PROVIDER_ADMIN, SUPPORT_STAFF, SYSTEM, REGIONAL_MANAGER, SENIOR_AGENT -> true;
            case JUNIOR_AGENT, POLICYHOLDER, GUEST -> false;
        };
    }

    static boolean tenantWide(Caller caller) {
        return switch (caller.role()) {
            case SUPER_ADMIN, INSURANCE_PROVIDER_ADMIN, SUPPORT_STAFF, SYSTEM -> true;
            default -> false;
        };
    }
}
