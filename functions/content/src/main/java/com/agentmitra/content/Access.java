package com.agentmitra.content;

import com.agentmitra.data.Caller;
import com.agentmitra.lambda.ApiProblem;

/**
 * Who may do what in the content library. Row level security decides which items a caller sees and writes; these
 * checks answer 403 with a reason before any work.
 */
final class Access {

    private Access() {}

    /** Agents add content for their customers; administrators and support staff for the whole tenant. */
    static void requirePublisher(Caller caller) {
        if (!publishes(caller)) {
            throw new ApiProblem.Forbidden("content is added by agents, administrators and support staff");
        }
    }

    static boolean publishes(Caller caller) {
        return switch (caller.role()) {
            case SUPER_ADMIN, INSURANCE_PROVIDER_ADMIN, SUPPORT_STAFF, REGIONAL_MANAGER, SENIOR_AGENT, JUNIOR_AGENT ->
                    true;
            case POLICYHOLDER, GUEST, SYSTEM -> false;
        };
    }

    /** Moderation: an insurance-provider administrator or support staff (and the platform's super administrator). */
    static void requireModerator(Caller caller) {
        if (!moderates(caller)) {
            throw new ApiProblem.Forbidden("content is moderated by the insurance provider's administrators and "
                    + "support staff");
        }
    }

    static boolean moderates(Caller caller) {
        return switch (caller.role()) {
            case SUPER_ADMIN, INSURANCE_PROVIDER_ADMIN, SUPPORT_STAFF -> true;
            default -> false;
        };
    }

    /** Watching and rating: anyone signed in except a guest. */
    static void requireViewer(Caller caller) {
        if (caller.role() == com.agentmitra.data.Role.GUEST) {
            throw new ApiProblem.Forbidden("sign in to watch and rate content");
        }
    }

    /** Sharing with customers: agents (their own customers) and staff. */
    static void requireSharer(Caller caller) {
        requirePublisher(caller);
    }

    /** Analytics: the owner, their managers and staff (row level security narrows agents to their scope). */
    static void requireAnalytics(Caller caller) {
        if (!publishes(caller)) {
            throw new ApiProblem.Forbidden("content analytics are for the owners, their managers and staff");
        }
    }
}
