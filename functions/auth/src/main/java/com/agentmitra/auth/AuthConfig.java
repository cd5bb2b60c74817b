package com.agentmitra.auth;

import com.agentmitra.config.Env;
import com.agentmitra.messaging.SqsWhatsappOutbox;

/**
 * The auth function's configuration, read once at cold start: the {@code whatsapp-outbound} queue, the per source
 * address hourly limit of code requests ({@code OTP_REQUESTS_PER_ADDRESS_PER_HOUR}, default 20: a family or an office
 * shares one address, a script does not get far), and the limits of the open {@code /auth/*} routes per 15 minutes
 * ({@link SignInLimits}): {@code AUTH_REQUESTS_PER_ADDRESS} from one source address (default 300: an office of agents
 * refreshing their sessions behind one address) and {@code AUTH_REQUESTS_PER_IDENTIFIER} naming one phone, email or
 * username (default 30).
 */
record AuthConfig(String whatsappOutboundQueueUrl, int otpRequestsPerAddressPerHour, SignInLimits.Limits limits) {

    static AuthConfig fromEnvironment() {
        Env.Reader env = Env.reader();
        String queue = env.required(SqsWhatsappOutbox.QUEUE_URL_VARIABLE);
        int perAddress = env.optionalInt("OTP_REQUESTS_PER_ADDRESS_PER_HOUR", 20);
        if (perAddress < 1) {
            env.problem("OTP_REQUESTS_PER_ADDRESS_PER_HOUR must be at least 1");
        }
        int requestsPerAddress = env.optionalInt("AUTH_REQUESTS_PER_ADDRESS", 300);
        int requestsPerIdentifier = env.optionalInt("AUTH_REQUESTS_PER_IDENTIFIER", 30);
        if (requestsPerAddress < 1 || requestsPerIdentifier < 1) {
            env.problem("AUTH_REQUESTS_PER_ADDRESS and AUTH_REQUESTS_PER_IDENTIFIER must be at least 1");
        }
        env.validate();
        return new AuthConfig(queue, perAddress, new SignInLimits.Limits(Math.max(1, requestsPerAddress),
                Math.max(1, requestsPerIdentifier)));
    }
}
