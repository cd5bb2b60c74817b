package com.agentmitra.callbacks;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stand-in until the shared WhatsApp outbound module ({@code shared/messaging}, issue 4) lands: says which notice
 * was not queued (template and callback id, never a phone number). Replaced by the module's SQS sender.
 */
final class UnsentNotifications implements CallbackNotifications {

    private static final Logger log = LoggerFactory.getLogger(UnsentNotifications.class);

    @Override
    public void assigned(Assigned notice) {
        log.warn("WhatsApp notice not queued (no sender wired): template=callback_assigned_agent callbackId={}",
                notice.callbackId());
    }

    @Override
    public void resolved(Resolved notice) {
        log.warn("WhatsApp notice not queued (no sender wired): template=callback_resolved callbackId={}",
                notice.callbackId());
    }

    @Override
    public void escalated(Escalated notice) {
        log.warn("WhatsApp notice not queued (no sender wired): template=callback_escalated callbackId={}",
                notice.callbackId());
    }
}
