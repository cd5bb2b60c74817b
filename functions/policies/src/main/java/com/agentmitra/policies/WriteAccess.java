package com.agentmitra.policies;

import com.agentmitra.data.Caller;
import com.agentmitra.lambda.ApiProblem;

/** Who may change the book: agents, managers and staff; a policyholder reads their own policies only. */
public final class WriteAccess {

    private WriteAccess() {}

    public static void require(Caller caller) {
        switch (caller.role()) {
            case POLICYHOLDER, GUEST -> throw new ApiProblem.Forbidden("policyholders can view their policies; "
                    + "ask your agent to change them");
            default -> { }
        }
    }
}
