package com.agentmitra.auth;

import com.agentmitra.config.Env;
import com.agentmitra.messaging.SqsWhatsappOutbox;

/**
 * The auth function's configuration, read once at cold start: the {@code whatsapp-outbound} queue and the per
 * source address hourly limit of code requests ({@code OTP_REQUESTS_PER_ADDRESS_PER_HOUR}, default 20: a family or
 * an office shares one address, a script does not get far).
 */
record AuthConfig(String whatsappOutboundQueueUrl, int otpRequestsPerAddressPerHour) {

    static AuthConfig fromEnvironment() {
        Env.Reader env = Env.reader();
        String queue = env.required(SqsWhatsappOutbox.QUEUE_URL_VARIABLE);
        int perAddress = env.optionalInt("OTP_REQUESTS_PER_ADDRESS_PER_HOUR", 20);
        if (perAddress < 1) {
            env.problem("OTP_REQUESTS_PER_ADDRESS_PER_HOUR must be at least 1");
        }
        env.validate();
        return new AuthConfig(queue, perAddress);
    }
}
