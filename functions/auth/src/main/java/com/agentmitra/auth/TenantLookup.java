package com.agentmitra.auth;

import com.agentmitra.data.Tenant;
import com.agentmitra.data.TenantDirectory;
import com.agentmitra.lambda.ApiProblem;

/** The tenant a sign-in body names; an unknown code is the caller's mistake (400 on {@code tenant}). */
final class TenantLookup {

    private final TenantDirectory directory;

    TenantLookup(TenantDirectory directory) {
        this.directory = directory;
    }

    Tenant byCode(String code) {
        return directory.findByCode(code)
                .orElseThrow(() -> ApiProblem.InvalidInput.field("tenant", "is not a known tenant"));
    }

    TenantDirectory directory() {
        return directory;
    }
}
