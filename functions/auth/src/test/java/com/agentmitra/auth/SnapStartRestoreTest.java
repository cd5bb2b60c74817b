package com.agentmitra.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the auth module's SnapStart restore hooks renew. One snapshot is resumed as many copies: each copy is
 * simulated here by starting from the same frozen state and running the hook.
 */
class SnapStartRestoreTest {

    @AfterEach
    void freshGenerator() {
        Secrets.afterRestore();
    }

    /** A copy restored from the snapshot: the generator exactly as the snapshot froze it, the hook run or not. */
    private static String restoredCopyDraws(boolean restoreHook) throws GeneralSecurityException {
        SecureRandom frozen = SecureRandom.getInstance("SHA1PRNG");
        frozen.setSeed("the state one snapshot holds".getBytes(StandardCharsets.UTF_8));
        Secrets.use(frozen);
        if (restoreHook) {
            Secrets.afterRestore();
        }
        return Secrets.token(32) + " " + Secrets.digits(6);
    }

    @Test
    void twoCopiesRestoredFromOneSnapshotHandOutDifferentTokensAndCodes() throws Exception {
        // without the hook, a generator frozen in the snapshot hands every copy the same tokens and codes
        assertThat(restoredCopyDraws(false)).isEqualTo(restoredCopyDraws(false));

        String first = restoredCopyDraws(true);
        String second = restoredCopyDraws(true);
        assertThat(first).isNotEqualTo(second).isNotEqualTo(restoredCopyDraws(false));
    }

    @Test
    void restoredKeysAreReadAgainOnTheirNextUseNotInTheHook() {
        AtomicInteger reads = new AtomicInteger();
        String secret = AuthKeys.newSecretJson();
        MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
        AuthKeys keys = AuthKeys.reloading(() -> {
            reads.incrementAndGet();
            return secret;
        }, clock);
        assertThat(reads).as("read at init, before the snapshot").hasValue(1);

        keys.afterRestore();
        assertThat(reads).as("the hook opens no connection").hasValue(1);
        keys.signer();
        assertThat(reads).as("read again by the first use after the restore, within REREAD_AFTER").hasValue(2);
        keys.signer();
        assertThat(reads).hasValue(2);
    }

    @Test
    void theAuthorizersPublicKeysAreReadAgainAfterARestore() {
        AtomicInteger reads = new AtomicInteger();
        String publicKeys = AuthKeys.publicKeysJson(AuthKeys.newSecretJson());
        PublicKeys keys = PublicKeys.reloading(() -> {
            reads.incrementAndGet();
            return publicKeys;
        }, new MutableClock(Instant.parse("2026-12-07T10:00:00Z")));

        keys.afterRestore();
        assertThat(reads).hasValue(1);
        keys.verifier("k-unknown");
        assertThat(reads).hasValue(2);
    }
}
