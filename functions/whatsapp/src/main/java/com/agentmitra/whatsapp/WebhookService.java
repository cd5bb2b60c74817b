package com.agentmitra.whatsapp;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.data.Tenant;
import com.agentmitra.data.TenantDirectory;
import com.agentmitra.messaging.WhatsappMessage;
import com.agentmitra.messaging.WhatsappOutbox;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one verified webhook notification: status updates move outbound messages forward only; inbound messages
 * are stored once, open the service window, change marketing consent on STOP/START (confirmed once, through the
 * outbound queue) and turn call-back requests into callbacks; a marketing stop made inside WhatsApp
 * ({@code user_preferences}) records the opt-out; system-level errors are logged and counted. Every step is
 * idempotent, because Meta retries and the inbound queue delivers at least once.
 */
final class WebhookService {

    private static final Logger log = LoggerFactory.getLogger(WebhookService.class);
    static final String CONSENT_PURPOSE = "consent";

    /** Creates (at most once per inbound message) a callback request for the customer. */
    @FunctionalInterface
    interface CallbackRequests {
        void fromWhatsapp(Tenant tenant, UUID policyholderId, String inboundWamid);
    }

    record Report(int statusesApplied, int statusesIgnored, int inboundStored, int optOuts, int optIns,
            int callbacks, int systemErrors, int preferenceOptOuts) {}

    private final Database database;
    private final TenantDirectory tenants;
    private final WebhookRepository repository;
    private final WhatsappOutbox outbox;
    private final CallbackRequests callbacks;
    private final Clock clock;

    WebhookService(Database database, TenantDirectory tenants, WebhookRepository repository, WhatsappOutbox outbox,
            CallbackRequests callbacks, Clock clock) {
        this.database = database;
        this.tenants = tenants;
        this.repository = repository;
        this.outbox = outbox;
        this.callbacks = callbacks;
        this.clock = clock;
    }

    Report receive(WebhookPayload payload) {
        int applied = 0;
        int ignored = 0;
        for (WebhookPayload.StatusUpdate update : payload.statuses()) {
            if (applyStatus(update)) {
                applied++;
            } else {
                ignored++;
            }
        }
        int stored = 0;
        int optOuts = 0;
        int optIns = 0;
        int callbackCount = 0;
        for (WebhookPayload.InboundMessage message : payload.messages()) {
            Inbound inbound = receiveInbound(message);
            stored += inbound.stored() ? 1 : 0;
            optOuts += inbound.optedOut() ? 1 : 0;
            optIns += inbound.optedIn() ? 1 : 0;
            callbackCount += inbound.callback() ? 1 : 0;
        }
        for (WebhookPayload.SystemError error : payload.errors()) {
            // code and title only: the message and details may quote what a customer sent
            log.warn("WhatsApp reported a system error code={} title={}", error.code().map(String::valueOf)
                    .orElse("none"), error.title().orElse("none"));
        }
        int preferenceOptOuts = 0;
        for (WebhookPayload.PreferenceChange change : payload.preferences()) {
            preferenceOptOuts += applyPreference(change) ? 1 : 0;
        }
        return new Report(applied, ignored, stored, optOuts, optIns, callbackCount, payload.errors().size(),
                preferenceOptOuts);
    }

    /**
     * A customer stopped marketing messages inside WhatsApp (spec §4): recorded like a STOP, for every tenant that
     * knows the number (the business number is shared), without a confirmation (WhatsApp itself confirms it). A
     * repeat, or a stop older than the customer's last consent change (a later START), changes nothing. "resume" is
     * only logged: an opt-in is ours to collect, naming the business (spec §4).
     */
    private boolean applyPreference(WebhookPayload.PreferenceChange change) {
        if (!change.stopsMarketing()) {
            log.info("User preference noted, nothing changed category={} value={}", change.category(), change.value());
            return false;
        }
        int changed = 0;
        for (Tenant tenant : tenants.all()) {
            changed += database.inTransaction(Caller.system(tenant),
                    tx -> repository.recordMarketingStop(tx, change.phone(), change.at()));
        }
        log.info("Marketing stopped inside WhatsApp customersChanged={}", changed);
        return changed > 0;
    }

    private boolean applyStatus(WebhookPayload.StatusUpdate update) {
        if (!StatusChange.known(update.status())) {
            return false;
        }
        Optional<OutboxReference> reference = update.outboxReference().flatMap(OutboxReference::parse);
        List<Tenant> candidates = reference.flatMap(ref -> tenants.findByCode(ref.tenantCode())).map(List::of)
                .orElseGet(tenants::all);
        for (Tenant tenant : candidates) {
            Optional<Boolean> moved = database.inTransaction(Caller.system(tenant), tx -> {
                Optional<WebhookRepository.Outbound> row = repository.lockByWamid(tx, update.wamid())
                        .or(() -> reference.flatMap(ref -> repository.lockById(tx, ref.messageId())));
                if (row.isEmpty()) {
                    return Optional.<Boolean>empty();
                }
                boolean moves = StatusChange.moves(row.get().whatsappStatus(), update.status());
                repository.applyStatus(tx, row.get(), update, moves);
                if (moves && update.errorCode().orElse(0) == 131050 && row.get().policyholderId() != null) {
                    // the customer stopped marketing inside WhatsApp (spec §2): record the opt-out
                    repository.setMarketingConsent(tx, row.get().policyholderId(), false, update.at());
                }
                return Optional.of(moves);
            });
            if (moved.isPresent()) {
                return moved.get();
            }
        }
        // a status for a message we do not know (yet): nothing to update, not an error (spec §5)
        log.warn("Status for an unknown message wamid={} status={}", update.wamid(), update.status());
        return false;
    }

    private record Inbound(boolean stored, boolean optedOut, boolean optedIn, boolean callback) {}

    private Inbound receiveInbound(WebhookPayload.InboundMessage message) {
        InboundIntent intent = InboundIntent.of(message.text(), message.buttonPayload());
        for (Tenant tenant : tenants.all()) {
            record Stored(UUID policyholderId, boolean fresh, Optional<Boolean> consent) {}
            Optional<Stored> stored = database.inTransaction(Caller.system(tenant), tx -> {
                Optional<WebhookRepository.Customer> customer = repository.lockCustomer(tx, message.phone());
                if (customer.isEmpty()) {
                    return Optional.<Stored>empty();
                }
                WebhookRepository.Customer c = customer.get();
                boolean fresh = repository.insertInbound(tx, c, message);
                if (!fresh) {
                    return Optional.of(new Stored(c.policyholderId(), false, Optional.empty()));
                }
                repository.openWindow(tx, c.policyholderId(), message.at());
                Optional<Boolean> consent = ConsentChange.of(intent, c.marketingOptIn(), c.consentUpdatedAt(),
                        message.at());
                if (consent.isPresent()) {
                    // as of when the customer said it, so a late-arriving older message cannot overrule it
                    repository.setMarketingConsent(tx, c.policyholderId(), consent.get(), message.at());
                    // queued inside the transaction: if queueing fails, the change and the stored message roll back
                    outbox.send(WhatsappMessage.text("consent:" + message.wamid(), tenant.code(), message.phone(),
                            CONSENT_PURPOSE, ConsentChange.confirmation(consent.get()), clock.instant()));
                }
                return Optional.of(new Stored(c.policyholderId(), true, consent));
            });
            if (stored.isEmpty()) {
                continue;
            }
            boolean callback = intent == InboundIntent.CALLBACK;
            if (callback) {
                // idempotent by the inbound wamid, so a retried webhook after a failure here still creates it once
                callbacks.fromWhatsapp(tenant, stored.get().policyholderId(), message.wamid());
            }
            log.info("Inbound message stored wamid={} tenant={} new={} intent={}", message.wamid(), tenant.code(),
                    stored.get().fresh(), intent);
            return new Inbound(stored.get().fresh(), stored.get().consent().equals(Optional.of(false)),
                    stored.get().consent().equals(Optional.of(true)), callback && stored.get().fresh());
        }
        log.warn("Inbound message from a number no tenant knows wamid={}", message.wamid());
        return new Inbound(false, false, false, false);
    }

    /** Our {@code biz_opaque_callback_data}: {@code <tenant code>:<outbox id>}. */
    record OutboxReference(String tenantCode, UUID messageId) {
        static Optional<OutboxReference> parse(String value) {
            int colon = value.lastIndexOf(':');
            if (colon <= 0) {
                return Optional.empty();
            }
            try {
                return Optional.of(new OutboxReference(value.substring(0, colon),
                        UUID.fromString(value.substring(colon + 1))));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }
}
