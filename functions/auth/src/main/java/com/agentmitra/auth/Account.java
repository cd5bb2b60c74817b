package com.agentmitra.auth;

import com.agentmitra.data.Role;
import com.agentmitra.data.jooq.shared.enums.UserStatusEnum;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A login account as sign-in sees it. The password hash and MFA secret never leave this module's services.
 * {@code language} is what the person's WhatsApp messages go in ({@link MessageLanguage}).
 */
record Account(UUID userId, Role role, UserStatusEnum status, Optional<String> passwordHash, int loginAttempts,
        Optional<Instant> lockedUntil, boolean mfaEnabled, Optional<String> mfaSecret, Optional<String> phone,
        Optional<UUID> agentId, String language) {

    boolean isLocked(Instant now) {
        return lockedUntil.map(now::isBefore).orElse(false);
    }

    @Override
    public String toString() {
        return "Account[userId=" + userId + ", role=" + role + ", status=" + status + "]";
    }
}
