package com.agentmitra.auth;

import com.agentmitra.data.Role;
import com.agentmitra.domain.phone.PhoneNumber;
import com.agentmitra.lambda.Violations;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code POST /auth/users}: an agent or staff login created by an administrator. Agents (and regional managers)
 * get their {@code agents} row with {@code agentCode}, optional hierarchy parent and territory. An initial password
 * is optional: without one the user sets it through {@code /auth/password/forgot}.
 */
record NewUser(String username, String email, String phone, String firstName, String lastName, String role,
        String password, String agentCode, UUID parentAgentId, String territory) {

    private static final Pattern USERNAME = Pattern.compile("[a-zA-Z0-9._-]{3,100}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,190}\\.[^@\\s]{2,}");

    NewUser {
        Violations v = new Violations().require("username", username).require("firstName", firstName)
                .require("role", role);
        if (username != null && !username.isBlank() && !USERNAME.matcher(username).matches()) {
            v.add("username", "must be 3-100 letters, digits, dots, dashes or underscores");
        }
        if (email != null && !EMAIL.matcher(email).matches()) {
            v.add("email", "must be an email address");
        }
        if (phone != null && PhoneNumber.indianMobile(phone).isEmpty()) {
            v.add("phone", "must be an Indian mobile number (+91 and 10 digits starting 6-9)");
        }
        if (firstName != null && firstName.length() > 100) {
            v.add("firstName", "must be at most 100 characters");
        }
        if (lastName != null && lastName.length() > 100) {
            v.add("lastName", "must be at most 100 characters");
        }
        Optional<Role> parsed = Optional.ofNullable(role).flatMap(Role::fromUserRole);
        if (role != null && !role.isBlank() && (parsed.isEmpty() || parsed.get() == Role.POLICYHOLDER
                || parsed.get() == Role.GUEST || parsed.get() == Role.SUPER_ADMIN)) {
            v.add("role", "must be one of insurance_provider_admin, regional_manager, senior_agent, junior_agent, "
                    + "support_staff");
        }
        if (password != null) {
            Violations passwordCheck = new Violations();
            Bodies.checkNewPassword(passwordCheck, password);
            if (!passwordCheck.isEmpty()) {
                v.add("password", "must be " + PasswordHasher.MIN_LENGTH + "-" + PasswordHasher.MAX_LENGTH
                        + " characters");
            }
        }
        boolean agentRole = parsed.map(NewUser::hasAgentRow).orElse(false);
        if (agentRole && (agentCode == null || agentCode.isBlank())) {
            v.add("agentCode", "is required for agents and regional managers");
        }
        if (agentCode != null && !agentCode.matches("[A-Za-z0-9/_-]{1,50}")) {
            v.add("agentCode", "must be 1-50 letters, digits, slashes, dashes or underscores");
        }
        if (!agentRole && parsed.isPresent() && (agentCode != null || parentAgentId != null || territory != null)) {
            v.add("role", "only agents and regional managers have an agent code, parent or territory");
        }
        if (territory != null && territory.length() > 255) {
            v.add("territory", "must be at most 255 characters");
        }
        v.throwIfAny();
    }

    static boolean hasAgentRow(Role role) {
        return role.isAgent() || role == Role.REGIONAL_MANAGER;
    }

    Role roleValue() {
        return Role.fromUserRole(role).orElseThrow();
    }

    Optional<String> optionalEmail() {
        return Optional.ofNullable(email);
    }

    Optional<String> phoneE164() {
        return Optional.ofNullable(phone).flatMap(PhoneNumber::indianMobile).map(PhoneNumber::e164);
    }

    Optional<String> optionalLastName() {
        return Optional.ofNullable(lastName);
    }

    Optional<String> initialPassword() {
        return Optional.ofNullable(password);
    }

    @Override
    public String toString() {
        return "NewUser[username=" + username + ", role=" + role + "]";
    }
}
