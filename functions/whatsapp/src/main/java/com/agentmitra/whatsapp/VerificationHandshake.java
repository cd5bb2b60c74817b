package com.agentmitra.whatsapp;

import com.agentmitra.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Meta's subscription check (spec §5): {@code hub.mode=subscribe} with our verify token is answered with the
 * challenge; anything else is refused.
 */
final class VerificationHandshake {

    private VerificationHandshake() {}

    static Optional<String> answer(Optional<String> mode, Optional<String> token, Optional<String> challenge,
            Secret verifyToken) {
        if (mode.isEmpty() || !mode.get().equals("subscribe") || token.isEmpty() || challenge.isEmpty()
                || verifyToken.reveal().isEmpty() || challenge.get().length() > 200) {
            return Optional.empty();
        }
        boolean matches = MessageDigest.isEqual(token.get().getBytes(StandardCharsets.UTF_8),
                verifyToken.reveal().getBytes(StandardCharsets.UTF_8));
        return matches ? challenge : Optional.empty();
    }
}
