package com.agentmitra.auth;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * TOTP secrets at rest: AES-256-GCM under a key derived from the auth secret ({@code users.mfa_secret} is
 * "encrypted by the application", schema deviation 41), bound to the user id so a secret copied to another row does
 * not decrypt. Stored as {@code v1:<base64(iv || ciphertext)>}.
 */
final class MfaSecrets {

    private static final String PREFIX = "v1:";
    private final AuthKeys keys;

    MfaSecrets(AuthKeys keys) {
        this.keys = keys;
    }

    /** Derived per use (one HMAC): the auth keys are re-read from their secret every few minutes. */
    private SecretKeySpec key() {
        return new SecretKeySpec(keys.derivedKey("mfa-secret"), "AES");
    }

    String encrypt(java.util.UUID userId, byte[] secret) {
        try {
            byte[] iv = Secrets.bytes(12);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(128, iv));
            cipher.updateAAD(userId.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret);
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length)
                    .put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    byte[] decrypt(java.util.UUID userId, String stored) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            throw new IllegalStateException("MFA secret in an unknown format");
        }
        try {
            byte[] all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(128, all, 0, 12));
            cipher.updateAAD(userId.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return cipher.doFinal(all, 12, all.length - 12);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("MFA secret cannot be decrypted with the current key");
        }
    }
}
