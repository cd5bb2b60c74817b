package com.agentmitra.whatsapp;

import com.agentmitra.messaging.WhatsappMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a queued message may go out at all, decided when it is sent (issue 8, specs/whatsapp-cloud-api.md §4;
 * issue 13: consent is checked when a message is selected and again when it is sent, so a withdrawal stops queued
 * messages of that purpose). Templates must exist in that language, be approved and get exactly their parameter
 * count; marketing (a MARKETING template, a broadcast or a greeting) needs the policyholder's marketing opt-in; a
 * UTILITY template to a policyholder (reminders, notices, callback updates) needs their utility opt-in, except
 * one-time codes and the consent texts themselves; a notification category the customer switched off stops its
 * messages; free text needs an open 24-hour customer-service window (a reply in a conversation the customer
 * opened, which needs no utility consent). Refusals carry the Graph error code Meta would answer, where one fits.
 */
final class SendRule {

    static final Duration SERVICE_WINDOW = Duration.ofHours(24);
    private static final Set<String> MARKETING_PURPOSES = Set.of(WhatsappMessage.BROADCAST, WhatsappMessage.GREETING);
    /** Sent whatever the customer's utility consent: a code they asked for, or the consent question and answer. */
    private static final Set<String> CONSENT_EXEMPT_PURPOSES = Set.of(WhatsappMessage.OTP,
            WhatsappMessage.PASSWORD_RESET, WebhookService.CONSENT_PURPOSE);

    private SendRule() {}

    sealed interface Decision permits Allowed, Refused {}

    record Allowed() implements Decision {}

    /**
     * Never sendable as queued: recorded failed with {@code code} (Meta's code for the same refusal; null where
     * Meta has none, as for a missing utility consent or a category switched off) and the reason.
     */
    record Refused(Integer code, String reason) implements Decision {}

    static Decision decide(WhatsappMessage message, Optional<ApprovedTemplate> template, Recipient recipient,
            Instant now) {
        boolean marketing = MARKETING_PURPOSES.contains(message.purpose())
                || template.map(ApprovedTemplate::isMarketing).orElse(false);
        if (message.template() != null) {
            if (template.isEmpty()) {
                return new Refused(132001, "template " + message.template().name() + "/"
                        + message.template().language() + " does not exist");
            }
            if (!"approved".equals(template.get().approvalStatus())) {
                return new Refused(132001, "template " + template.get().name() + " is " + template.get().approvalStatus());
            }
            if (template.get().parameterCount() != message.template().parameters().size()) {
                return new Refused(132000, "template " + template.get().name() + " takes "
                        + template.get().parameterCount() + " parameters, got " + message.template().parameters().size());
            }
        }
        if (marketing && !recipient.marketingOptIn()) {
            return new Refused(131050, "no marketing opt-in");
        }
        if (!marketing && recipient.isPolicyholder() && template.map(ApprovedTemplate::isUtility).orElse(false)
                && !CONSENT_EXEMPT_PURPOSES.contains(message.purpose()) && !recipient.utilityOptIn()) {
            return new Refused(null, "no WhatsApp utility consent");
        }
        if (recipient.isPolicyholder()) {
            Optional<NotificationCategory> category = NotificationCategory.of(message.purpose())
                    .filter(recipient.switchedOff()::contains);
            if (category.isPresent()) {
                return new Refused(null, "the customer switched off " + category.get().label());
            }
        }
        if (message.text() != null && !windowOpen(recipient, now)) {
            return new Refused(131047, "free text outside the 24-hour service window");
        }
        return new Allowed();
    }

    static boolean windowOpen(Recipient recipient, Instant now) {
        return recipient.lastInboundAt().map(last -> last.isAfter(now.minus(SERVICE_WINDOW))).orElse(false);
    }
}
