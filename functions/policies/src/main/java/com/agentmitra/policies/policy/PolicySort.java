package com.agentmitra.policies.policy;

import com.agentmitra.lambda.ApiProblem;
import java.util.Arrays;

/** The orders a policy list can be read in; each is a total order (the id breaks ties) so keysets are exact. */
public enum PolicySort {
    /** Most recently added first. */
    NEWEST("newest"),
    /** Policy number, A to Z. */
    POLICY_NUMBER("policyNumber"),
    /** Soonest premium due first; policies without a due date last. */
    NEXT_PAYMENT_DATE("nextPaymentDate");

    private final String parameter;

    PolicySort(String parameter) {
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }

    public static PolicySort parse(String raw) {
        return Arrays.stream(values()).filter(sort -> sort.parameter.equals(raw)).findFirst()
                .orElseThrow(() -> ApiProblem.InvalidInput.field("sort",
                        "must be one of newest, policyNumber, nextPaymentDate"));
    }
}
