package com.agentmitra.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;

/** The authorizer's ES256 check agrees with Nimbus's and refuses malformed signatures, including the zero one. */
class P256VerifierTest {

    private static final BigInteger N = new BigInteger(
            "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
    private static final JWSHeader ES256 = new JWSHeader(JWSAlgorithm.ES256);

    private final ECKey key = generate();
    private final P256Verifier verifier = new P256Verifier(key.toPublicJWK());

    private static ECKey generate() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID("test").generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Base64URL sign(byte[] input) throws Exception {
        return new ECDSASigner(key).sign(ES256, input);
    }

    private static byte[] input(int i) {
        return ("header.payload-" + i).getBytes(StandardCharsets.US_ASCII);
    }

    private static Base64URL signature(BigInteger r, BigInteger s) {
        byte[] raw = new byte[64];
        System.arraycopy(BigIntegers.asUnsignedByteArray(32, r), 0, raw, 0, 32);
        System.arraycopy(BigIntegers.asUnsignedByteArray(32, s), 0, raw, 32, 32);
        return Base64URL.encode(raw);
    }

    @Test
    void agreesWithNimbusOnGenuineAndTamperedSignatures() throws Exception {
        ECDSAVerifier nimbus = new ECDSAVerifier(key.toPublicJWK());
        for (int i = 0; i < 200; i++) {
            Base64URL genuine = sign(input(i));
            byte[] flipped = genuine.decode();
            flipped[i % 64] ^= 1;

            assertThat(verifier.verify(ES256, input(i), genuine)).isTrue();
            assertThat(verifier.verify(ES256, input(i + 1), genuine))
                    .isEqualTo(nimbus.verify(ES256, input(i + 1), genuine)).isFalse();
            assertThat(verifier.verify(ES256, input(i), Base64URL.encode(flipped))).isFalse();
        }
    }

    @Test
    void aSignatureOfAnotherKeyIsRefused() throws Exception {
        Base64URL foreign = new ECDSASigner(generate()).sign(ES256, input(1));

        assertThat(verifier.verify(ES256, input(1), foreign)).isFalse();
    }

    @Test
    void theZeroSignatureIsRefused() {
        assertThat(verifier.verify(ES256, input(1), Base64URL.encode(new byte[64]))).isFalse();
    }

    @Test
    void rOrSOutsideOneToNIsRefused() throws Exception {
        byte[] genuine = sign(input(1)).decode();
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(genuine, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(genuine, 32, 64));

        assertThat(verifier.verify(ES256, input(1), signature(r, s))).isTrue();
        assertThat(verifier.verify(ES256, input(1), signature(N, s))).isFalse();
        assertThat(verifier.verify(ES256, input(1), signature(r, N))).isFalse();
    }

    @Test
    void aSignatureOfAnotherLengthOrAnotherAlgorithmIsRefused() throws Exception {
        byte[] genuine = sign(input(1)).decode();

        assertThat(verifier.verify(ES256, input(1), Base64URL.encode(Arrays.copyOf(genuine, 63)))).isFalse();
        assertThat(verifier.verify(ES256, input(1), Base64URL.encode(Arrays.copyOf(genuine, 65)))).isFalse();
        assertThat(verifier.verify(new JWSHeader(JWSAlgorithm.ES384), input(1), Base64URL.encode(genuine)))
                .isFalse();
    }
}
