package com.agentmitra.domain.callbacks;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.data.Tenant;
import com.agentmitra.messaging.WhatsappOutbox;
import java.time.Clock;
import java.util.UUID;

/**
 * The callbacks module's door for the WhatsApp webhook (functions/whatsapp): a customer's "please call me" on WhatsApp
 * becomes a callback request, created as the system for the tenant with {@code source = whatsapp} and the inbound
 * wamid as source reference, so a repeated webhook returns the first callback instead of opening another. The rules
 * (scoring, SLA, auto-assignment, notices) are {@link CallbackService}'s, the same as for the API.
 */
public final class WhatsappInboundCallbacks {

    public static final String DESCRIPTION = "The customer asked for a call back on WhatsApp.";

    private final CallbackService service;

    public WhatsappInboundCallbacks(Database database, WhatsappOutbox outbox, Clock clock) {
        this.service = new CallbackService(database, new CallbackRepository(),
                new WhatsappCallbackNotifications(outbox, clock), clock);
    }

    /** Creates the callback (or finds the one this message already opened); returns its id. */
    public UUID requestFromWhatsapp(Tenant tenant, UUID policyholderId, String inboundWamid) {
        NewCallback request = new NewCallback(policyholderId, null, "general_inquiry", DESCRIPTION, "medium", null,
                "whatsapp", inboundWamid, java.util.List.of("whatsapp"), null);
        return service.create(Caller.system(tenant), request).callback().id();
    }
}
