package com.agentmitra.auth;

import com.agentmitra.domain.phone.PhoneNumber;
import com.agentmitra.lambda.Json;
import com.agentmitra.lambda.Violations;
import java.util.Optional;

/**
 * The JSON bodies of the auth routes. Each validates itself when read, naming every bad field at once (a 400
 * problem); secrets in them (passwords, codes, tokens) are never printed by {@code toString()}.
 */
final class Bodies {

    private Bodies() {}

    static final int MAX_TEXT = 255;

    /** {@code POST /auth/otp}. */
    record OtpRequest(String tenant, String phone) {
        OtpRequest {
            Violations v = new Violations().require("tenant", tenant).require("phone", phone);
            if (phone != null && !phone.isBlank() && PhoneNumber.indianMobile(phone).isEmpty()) {
                v.add("phone", "must be an Indian mobile number (+91 and 10 digits starting 6-9)");
            }
            v.throwIfAny();
        }

        PhoneNumber phoneNumber() {
            return PhoneNumber.indianMobile(phone).orElseThrow();
        }
    }

    /** The device a session is opened on, as the app describes it (shown in the sessions list). */
    record Device(String id, String name, String platform, String appVersion) {
        Device {
            Violations v = new Violations();
            for (var field : new String[][] {{"device.id", id}, {"device.name", name}, {"device.platform", platform},
                    {"device.appVersion", appVersion}}) {
                if (field[1] != null && field[1].length() > 100) {
                    v.add(field[0], "must be at most 100 characters");
                }
            }
            v.throwIfAny();
        }

        String json() {
            return Json.write(this);
        }
    }

    /** {@code POST /auth/otp/verify}. */
    record OtpVerification(String tenant, String phone, String code, Device device) {
        OtpVerification {
            Violations v = new Violations().require("tenant", tenant).require("phone", phone).require("code", code);
            if (phone != null && !phone.isBlank() && PhoneNumber.indianMobile(phone).isEmpty()) {
                v.add("phone", "must be an Indian mobile number (+91 and 10 digits starting 6-9)");
            }
            if (code != null && !code.isBlank() && !code.strip().matches("[0-9]{6}")) {
                v.add("code", "must be the 6 digits sent on WhatsApp");
            }
            v.throwIfAny();
            code = code.strip();
        }

        PhoneNumber phoneNumber() {
            return PhoneNumber.indianMobile(phone).orElseThrow();
        }

        @Override
        public String toString() {
            return "OtpVerification[tenant=" + tenant + ", code=***]";
        }
    }

    /** {@code POST /auth/login}. */
    record PasswordLogin(String tenant, String identifier, String password, String totp, String recoveryCode,
            Device device) {
        PasswordLogin {
            Violations v = new Violations().require("tenant", tenant).require("identifier", identifier)
                    .require("password", password);
            if (identifier != null && identifier.length() > MAX_TEXT) {
                v.add("identifier", "must be at most " + MAX_TEXT + " characters");
            }
            if (password != null && password.length() > PasswordHasher.MAX_LENGTH) {
                v.add("password", "must be at most " + PasswordHasher.MAX_LENGTH + " characters");
            }
            checkSecondFactor(v, "totp", totp, recoveryCode);
            v.throwIfAny();
        }

        Optional<String> totpCode() {
            return Optional.ofNullable(totp).map(String::strip);
        }

        Optional<String> recoveryCodeValue() {
            return Optional.ofNullable(recoveryCode);
        }

        @Override
        public String toString() {
            return "PasswordLogin[tenant=" + tenant + ", password=***]";
        }
    }

    /** {@code POST /auth/refresh}. */
    record Refresh(String refreshToken, Device device) {
        Refresh {
            Violations v = new Violations().require("refreshToken", refreshToken);
            if (refreshToken != null && refreshToken.length() > 200) {
                v.add("refreshToken", "is not a refresh token");
            }
            v.throwIfAny();
        }

        @Override
        public String toString() {
            return "Refresh[***]";
        }
    }

    /** {@code POST /auth/password/forgot}. */
    record ForgotPassword(String tenant, String identifier) {
        ForgotPassword {
            new Violations().require("tenant", tenant).require("identifier", identifier).throwIfAny();
        }
    }

    /** {@code POST /auth/password/reset}. */
    record ResetPassword(String tenant, String token, String newPassword) {
        ResetPassword {
            Violations v = new Violations().require("tenant", tenant).require("token", token)
                    .require("newPassword", newPassword);
            checkNewPassword(v, newPassword);
            v.throwIfAny();
        }

        @Override
        public String toString() {
            return "ResetPassword[tenant=" + tenant + ", ***]";
        }
    }

    /** {@code POST /auth/password/change} (signed in). */
    record ChangePassword(String currentPassword, String newPassword) {
        ChangePassword {
            Violations v = new Violations().require("currentPassword", currentPassword)
                    .require("newPassword", newPassword);
            checkNewPassword(v, newPassword);
            v.throwIfAny();
        }

        @Override
        public String toString() {
            return "ChangePassword[***]";
        }
    }

    /** {@code POST /auth/mfa/enable}: the first code from the authenticator app. */
    record MfaCode(String code) {
        MfaCode {
            Violations v = new Violations().require("code", code);
            if (code != null && !code.isBlank() && !code.strip().matches("[0-9]{6}")) {
                v.add("code", "must be the 6 digits your authenticator app shows");
            }
            v.throwIfAny();
            code = code.strip();
        }

        @Override
        public String toString() {
            return "MfaCode[***]";
        }
    }

    /**
     * {@code POST /auth/mfa/setup}, {@code /auth/mfa/disable}, {@code /auth/mfa/recovery-codes}: the current password
     * and, while two-factor sign-in is on, the current code ({@code code}) or a recovery code ({@code recoveryCode}).
     */
    record MfaConfirmation(String password, String code, String recoveryCode) {
        MfaConfirmation {
            Violations v = new Violations().require("password", password);
            if (password != null && password.length() > PasswordHasher.MAX_LENGTH) {
                v.add("password", "must be at most " + PasswordHasher.MAX_LENGTH + " characters");
            }
            checkSecondFactor(v, "code", code, recoveryCode);
            v.throwIfAny();
            code = code == null ? null : code.strip();
        }

        CurrentCredentials.Proof proof() {
            return new CurrentCredentials.Proof(password, Optional.ofNullable(code), Optional.ofNullable(recoveryCode));
        }

        @Override
        public String toString() {
            return "MfaConfirmation[***]";
        }
    }

    /** A TOTP code (6 digits) or a recovery code, not both; each only in its own shape. */
    static void checkSecondFactor(Violations v, String codeField, String code, String recoveryCode) {
        if (code != null && !code.strip().matches("[0-9]{6}")) {
            v.add(codeField, "must be the 6 digits your authenticator app shows");
        }
        if (recoveryCode != null && !RecoveryCodes.wellFormed(recoveryCode)) {
            v.add("recoveryCode", "must be one of your recovery codes, such as ABCD-EFGH");
        }
        if (code != null && recoveryCode != null) {
            v.add("recoveryCode", "give either " + codeField + " or recoveryCode, not both");
        }
    }

    /** {@code PATCH /auth/users/{id}/role}. */
    record RoleChange(String role) {
        RoleChange {
            new Violations().require("role", role).throwIfAny();
        }
    }

    /** {@code POST /auth/users/{id}/suspend}. */
    record Suspension(String reason) {
        Suspension {
            Violations v = new Violations().require("reason", reason);
            if (reason != null && reason.length() > 500) {
                v.add("reason", "must be at most 500 characters");
            }
            v.throwIfAny();
        }
    }

    static void checkNewPassword(Violations v, String password) {
        if (password == null || password.isBlank()) {
            return;
        }
        if (password.length() < PasswordHasher.MIN_LENGTH) {
            v.add("newPassword", "must be at least " + PasswordHasher.MIN_LENGTH + " characters");
        } else if (password.length() > PasswordHasher.MAX_LENGTH) {
            v.add("newPassword", "must be at most " + PasswordHasher.MAX_LENGTH + " characters");
        }
    }
}
