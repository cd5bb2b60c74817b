package com.agentmitra.auth;

import java.util.Optional;

/** Where a sign-in comes from: the device the app describes, the source address, the user agent. */
record SignInContext(Optional<Bodies.Device> device, Optional<String> sourceIp, Optional<String> userAgent) {

    static SignInContext none() {
        return new SignInContext(Optional.empty(), Optional.empty(), Optional.empty());
    }
}
