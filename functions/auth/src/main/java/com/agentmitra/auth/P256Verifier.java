package com.agentmitra.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Set;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;

/**
 * ES256 signature checks for the authorizer's hot path: Bouncy Castle's ECDSA over its dedicated P-256 arithmetic,
 * with the public key's point decoded and validated once, so its multiplication tables are kept between tokens.
 * The same check as Nimbus's {@code ECDSAVerifier} (64-byte JOSE signature, r and s in [1, n-1], ECDSA over the
 * SHA-256 of the signing input) in under half its time with either JCA provider (README, "Benchmark"). Thread-safe.
 */
final class P256Verifier implements JWSVerifier {

    private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(P256.getCurve(), P256.getG(),
            P256.getN(), P256.getH());
    private static final int HALF = 32;

    private final ECPublicKeyParameters publicKey;
    private final JCAContext jcaContext = new JCAContext();

    P256Verifier(ECKey key) {
        if (!Curve.P_256.equals(key.getCurve())) {
            throw new IllegalArgumentException("not a P-256 key");
        }
        // validatePoint refuses a point that is not on the curve
        ECPoint point = DOMAIN.getCurve().validatePoint(key.getX().decodeToBigInteger(),
                key.getY().decodeToBigInteger());
        this.publicKey = new ECPublicKeyParameters(point, DOMAIN);
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) {
        if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
            return false;
        }
        byte[] raw = signature.decode();
        if (raw.length != 2 * HALF) {
            return false;
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(raw, 0, HALF));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(raw, HALF, 2 * HALF));
        BigInteger n = DOMAIN.getN();
        // r = s = 0 verifies in broken implementations (CVE-2022-21449): out of range is refused here, before ECDSA
        if (r.signum() <= 0 || s.signum() <= 0 || r.compareTo(n) >= 0 || s.compareTo(n) >= 0) {
            return false;
        }
        ECDSASigner ecdsa = new ECDSASigner();
        ecdsa.init(false, publicKey);
        return ecdsa.verifySignature(sha256(signingInput), r, s);
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
        return Set.of(JWSAlgorithm.ES256);
    }

    @Override
    public JCAContext getJCAContext() {
        return jcaContext;
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
