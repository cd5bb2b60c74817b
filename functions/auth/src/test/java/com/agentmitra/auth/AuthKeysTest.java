package com.agentmitra.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentmitra.data.Role;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The auth keys secret as an operator makes and rotates it (AuthKeysSecret, README "Keys"). */
class AuthKeysTest {

    private static final TokenConfig CONFIG = new TokenConfig("agent-mitra-test", "agent-mitra-api",
            Duration.ofMinutes(15), new KeySource.DevFile(Path.of("unused")));

    private static String tokenSignedBy(AuthKeys keys) {
        UUID id = UUID.randomUUID();
        return new AccessTokens(keys, CONFIG, Clock.systemUTC()).issue(id, id, "LIC", Role.JUNIOR_AGENT,
                Optional.empty(), id);
    }

    private static boolean verifies(AuthKeys keys, String token) {
        return new AccessTokens(keys, CONFIG, Clock.systemUTC()).verify(token) instanceof AccessTokens.Valid;
    }

    @Test
    void aNewSecretHasOneSigningKeyThatSignsAndVerifies() {
        AuthKeys keys = AuthKeys.parse(AuthKeys.newSecretJson());

        assertThat(keys.publicJwks().get("keys")).asList().hasSize(1);
        assertThat(verifies(keys, tokenSignedBy(keys))).isTrue();
    }

    @Test
    void anAddedKeyVerifiesAtOnceWhileTheFirstKeyGoesOnSigning() {
        String before = AuthKeys.newSecretJson();
        AuthKeys old = AuthKeys.parse(before);

        AuthKeys rotated = AuthKeys.parse(AuthKeys.withAddedSigningKeyJson(before));

        assertThat(rotated.signingKey().getKeyID()).isEqualTo(old.signingKey().getKeyID());
        assertThat(rotated.publicJwks().get("keys")).asList().hasSize(2);
        assertThat(verifies(rotated, tokenSignedBy(old))).isTrue();
        assertThat(rotated.keyedHash("otp", "test-value")).isEqualTo(old.keyedHash("otp", "test-value"));
    }

    @Test
    void onceTheAddedKeyIsMovedFirstItSignsAndTheOldKeyStillVerifies() throws Exception {
        String before = AuthKeys.newSecretJson();
        AuthKeys old = AuthKeys.parse(before);
        Map<String, Object> secret = JSONObjectUtils.parse(AuthKeys.withAddedSigningKeyJson(before));
        @SuppressWarnings("unchecked")
        List<Object> keys = new ArrayList<>((List<Object>) ((Map<String, Object>) secret.get("signingKeys"))
                .get("keys"));
        keys.addFirst(keys.removeLast());
        secret.put("signingKeys", Map.of("keys", keys));

        AuthKeys promoted = AuthKeys.parse(JSONObjectUtils.toJSONString(secret));

        assertThat(promoted.signingKey().getKeyID()).isNotEqualTo(old.signingKey().getKeyID());
        assertThat(verifies(promoted, tokenSignedBy(old))).isTrue();
        assertThat(verifies(old, tokenSignedBy(promoted))).isFalse();
    }

    @Test
    void aMalformedSecretIsRefusedWithoutQuotingIt() {
        assertThatThrownBy(() -> AuthKeys.withAddedSigningKeyJson("{\"hashKey\": \"not-a-real-key-value\"}"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining("not-a-real-key-value");
    }
}
