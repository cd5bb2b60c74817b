package com.agentmitra.conversations;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.lambda.Cursor;
import com.agentmitra.lambda.FieldError;
import com.agentmitra.lambda.Page;
import com.agentmitra.messaging.WhatsappMessage;
import com.agentmitra.messaging.WhatsappOutbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jooq.DSLContext;

/**
 * Agents and their customers on WhatsApp (issue 16): the inbox, a customer's thread, replies through the outbound
 * queue, read markers, internal notes and a manager's reassignment. Every read and write runs as the caller, so row
 * level security shows only the customers the customer record shows; a customer the caller cannot see is 404.
 */
final class ConversationService {

    /** WhatsApp's customer-service window: free text only within 24 hours of the customer's last message. */
    static final Duration SERVICE_WINDOW = Duration.ofHours(24);
    static final String LIST_CURSOR = "conversations.activity";
    static final String THREAD_CURSOR = "conversations.thread";
    static final int DEFAULT_PAGE = 25;
    static final int MAX_PAGE = 100;
    /** WhatsApp's limit for a text message body. */
    static final int MAX_TEXT = 4096;
    static final int MAX_NOTE = 4000;
    static final int MAX_PARAMETERS = 20;
    static final int MAX_PARAMETER = 1024;
    /** The purpose of an agent's reply on the outbound queue (no notification category can switch it off). */
    static final String PURPOSE = "conversation";
    static final String TEMPLATE_REQUIRED = "/problems/template-required";
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(_[A-Z]{2})?");
    private static final Pattern TEMPLATE_NAME = Pattern.compile("[a-z0-9_]{1,100}");

    private final Database database;
    private final ConversationRepository repository;
    private final WhatsappOutbox outbox;
    private final MediaLinks media;
    private final Clock clock;

    ConversationService(Database database, ConversationRepository repository, WhatsappOutbox outbox, Clock clock) {
        this(database, repository, outbox, MediaLinks.none(), clock);
    }

    ConversationService(Database database, ConversationRepository repository, WhatsappOutbox outbox, MediaLinks media,
            Clock clock) {
        this.database = database;
        this.repository = repository;
        this.outbox = outbox;
        this.media = media;
        this.clock = clock;
    }

    Page<Views.Conversation> list(Caller caller, ConversationRepository.Filter filter, Optional<String> q,
            Optional<String> cursor, int limit) {
        Access.requireStaff(caller);
        Optional<Cursor> after = cursor.map(c -> Cursor.decode(c, LIST_CURSOR + "." + filter.name(), 2));
        Instant now = clock.instant();
        ConversationRepository.ListQuery query = new ConversationRepository.ListQuery(filter, q,
                after.map(c -> c.instant(0)), after.map(c -> c.uuid(1)), limit + 1, now.minus(SERVICE_WINDOW));
        List<Views.Conversation> rows = database.inTransaction(caller,
                tx -> repository.conversations(tx, caller, query, now));
        if (rows.size() <= limit) {
            return Page.last(rows);
        }
        List<Views.Conversation> page = rows.subList(0, limit);
        Views.Conversation last = page.getLast();
        return new Page<>(page, Optional.of(Cursor.of(LIST_CURSOR + "." + filter.name(),
                last.lastActivityAt(), last.conversationId()).encode()));
    }

    Page<Views.ThreadItem> thread(Caller caller, UUID policyholderId, Optional<String> cursor, int limit) {
        Access.requireStaff(caller);
        Optional<ConversationRepository.ThreadKey> after = cursor.map(c -> Cursor.decode(c, THREAD_CURSOR, 4))
                .map(c -> {
                    if (!c.uuid(0).equals(policyholderId)) {
                        throw ApiProblem.InvalidInput.field("cursor",
                                "is not a cursor this list gave out: start again without it");
                    }
                    return new ConversationRepository.ThreadKey(c.instant(1), c.integer(2), c.uuid(3));
                });
        List<ConversationRepository.ThreadRow> rows = database.inTransaction(caller, tx -> {
            requireCustomer(tx, caller, policyholderId);
            return repository.thread(tx, caller, policyholderId, after, limit + 1);
        });
        List<Views.ThreadItem> items = rows.stream().limit(limit).map(row -> row.mediaKey()
                .map(key -> row.item().withMedia(media.link(key, row.item().media()))).orElse(row.item())).toList();
        if (rows.size() <= limit) {
            return Page.last(items);
        }
        ConversationRepository.ThreadRow last = rows.get(limit - 1);
        return new Page<>(items, Optional.of(Cursor.of(THREAD_CURSOR, policyholderId, last.at(), last.seq(),
                last.id()).encode()));
    }

    /**
     * A reply: free text inside the customer's 24-hour window (outside it, 409: a template is needed), or a template
     * of a category the customer agreed to. Stored as a queued outbox row and put on the outbound queue in the same
     * transaction (a queue that does not take it rolls the row back: 503, nothing half-done); the sender paces it,
     * checks consent and the window again when it sends, and the webhook reports its fate.
     */
    Views.Queued send(Caller caller, UUID policyholderId, Bodies.Outgoing body) {
        Access.requireStaff(caller);
        Outgoing outgoing = validate(body);
        Instant now = clock.instant();
        return database.inTransaction(caller, tx -> {
            ConversationRepository.Customer customer = requireCustomer(tx, caller, policyholderId);
            if (customer.erasedAt() != null) {
                throw new ApiProblem.Conflict("this customer's personal data was erased on their request");
            }
            if (customer.phone() == null) {
                throw new ApiProblem.Conflict("this customer has no phone number to message");
            }
            Optional<ConversationRepository.Template> template = Optional.empty();
            WhatsappMessage.Template queued = null;
            if (outgoing.text().isPresent()) {
                if (!windowOpen(customer, now)) {
                    throw new ApiProblem.Other(TEMPLATE_REQUIRED, "Template required", 409,
                            "more than 24 hours have passed since the customer last wrote (or they never have): "
                                    + "WhatsApp delivers only an approved template now; send templateName, language "
                                    + "and parameters instead of text");
                }
            } else {
                String language = outgoing.language().orElse(customer.preferredLanguage());
                ConversationRepository.Template found = repository.template(tx, outgoing.templateName().orElseThrow(),
                        language).filter(t -> "approved".equals(t.approvalStatus()))
                        .orElseThrow(() -> ApiProblem.InvalidInput.field("templateName", "no approved template "
                                + outgoing.templateName().get() + " in language " + language));
                checkTemplate(found, customer, outgoing.parameters());
                template = Optional.of(found);
                queued = new WhatsappMessage.Template(found.name(), found.language(), outgoing.parameters());
            }
            UUID messageId = UUID.randomUUID();
            String key = "conversation:" + messageId;
            repository.insertOutgoing(tx, caller, messageId, key, customer, outgoing.text().orElse(null), template,
                    outgoing.parameters(), now);
            WhatsappMessage message = queued == null
                    ? WhatsappMessage.text(key, caller.tenant().code(), customer.phone(), PURPOSE,
                            outgoing.text().get(), now)
                    : WhatsappMessage.template(key, caller.tenant().code(), customer.phone(), PURPOSE, queued, now);
            try {
                outbox.send(message);
            } catch (WhatsappOutbox.NotQueued e) {
                throw new ApiProblem.ServiceUnavailable("the message could not be queued; send it again");
            }
            Views.ThreadItem item = repository.oneMessage(tx, caller, policyholderId, messageId).orElseThrow();
            return new Views.Queued(item, item.status());
        });
    }

    Views.ReadMarker markRead(Caller caller, UUID policyholderId, Bodies.Read body) {
        Access.requireStaff(caller);
        Instant now = clock.instant();
        return database.inTransaction(caller, tx -> {
            requireCustomer(tx, caller, policyholderId);
            Optional<UUID> messageId = Optional.ofNullable(body == null ? null : body.messageId());
            int sequence = messageId.isPresent()
                    ? repository.sequenceOf(tx, caller, policyholderId, messageId.get())
                            .orElseThrow(() -> ApiProblem.InvalidInput.field("messageId",
                                    "is not a message of this customer's thread"))
                    : repository.lastSequence(tx, caller, policyholderId);
            ConversationRepository.Marker marker = repository.markRead(tx, caller, policyholderId, sequence,
                    messageId.orElse(null), now);
            return new Views.ReadMarker(policyholderId, marker.readSequence(), marker.unread());
        });
    }

    Views.ThreadItem addNote(Caller caller, UUID policyholderId, Bodies.Note body) {
        Access.requireStaff(caller);
        String text = body.text() == null ? "" : body.text().strip();
        if (text.isEmpty() || text.length() > MAX_NOTE) {
            throw ApiProblem.InvalidInput.field("text", "must be 1 to " + MAX_NOTE + " characters");
        }
        Instant now = clock.instant();
        return database.inTransaction(caller, tx -> {
            requireCustomer(tx, caller, policyholderId);
            return repository.insertEvent(tx, caller, policyholderId, "note", text, null, now);
        });
    }

    /**
     * A manager hands the thread to another agent: the customer's own agent or one above them (who sees the
     * customer), within the manager's team; {@code agentId} null hands it back to the customer's agent. Recorded in
     * the thread as an assignment.
     */
    Views.Assignment assign(Caller caller, UUID policyholderId, Bodies.Assign body) {
        Access.requireStaff(caller);
        if (!Access.manages(caller)) {
            throw new ApiProblem.Forbidden("only managers and staff reassign conversations");
        }
        Instant now = clock.instant();
        return database.inTransaction(caller, tx -> {
            ConversationRepository.Customer customer = requireCustomer(tx, caller, policyholderId);
            UUID target = body == null ? null : body.agentId();
            if (target != null && target.equals(customer.agentId())) {
                target = null;
            }
            if (target != null) {
                if (!repository.agentInScope(tx, caller, target)) {
                    throw ApiProblem.InvalidInput.field("agentId", "is not an agent of your team");
                }
                if (customer.agentId() == null
                        || !repository.seesCustomerOf(tx, caller, target, customer.agentId())) {
                    throw ApiProblem.InvalidInput.field("agentId",
                            "cannot see this customer: choose the customer's agent or one above them");
                }
            }
            repository.ensureConversation(tx, caller, customer);
            Views.AssignedAgent assigned = repository.assign(tx, caller, policyholderId, target, now);
            repository.insertEvent(tx, caller, policyholderId, "assigned", null,
                    assigned == null ? null : assigned.agentId(), now);
            return new Views.Assignment(policyholderId, assigned, target != null);
        });
    }

    private ConversationRepository.Customer requireCustomer(DSLContext tx, Caller caller, UUID policyholderId) {
        return repository.customer(tx, caller, policyholderId)
                .orElseThrow(() -> new ApiProblem.NotFound("policyholder"));
    }

    static boolean windowOpen(ConversationRepository.Customer customer, Instant now) {
        return customer.lastInboundAt() != null && customer.lastInboundAt().isAfter(now.minus(SERVICE_WINDOW));
    }

    /**
     * Only UTILITY and MARKETING templates (never an authentication code), with their exact number of values, to a
     * customer who agreed to that category (the sender checks again when it sends).
     */
    private static void checkTemplate(ConversationRepository.Template template, ConversationRepository.Customer customer,
            List<String> parameters) {
        switch (template.category()) {
            case "UTILITY" -> {
                if (!customer.utilityOptIn()) {
                    throw new ApiProblem.Conflict("the customer has not agreed to WhatsApp notifications: "
                            + "a utility template cannot be sent to them");
                }
            }
            case "MARKETING" -> {
                if (!customer.marketingOptIn()) {
                    throw new ApiProblem.Conflict("the customer has not agreed to marketing messages: "
                            + "a marketing template cannot be sent to them");
                }
            }
            default -> throw ApiProblem.InvalidInput.field("templateName",
                    "is an " + template.category().toLowerCase(java.util.Locale.ROOT)
                            + " template: agents send utility or marketing templates only");
        }
        if (template.parameterCount() != parameters.size()) {
            throw ApiProblem.InvalidInput.field("parameters", "template " + template.name() + " takes "
                    + template.parameterCount() + " values, got " + parameters.size());
        }
    }

    record Outgoing(Optional<String> text, Optional<String> templateName, Optional<String> language,
            List<String> parameters) {}

    /** Bounds and shape before anything is read: text xor template; lengths, counts and names checked. */
    static Outgoing validate(Bodies.Outgoing body) {
        List<FieldError> errors = new ArrayList<>();
        boolean hasText = body.text() != null;
        boolean hasTemplate = body.templateName() != null;
        if (hasText == hasTemplate) {
            throw new ApiProblem.InvalidInput("send either text or templateName (with language and parameters)");
        }
        if (hasText) {
            if (body.text().isBlank() || body.text().length() > MAX_TEXT) {
                errors.add(new FieldError("text", "must be 1 to " + MAX_TEXT + " characters"));
            }
            if (body.language() != null || body.parameters() != null) {
                errors.add(new FieldError(body.language() != null ? "language" : "parameters",
                        "goes with templateName only"));
            }
        } else {
            if (!TEMPLATE_NAME.matcher(body.templateName()).matches()) {
                errors.add(new FieldError("templateName", "must be a template name (lower-case letters, digits, _)"));
            }
            if (body.language() != null && !LANGUAGE.matcher(body.language()).matches()) {
                errors.add(new FieldError("language", "must be a language code such as en or hi"));
            }
            List<String> parameters = body.parameters() == null ? List.of() : body.parameters();
            if (parameters.size() > MAX_PARAMETERS) {
                errors.add(new FieldError("parameters", "takes at most " + MAX_PARAMETERS + " values"));
            } else {
                for (int i = 0; i < parameters.size(); i++) {
                    String value = parameters.get(i);
                    if (value == null || value.isBlank() || value.length() > MAX_PARAMETER) {
                        errors.add(new FieldError("parameters[" + i + "]", "must be 1 to " + MAX_PARAMETER
                                + " characters"));
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ApiProblem.InvalidInput(errors);
        }
        return new Outgoing(Optional.ofNullable(body.text()), Optional.ofNullable(body.templateName()),
                Optional.ofNullable(body.language()), body.parameters() == null ? List.of() : body.parameters());
    }
}
