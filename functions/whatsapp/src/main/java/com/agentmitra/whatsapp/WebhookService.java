package com.agentmitra.whatsapp;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.data.Tenant;
import com.agentmitra.data.TenantDirectory;
import com.agentmitra.messaging.WhatsappMessage;
import com.agentmitra.messaging.WhatsappOutbox;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one verified webhook notification: status updates move outbound messages forward only; inbound messages
 * are stored once, open the service window, change marketing consent on STOP/START (in every tenant that holds the
 * number), give or withdraw utility consent on a yes or no to our consent question, ask that question once a day
 * of a customer who has not decided yet, and turn call-back requests into callbacks; a marketing stop made inside
 * WhatsApp ({@code user_preferences}) or reported by a 131050 failure records the opt-out. Every consent change goes
 * through {@code record_consent} (the ledger, source {@code whatsapp_reply}); confirmations and the question go
 * through the outbound queue. System-level errors are logged and counted. Every step is idempotent, because Meta
 * retries and the inbound queue delivers at least once.
 */
final class WebhookService {

    private static final Logger log = LoggerFactory.getLogger(WebhookService.class);
    static final String CONSENT_PURPOSE = "consent";

    /** Creates (at most once per inbound message) a callback request for the customer. */
    @FunctionalInterface
    interface CallbackRequests {
        void fromWhatsapp(Tenant tenant, UUID policyholderId, String inboundWamid);
    }

    /** {@code optOuts}/{@code optIns}: marketing (STOP/START); {@code consentsGiven}/{@code consentsWithdrawn}: utility. */
    record Report(int statusesApplied, int statusesIgnored, int inboundStored, int optOuts, int optIns,
            int callbacks, int systemErrors, int preferenceOptOuts, int consentQuestions, int consentsGiven,
            int consentsWithdrawn) {}

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
        int questions = 0;
        int given = 0;
        int withdrawn = 0;
        for (WebhookPayload.InboundMessage message : payload.messages()) {
            Inbound inbound = receiveInbound(message);
            stored += inbound.stored() ? 1 : 0;
            optOuts += inbound.changed(ConsentChange.Purpose.WHATSAPP_MARKETING, false) ? 1 : 0;
            optIns += inbound.changed(ConsentChange.Purpose.WHATSAPP_MARKETING, true) ? 1 : 0;
            given += inbound.changed(ConsentChange.Purpose.WHATSAPP_UTILITY, true) ? 1 : 0;
            withdrawn += inbound.changed(ConsentChange.Purpose.WHATSAPP_UTILITY, false) ? 1 : 0;
            questions += inbound.asked() ? 1 : 0;
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
        for (WebhookPayload.TemplateEvent event : payload.templates()) {
            applyTemplate(event);
        }
        return new Report(applied, ignored, stored, optOuts, optIns, callbackCount, payload.errors().size(),
                preferenceOptOuts, questions, given, withdrawn);
    }

    /**
     * Meta approved, paused, disabled or rejected one of our templates, or rated its quality (issue 19): kept on the
     * template (shared V110; an older event than the one applied changes nothing), so the sender refuses a template
     * that is not approved and says why, and administrators see it.
     */
    private void applyTemplate(WebhookPayload.TemplateEvent event) {
        Integer changed = database.inSharedTransaction(tx -> tx.resultQuery(
                "select shared.apply_whatsapp_template_event({0}, {1}, {2}, {3}, {4}, {5})",
                DSL.val(event.name()), DSL.val(event.language()), DSL.val(event.status().orElse(null), String.class),
                DSL.val(event.reason().orElse(null), String.class), DSL.val(event.quality().orElse(null), String.class),
                DSL.val(event.at())).fetchOne(0, Integer.class));
        log.info("Template event from Meta template={} language={} status={} quality={} applied={}", event.name(),
                event.language(), event.status().orElse("-"), event.quality().orElse("-"), changed);
    }

    /**
     * A customer stopped marketing messages inside WhatsApp (spec §4): recorded like a STOP, for every tenant that
     * knows the number (the business number is shared), without a confirmation (WhatsApp itself confirms it). A
     * repeat, or a stop older than the customer's last marketing statement (a later START), changes nothing.
     * "resume" is only logged: an opt-in is ours to collect, naming the business (spec §4).
     */
    private boolean applyPreference(WebhookPayload.PreferenceChange change) {
        if (!change.stopsMarketing()) {
            log.info("User preference noted, nothing changed category={} value={}", change.category(), change.value());
            return false;
        }
        int changed = stopEverywhere(change.phone(), Optional.empty(), change.at(),
                "stopped marketing messages in WhatsApp's own settings (user_preferences)");
        log.info("Marketing stopped inside WhatsApp customersChanged={}", changed);
        return changed > 0;
    }

    private int stopEverywhere(String phone, Optional<Tenant> except, Instant said, String evidence) {
        return marketingEverywhere(phone, except, InboundIntent.STOP_MARKETING, said, evidence);
    }

    /**
     * Records a marketing STOP or START for every customer with this number as of {@code said}, in every tenant but
     * {@code except} (which applied it already): the business number is shared, so what a customer says to it holds
     * for every business that sends through it. Answers how many changed. Repeats, and statements older than the
     * customer's last one, write nothing, so a retried notification is safe. No confirmation: the tenant that stored
     * the message confirms it once.
     */
    private int marketingEverywhere(String phone, Optional<Tenant> except, InboundIntent intent, Instant said,
            String evidence) {
        int changed = 0;
        for (Tenant tenant : tenants.all()) {
            if (except.map(tenant::equals).orElse(false)) {
                continue;
            }
            changed += database.inTransaction(Caller.system(tenant), tx -> {
                int n = 0;
                for (WebhookRepository.Customer customer : repository.lockCustomers(tx, phone)) {
                    String notice = intent == InboundIntent.START_MARKETING
                            ? ConsentQuestion.marketingNotice(customer.preferredLanguage()) : null;
                    n += record(tx, customer, intent, evidence, notice, said).isPresent() ? 1 : 0;
                }
                return n;
            });
        }
        return changed;
    }

    /**
     * Records what the intent says about its purpose when it changes something (ConsentChange), through the ledger;
     * answers the new opt-in value when it became the customer's current statement. {@code notice}: the notice the
     * statement was made on (the consent question's; the marketing notice for a START), null for a stop.
     */
    private Optional<Boolean> record(DSLContext tx, WebhookRepository.Customer customer, InboundIntent intent,
            String evidence, String notice, Instant said) {
        ConsentChange.Purpose purpose = ConsentChange.purposeOf(intent).orElseThrow();
        Optional<Boolean> change = ConsentChange.of(intent, customer.optIn(purpose), customer.saidAt(purpose), said);
        if (change.isEmpty()) {
            return Optional.empty();
        }
        boolean applied = repository.recordConsent(tx, customer.policyholderId(), purpose, change.get(), evidence,
                notice, said);
        return applied ? change : Optional.empty();
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
                // by wamid, else by our biz_opaque_callback_data (a send whose answer was lost, or a second
                // acceptance), else by a wamid kept as one of a row's others
                Optional<WebhookRepository.Outbound> row = repository.lockByWamid(tx, update.wamid())
                        .or(() -> reference.flatMap(ref -> repository.lockById(tx, ref.messageId())))
                        .or(() -> repository.lockByOtherWamid(tx, update.wamid()));
                if (row.isEmpty()) {
                    return Optional.<Boolean>empty();
                }
                boolean moves = StatusChange.moves(row.get().whatsappStatus(), update.status());
                repository.applyStatus(tx, row.get(), update, moves);
                if (moves && update.errorCode().orElse(0) == 131050 && row.get().policyholderId() != null) {
                    // the customer stopped marketing inside WhatsApp (spec §2): record the opt-out
                    repository.lockCustomer(tx, row.get().policyholderId()).ifPresent(customer -> record(tx, customer,
                            InboundIntent.STOP_MARKETING, "WhatsApp refused a marketing message: the customer stopped"
                                    + " marketing messages (131050)", null, update.at()));
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

    private record Inbound(boolean stored, Optional<ConsentChange.Purpose> purpose, Optional<Boolean> consent,
            boolean asked, boolean callback) {

        static Inbound nothing() {
            return new Inbound(false, Optional.empty(), Optional.empty(), false, false);
        }

        boolean changed(ConsentChange.Purpose which, boolean to) {
            return purpose.equals(Optional.of(which)) && consent.equals(Optional.of(to));
        }
    }

    private Inbound receiveInbound(WebhookPayload.InboundMessage message) {
        InboundIntent intent = InboundIntent.of(message.text(), message.buttonPayload());
        for (Tenant tenant : tenants.all()) {
            record Stored(UUID policyholderId, boolean fresh, Optional<Boolean> consent, boolean asked) {}
            Optional<Stored> stored = database.inTransaction(Caller.system(tenant), tx -> {
                Optional<WebhookRepository.Customer> customer = repository.lockCustomer(tx, message.phone());
                if (customer.isEmpty()) {
                    return Optional.<Stored>empty();
                }
                WebhookRepository.Customer c = customer.get();
                boolean fresh = repository.insertInbound(tx, c, message);
                if (!fresh) {
                    return Optional.of(new Stored(c.policyholderId(), false, Optional.empty(), false));
                }
                repository.openWindow(tx, c.policyholderId(), message.at());
                // queued inside the transaction: if queueing fails, the change and the stored message roll back
                Optional<Boolean> consent = reply(tx, tenant, c, message, intent);
                boolean asked = consent.isEmpty() && intent != InboundIntent.STOP_MARKETING
                        && c.utilitySaidAt().isEmpty() && ask(tx, tenant, c, message);
                return Optional.of(new Stored(c.policyholderId(), true, consent, asked));
            });
            if (stored.isEmpty()) {
                continue;
            }
            if (intent == InboundIntent.STOP_MARKETING || intent == InboundIntent.START_MARKETING) {
                // the business number is shared: a STOP or START holds for every tenant that knows the number
                // (repeats write nothing, so this runs on every delivery and a retry completes what a failure left
                // undone)
                marketingEverywhere(message.phone(), Optional.of(tenant), intent, message.at(),
                        ConsentChange.evidence(message.text().or(message::buttonPayload)
                                .orElse(intent == InboundIntent.STOP_MARKETING ? "STOP" : "START"), ""));
            }
            boolean callback = intent == InboundIntent.CALLBACK;
            if (callback) {
                // idempotent by the inbound wamid, so a retried webhook after a failure here still creates it once
                callbacks.fromWhatsapp(tenant, stored.get().policyholderId(), message.wamid());
            }
            log.info("Inbound message stored wamid={} tenant={} new={} intent={}", message.wamid(), tenant.code(),
                    stored.get().fresh(), intent);
            return new Inbound(stored.get().fresh(), ConsentChange.purposeOf(intent), stored.get().consent(),
                    stored.get().asked(), callback && stored.get().fresh());
        }
        log.warn("Inbound message from a number no tenant knows wamid={}", message.wamid());
        return Inbound.nothing();
    }

    /**
     * What the reply does to the customer's consent: STOP/START to marketing; yes/no to utility, only as the answer
     * to a consent question sent to them within the 24 hours before (else it changes nothing). A change is recorded
     * in the ledger as of when the customer said it, and confirmed once. Answers the new value when it changed.
     */
    private Optional<Boolean> reply(DSLContext tx, Tenant tenant, WebhookRepository.Customer customer,
            WebhookPayload.InboundMessage message, InboundIntent intent) {
        String sent = message.text().or(message::buttonPayload).orElse("");
        Optional<Boolean> consent = switch (intent) {
            case STOP_MARKETING -> record(tx, customer, intent, ConsentChange.evidence(sent, ""), null, message.at());
            case START_MARKETING -> record(tx, customer, intent, ConsentChange.evidence(sent, ""),
                    ConsentQuestion.marketingNotice(customer.preferredLanguage()), message.at());
            case CONSENT_YES, CONSENT_NO -> repository.questionAnswerable(tx, customer.policyholderId(), message.at())
                    .flatMap(notice -> record(tx, customer, intent,
                            ConsentChange.evidence(sent, " to the consent question"), notice, message.at()));
            case CALLBACK, OTHER -> Optional.empty();
        };
        if (consent.isEmpty()) {
            return consent;
        }
        String confirmation = intent == InboundIntent.STOP_MARKETING || intent == InboundIntent.START_MARKETING
                ? ConsentChange.confirmation(consent.get())
                : ConsentQuestion.confirmation(consent.get(), repository.businessName(tx, tenant.id()),
                        customer.preferredLanguage());
        outbox.send(WhatsappMessage.text("consent:" + message.wamid(), tenant.code(), message.phone(),
                CONSENT_PURPOSE, confirmation, clock.instant()));
        return consent;
    }

    /**
     * Asks a customer who has not decided about utility messages yet, once a business day: the notice of their
     * language naming the business, and how to agree. Free text: the customer just opened the service window.
     */
    private boolean ask(DSLContext tx, Tenant tenant, WebhookRepository.Customer customer,
            WebhookPayload.InboundMessage message) {
        if (repository.questionAskedOn(tx, customer.policyholderId(), message.at())) {
            return false;
        }
        String notice = ConsentQuestion.utilityNotice(customer.preferredLanguage());
        WhatsappMessage question = WhatsappMessage.text(
                ConsentQuestion.idempotencyKey(customer.policyholderId(), message.at(), notice), tenant.code(),
                message.phone(), CONSENT_PURPOSE, ConsentQuestion.text(repository.noticeBody(tx, notice),
                        repository.businessName(tx, tenant.id()), customer.preferredLanguage()), clock.instant());
        if (!repository.insertQuestion(tx, customer, question)) {
            return false;
        }
        outbox.send(question);
        log.info("Consent question queued wamid={} tenant={}", message.wamid(), tenant.code());
        return true;
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
