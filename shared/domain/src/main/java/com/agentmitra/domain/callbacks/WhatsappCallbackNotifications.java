package com.agentmitra.domain.callbacks;

import com.agentmitra.messaging.WhatsappMessage;
import com.agentmitra.messaging.WhatsappOutbox;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Callback notices as {@code whatsapp-outbound} messages (shared/messaging, schema v1), on the approved templates:
 * {@code callback_assigned_agent} to the agent, {@code callback_resolved} to the customer, {@code callback_escalated}
 * to the manager, each in its recipient's language. Times are shown in India Standard Time.
 */
public final class WhatsappCallbackNotifications implements CallbackNotifications {

    private static final DateTimeFormatter IST = DateTimeFormatter.ofPattern("d MMM yyyy, h:mm a 'IST'", Locale.ENGLISH)
            .withZone(WeeklyAvailability.BUSINESS_ZONE);

    private final WhatsappOutbox outbox;
    private final Clock clock;

    public WhatsappCallbackNotifications(WhatsappOutbox outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    @Override
    public void assigned(Assigned notice) {
        send(CallbackNotifications.idempotencyKey(notice), notice.tenant(), notice.agentPhone(), notice.language(),
                "callback_assigned_agent",
                List.of(notice.agentName(), CallbackNotifications.reference(notice.callbackId()), notice.customerName(),
                        notice.priority(), time(notice.dueAt())));
    }

    @Override
    public void resolved(Resolved notice) {
        send(CallbackNotifications.idempotencyKey(notice), notice.tenant(), notice.customerPhone(), notice.language(),
                "callback_resolved",
                List.of(notice.customerName(), CallbackNotifications.reference(notice.callbackId())));
    }

    @Override
    public void escalated(Escalated notice) {
        send(CallbackNotifications.idempotencyKey(notice), notice.tenant(), notice.managerPhone(), notice.language(),
                "callback_escalated",
                List.of(notice.managerName(), CallbackNotifications.reference(notice.callbackId()), notice.customerName(),
                        notice.agentName(), time(notice.dueAt())));
    }

    private void send(String key, String tenant, String phone, String language, String template,
            List<String> parameters) {
        outbox.send(WhatsappMessage.template(key, tenant, phone, WhatsappMessage.CALLBACK,
                new WhatsappMessage.Template(template, language, parameters), clock.instant()));
    }

    public static String time(Instant instant) {
        return IST.format(instant);
    }
}
