package com.agentmitra.auth;

import com.agentmitra.data.Tenant;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.messaging.WhatsappMessage;
import com.agentmitra.messaging.WhatsappOutbox;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a user on WhatsApp that their two-factor sign-in changed (issue 15), so a change they did not make does not
 * go unnoticed. Queued inside the change's transaction, like sign-in codes: if the notice cannot be queued, the change
 * is not made (503). A login without a phone gets no notice (logged). Templates: shared V071, no parameters.
 */
final class SecurityNotices {

    private static final Logger log = LoggerFactory.getLogger(SecurityNotices.class);
    static final String PURPOSE = "security_notice";

    enum Change {
        MFA_ENABLED("mfa_enabled_notice"),
        MFA_DISABLED("mfa_disabled_notice"),
        MFA_RESET_BY_ADMIN("mfa_reset_notice"),
        RECOVERY_CODES_REGENERATED("mfa_recovery_codes_notice");

        final String template;

        Change(String template) {
            this.template = template;
        }
    }

    private final WhatsappOutbox outbox;

    SecurityNotices(WhatsappOutbox outbox) {
        this.outbox = outbox;
    }

    void send(Tenant tenant, Account account, Change change, Instant now) {
        if (account.phone().isEmpty()) {
            log.warn("Security notice not sent, no phone on the login: tenant={} userId={} change={}", tenant.code(),
                    account.userId(), change);
            return;
        }
        try {
            outbox.send(WhatsappMessage.template("security-notice:" + change.template + ":" + account.userId() + ":"
                            + now.toEpochMilli(), tenant.code(), account.phone().get(), PURPOSE,
                    new WhatsappMessage.Template(change.template, account.language(), List.of()), now));
        } catch (WhatsappOutbox.NotQueued e) {
            log.warn("Security notice not queued: tenant={} userId={} change={}", tenant.code(), account.userId(),
                    change);
            throw new ApiProblem.ServiceUnavailable("the change could not be confirmed on WhatsApp; try again shortly");
        }
        log.info("Security notice sent: tenant={} userId={} change={}", tenant.code(), account.userId(), change);
    }
}
