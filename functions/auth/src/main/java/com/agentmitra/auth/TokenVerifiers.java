package com.agentmitra.auth;

/** Looks up the verifier of a {@code kid}: all {@link AccessTokens} needs to verify (the authorizer has no more). */
interface TokenVerifiers {

    /** The verifier for {@code kid}, or null when the key is not ours. */
    P256Verifier verifier(String kid);
}
