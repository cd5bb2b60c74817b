package com.agentmitra.admin;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Role;
import com.agentmitra.lambda.ApiProblem;
import java.util.Optional;

/**
 * Who may use the administration routes: the administrators of the tenant (insurance provider admins and super
 * admins) everything; regional managers may read the agents of their part of the hierarchy. Anyone else (agents,
 * customers, support staff) gets 403 on every route, before anything is read.
 */
final class Access {

    private Access() {}

    static void administrator(Caller caller) {
        if (!isAdministrator(caller)) {
            throw new ApiProblem.Forbidden("only administrators of the tenant use this route");
        }
    }

    static void administratorOrManager(Caller caller) {
        if (!isAdministrator(caller) && caller.role() != Role.REGIONAL_MANAGER) {
            throw new ApiProblem.Forbidden("only administrators and regional managers use this route");
        }
    }

    static boolean isAdministrator(Caller caller) {
        return caller.role() == Role.INSURANCE_PROVIDER_ADMIN || caller.role() == Role.SUPER_ADMIN;
    }

    /**
     * The backend acting for an administrator whose rights were checked, for the rows row level security keeps to
     * their owners ({@code user_sessions}); {@code app.user_id} stays the administrator's, so the audit log names them.
     */
    static Caller system(Caller admin) {
        return new Caller(admin.tenant(), admin.userId(), Role.SYSTEM, Optional.empty());
    }
}
