package com.agentmitra.whatsapp;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.data.Tenant;
import com.agentmitra.data.TenantDirectory;
import com.agentmitra.data.jooq.shared.enums.WhatsappSendStatusEnum;
import com.agentmitra.messaging.WhatsappMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one queued message at most once per idempotency key (specs/whatsapp-cloud-api.md §6): claim the outbox
 * row and check the rules in one transaction, wait for a send slot, call the Graph API, record what Meta answered
 * in a second transaction. Logs name the key, the outbox id, the wamid and error codes; never a body or parameter.
 */
final class SenderService {

    private static final Logger log = LoggerFactory.getLogger(SenderService.class);
    static final String HELD_FOR_PAIR_RATE = "pair rate: waiting for the number's next free send slot (one message per 6 s)";
    private static final Set<String> ONE_TIME_CODES = Set.of(WhatsappMessage.OTP, WhatsappMessage.PASSWORD_RESET);

    private final Database database;
    private final TenantDirectory tenants;
    private final OutboxRepository repository;
    private final GraphApi graph;
    private final SendPacer pacer;
    private final WhatsappConfig config;
    private final TenantQuietHours quietHours;
    private final Clock clock;

    SenderService(Database database, TenantDirectory tenants, OutboxRepository repository, GraphApi graph,
            SendPacer pacer, WhatsappConfig config, TenantQuietHours quietHours, Clock clock) {
        this.quietHours = quietHours;
        this.database = database;
        this.tenants = tenants;
        this.repository = repository;
        this.graph = graph;
        this.pacer = pacer;
        this.config = config;
        this.clock = clock;
    }

    /** What became of one queued message. */
    sealed interface Delivery permits Sent, AlreadyDone, Refused, Failed, RetryLater, Held, Paced, Unknown, Unsettled {}

    /** Meta accepted it (this delivery sent it). */
    record Sent(UUID messageId, String wamid) implements Delivery {}

    /** An earlier delivery finished it: nothing sent now. */
    record AlreadyDone(WhatsappSendStatusEnum status) implements Delivery {}

    /** Our rules refused it (consent, window, template, expired code): recorded failed, never sent. */
    record Refused(Optional<Integer> code, String reason) implements Delivery {}

    /** Meta refused it for good: recorded failed with the code. */
    record Failed(int code) implements Delivery {}

    /** Transient: SQS should deliver it again later. */
    record RetryLater(String reason, Optional<Integer> code) implements Delivery {}

    /** Another invocation holds it, or its outcome is not known yet: SQS should deliver it again later. */
    record Held(String reason) implements Delivery {}

    /**
     * Held for the recipient's next free send slot ({@link PairPacing}): recorded {@code held} until {@code until};
     * the queue should bring it back then (a delayed copy, so the wait costs no receive toward the dead-letter queue).
     */
    record Paced(Instant until, Duration delay) implements Delivery {}

    /** The request may have gone out: recorded unknown; a later delivery looks again after the grace period. */
    record Unknown(String reason) implements Delivery {}

    /**
     * Still unknown after the grace period: never sent again automatically (at most once); the row stays
     * {@code unknown} for a status webhook (which settles it by our outbox reference) or a person.
     */
    record Unsettled(UUID messageId, String reason) implements Delivery {}

    /** {@code message}: as it goes out, in the language {@link LanguageFallback} chose. */
    private record Claimed(UUID messageId, int attempt, WhatsappMessage message, Optional<ApprovedTemplate> template,
            Instant slot) {}

    private sealed interface Start permits Go, Stop {}

    private record Go(Claimed claimed) implements Start {}

    private record Stop(Delivery delivery) implements Start {}

    /** The message as it goes out: a template in the language of the row chosen (the asked one, or English). */
    private static WhatsappMessage inLanguageOf(WhatsappMessage message, Optional<ApprovedTemplate> template) {
        if (message.template() == null || template.isEmpty()
                || template.get().language().equals(message.template().language())) {
            return message;
        }
        return WhatsappMessage.template(message.idempotencyKey(), message.tenant(), message.recipient(),
                message.purpose(), new WhatsappMessage.Template(message.template().name(), template.get().language(),
                        message.template().parameters()), message.createdAt());
    }

    Delivery deliver(WhatsappMessage message) {
        Tenant tenant = tenants.byCode(message.tenant());
        Caller system = Caller.system(tenant);
        Instant now = clock.instant();
        Start start = database.inTransaction(system, tx -> {
            Optional<ApprovedTemplate> template = message.template() == null ? Optional.empty()
                    : LanguageFallback.choose(message.template().language(),
                            repository.templates(tx, message.template().name(), message.template().language()));
            WhatsappMessage sending = inLanguageOf(message, template);
            if (sending != message) {
                log.info("Template sent in English: not approved in the asked language key={} template={} asked={}",
                        message.idempotencyKey(), message.template().name(), message.template().language());
            }
            Recipient recipient = repository.recipient(tx, message.recipient());
            repository.insertIfNew(tx, sending, template, recipient);
            OutboxRepository.Locked row = repository.lock(tx, message.idempotencyKey());
            switch (ClaimRule.of(row.row(), now, config.unknownGrace())) {
                case ClaimRule.Finished finished -> {
                    return new Stop(new AlreadyDone(finished.status()));
                }
                case ClaimRule.Held held -> {
                    return new Stop(new Held(held.reason()));
                }
                case ClaimRule.Waiting waiting -> {
                    return new Stop(new Paced(waiting.until(), Duration.between(now, waiting.until())));
                }
                case ClaimRule.Unsettled unsettled -> {
                    if (unsettled.abandoned()) {
                        repository.abandoned(tx, row.messageId(), unsettled.reason());
                    }
                    return new Stop(new Unsettled(row.messageId(), unsettled.reason()));
                }
                case ClaimRule.Claimable claimable -> { }
            }
            if (ONE_TIME_CODES.contains(message.purpose())
                    && message.createdAt().plus(config.otpValidity()).isBefore(now)) {
                repository.refused(tx, row.messageId(), null, "one-time code expired before it could be sent", now);
                return new Stop(new Refused(Optional.empty(), "one-time code expired"));
            }
            switch (SendRule.decide(sending, template, recipient, now)) {
                case SendRule.Refused refused -> {
                    repository.refused(tx, row.messageId(), refused.code(), refused.reason(), now);
                    return new Stop(new Refused(Optional.ofNullable(refused.code()), refused.reason()));
                }
                case SendRule.Allowed allowed -> { }
            }
            // quiet hours (issue 19): a customer's message that can wait waits for them to end, held on the queue
            if (QuietHours.applies(message, recipient)) {
                Optional<QuietHours> hours = quietHours.of(tx, tenant);
                Optional<Instant> until = hours.flatMap(h -> h.endOf(now));
                if (until.isPresent()) {
                    repository.hold(tx, row.messageId(), until.get(),
                            "quiet hours " + hours.get().describe() + ": held until they end");
                    return new Stop(new Paced(until.get(), Duration.between(now, until.get())));
                }
            }
            // the pair rate (spec §3, issue 21): the first send slot of this number free of every other message's
            repository.lockPair(tx, message.recipient());
            Optional<Instant> ownSlot = row.row().status() == WhatsappSendStatusEnum.held
                    ? Optional.ofNullable(row.row().heldUntil()) : Optional.empty();
            Instant slot = PairPacing.firstFree(now, repository.takenSlots(tx, message.recipient(), row.messageId(),
                    now.minus(PairPacing.SPACING), ownSlot, config.lease()));
            if (Duration.between(now, slot).compareTo(PairPacing.WAIT_IN_PLACE) > 0) {
                repository.hold(tx, row.messageId(), slot, HELD_FOR_PAIR_RATE);
                return new Stop(new Paced(slot, Duration.between(now, slot)));
            }
            int attempt = repository.claim(tx, row.messageId(),
                    Optional.ofNullable(sending.template()).map(WhatsappMessage.Template::language), now, config.lease(),
                    slot);
            return new Go(new Claimed(row.messageId(), attempt, sending, template, slot));
        });
        if (start instanceof Stop stop) {
            log.info("Message not sent now: {} key={}", stop.delivery().getClass().getSimpleName(),
                    message.idempotencyKey());
            return stop.delivery();
        }
        Claimed claimed = ((Go) start).claimed();
        String body = MessageBody.of(claimed.message(), claimed.template(), tenant.code() + ":" + claimed.messageId());
        sleepUntil(claimed.slot()); // the recipient's slot, at most PairPacing.WAIT_IN_PLACE away
        pacer.awaitSlot();
        GraphApi.SendResult result = graph.send(body);
        Instant after = clock.instant();
        return database.inTransaction(system, tx -> switch (result) {
            case GraphApi.Accepted accepted -> {
                repository.accepted(tx, claimed.messageId(), claimed.attempt(), accepted.wamid(), accepted.waId(), after);
                log.info("Message accepted key={} outboxId={} wamid={}", message.idempotencyKey(),
                        claimed.messageId(), accepted.wamid());
                yield new Sent(claimed.messageId(), accepted.wamid());
            }
            case GraphApi.Rejected rejected -> {
                String details = ("(#" + rejected.code() + ") " + rejected.details() + " fbtrace_id="
                        + rejected.fbtraceId()).strip();
                log.warn("Graph API refused key={} outboxId={} code={} class={} fbtrace_id={}",
                        message.idempotencyKey(), claimed.messageId(), rejected.code(), rejected.classification(),
                        rejected.fbtraceId());
                yield switch (rejected.classification()) {
                    case PERMANENT -> {
                        repository.ended(tx, claimed.messageId(), claimed.attempt(), WhatsappSendStatusEnum.failed,
                                rejected.code(), details, after);
                        yield new Failed(rejected.code());
                    }
                    case TRANSIENT -> {
                        repository.ended(tx, claimed.messageId(), claimed.attempt(), WhatsappSendStatusEnum.retry,
                                rejected.code(), details, after);
                        yield new RetryLater("Graph API error " + rejected.code(), Optional.of(rejected.code()));
                    }
                };
            }
            case GraphApi.NotSent notSent -> {
                repository.ended(tx, claimed.messageId(), claimed.attempt(), WhatsappSendStatusEnum.retry, null,
                        notSent.reason(), after);
                yield new RetryLater(notSent.reason(), Optional.empty());
            }
            case GraphApi.Ambiguous ambiguous -> {
                repository.ended(tx, claimed.messageId(), claimed.attempt(), WhatsappSendStatusEnum.unknown, null,
                        ambiguous.reason(), after);
                log.warn("Send outcome unknown key={} outboxId={} reason={}", message.idempotencyKey(),
                        claimed.messageId(), ambiguous.reason());
                yield new Unknown(ambiguous.reason());
            }
        });
    }

    private void sleepUntil(Instant slot) {
        Duration left = Duration.between(clock.instant(), slot);
        if (left.isNegative() || left.isZero()) {
            return;
        }
        try {
            Thread.sleep(left.compareTo(PairPacing.WAIT_IN_PLACE) > 0 ? PairPacing.WAIT_IN_PLACE : left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the recipient's send slot");
        }
    }
}
