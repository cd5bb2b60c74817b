package com.agentmitra.auth;

import java.util.Optional;

/**
 * Where a sign-in comes from: the device the app describes, the source address, the user agent, and the API request
 * (its id goes into the sign-in's access event; the address and user agent only into the session row).
 */
record SignInContext(Optional<Bodies.Device> device, Optional<String> sourceIp, Optional<String> userAgent,
        Optional<String> requestId) {

    SignInContext(Optional<Bodies.Device> device, Optional<String> sourceIp, Optional<String> userAgent) {
        this(device, sourceIp, userAgent, Optional.empty());
    }

    static SignInContext none() {
        return new SignInContext(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
