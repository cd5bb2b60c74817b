package com.agentmitra.conversations;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.data.Role;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.lambda.FieldError;
import com.agentmitra.lambda.Page;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Canned replies: the tenant's (every agent reads them; tenant-wide staff and regional managers write them) and each
 * agent's own, each in one or more languages, with {@link Placeholders} filled from a customer's record on request.
 */
final class CannedReplyService {

    static final int MAX_TITLE = 100;
    static final int MAX_BODY = ConversationService.MAX_TEXT;
    static final int MAX_LANGUAGES = 10;
    /** Per owner (the tenant, or one agent): a list an agent can still scan. */
    static final int MAX_PER_OWNER = 200;
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(_[A-Z]{2})?");

    private final Database database;
    private final ConversationRepository repository;

    CannedReplyService(Database database, ConversationRepository repository) {
        this.database = database;
        this.repository = repository;
    }

    /** The tenant's replies, then the caller's own (or those of {@code agentId}, an agent of the caller's team). */
    Page<Views.CannedReply> list(Caller caller, Optional<UUID> agentId, Optional<UUID> policyholderId) {
        Access.requireStaff(caller);
        return database.inTransaction(caller, tx -> {
            if (agentId.isPresent() && !repository.agentInScope(tx, caller, agentId.get())) {
                throw ApiProblem.InvalidInput.field("agentId", "is not an agent of your team");
            }
            Optional<ConversationRepository.Customer> customer = policyholderId.map(id -> repository
                    .customer(tx, caller, id).orElseThrow(() -> new ApiProblem.NotFound("policyholder")));
            return Page.last(repository.cannedReplies(tx, caller, agentId, 2 * MAX_PER_OWNER).stream()
                    .map(row -> view(row, customer)).toList());
        });
    }

    Views.CannedReply create(Caller caller, Bodies.CannedReply body) {
        Access.requireStaff(caller);
        String scope = body.scope() == null ? "agent" : body.scope();
        Valid valid = validate(body.title(), body.bodies(), true);
        UUID owner = switch (scope) {
            case "tenant" -> {
                requireTenantWriter(caller);
                yield null;
            }
            case "agent" -> caller.agentId().orElseThrow(() -> ApiProblem.InvalidInput.field("scope",
                    "only agents have replies of their own: use tenant"));
            default -> throw ApiProblem.InvalidInput.field("scope", "must be agent or tenant");
        };
        return database.inTransaction(caller, tx -> {
            if (repository.cannedCount(tx, caller, owner) >= MAX_PER_OWNER) {
                throw new ApiProblem.Conflict("at most " + MAX_PER_OWNER + " canned replies per owner: delete one first");
            }
            return view(unique(() -> repository.insertCanned(tx, caller, owner, valid.title(), valid.bodies())),
                    Optional.empty());
        });
    }

    Views.CannedReply update(Caller caller, UUID id, Bodies.CannedReply patch) {
        Access.requireStaff(caller);
        if (patch.scope() != null) {
            throw ApiProblem.InvalidInput.field("scope", "cannot be changed: create the reply again");
        }
        Valid valid = validate(patch.title(), patch.bodies(), false);
        return database.inTransaction(caller, tx -> {
            ConversationRepository.CannedRow row = repository.cannedReply(tx, caller, id, true)
                    .orElseThrow(() -> new ApiProblem.NotFound("canned reply"));
            if (row.agentId() == null) {
                requireTenantWriter(caller);
            }
            return view(unique(() -> repository.updateCanned(tx, caller, id,
                    valid.title() != null ? valid.title() : row.title(),
                    valid.bodies() != null ? valid.bodies() : row.bodies())), Optional.empty());
        });
    }

    void delete(Caller caller, UUID id) {
        Access.requireStaff(caller);
        database.inTransaction(caller, tx -> {
            ConversationRepository.CannedRow row = repository.cannedReply(tx, caller, id, true)
                    .orElseThrow(() -> new ApiProblem.NotFound("canned reply"));
            if (row.agentId() == null) {
                requireTenantWriter(caller);
            }
            repository.deleteCanned(tx, caller, id);
            return null;
        });
    }

    private static void requireTenantWriter(Caller caller) {
        if (!Access.tenantWide(caller) && caller.role() != Role.REGIONAL_MANAGER) {
            throw new ApiProblem.Forbidden("the tenant's canned replies are written by managers and staff");
        }
    }

    private static <T> T unique(java.util.function.Supplier<T> write) {
        try {
            return write.get();
        } catch (org.jooq.exception.DataAccessException e) {
            if ("23505".equals(e.sqlState())) {
                throw new ApiProblem.Conflict("a canned reply with this title exists already");
            }
            throw e;
        }
    }

    private static Views.CannedReply view(ConversationRepository.CannedRow row,
            Optional<ConversationRepository.Customer> customer) {
        Views.Filled filled = customer.map(c -> {
            String language = row.bodies().containsKey(c.preferredLanguage()) ? c.preferredLanguage()
                    : row.bodies().containsKey("en") ? "en" : new TreeMap<>(row.bodies()).firstKey();
            Map<String, String> values = new HashMap<>();
            values.put("name", c.fullName());
            values.put("first_name", c.firstName());
            values.put("last_name", c.lastName());
            values.put("customer_id", c.customerId());
            return new Views.Filled(language, Placeholders.fill(row.bodies().get(language), values));
        }).orElse(null);
        return new Views.CannedReply(row.id(), row.title(), row.agentId() == null ? "tenant" : "agent", row.agentId(),
                new TreeMap<>(row.bodies()), filled, row.updatedAt());
    }

    record Valid(String title, Map<String, String> bodies) {}

    /** Title 1..100 characters; 1..10 languages, each body 1..4096 characters naming known placeholders only. */
    static Valid validate(String title, Map<String, String> bodies, boolean required) {
        List<FieldError> errors = new ArrayList<>();
        String cleanTitle = title == null ? null : title.strip();
        if (cleanTitle == null ? required : cleanTitle.isEmpty() || cleanTitle.length() > MAX_TITLE) {
            errors.add(new FieldError("title", "must be 1 to " + MAX_TITLE + " characters"));
        }
        if (bodies == null ? required : bodies.isEmpty() || bodies.size() > MAX_LANGUAGES) {
            errors.add(new FieldError("bodies", "must give 1 to " + MAX_LANGUAGES
                    + " languages, as {\"en\": \"...\", \"hi\": \"...\"}"));
        } else if (bodies != null) {
            bodies.forEach((language, text) -> {
                if (!LANGUAGE.matcher(language).matches()) {
                    errors.add(new FieldError("bodies", "language " + (language.length() > 10
                            ? language.substring(0, 10) + "..." : language) + " is not a code such as en or hi"));
                } else if (text == null || text.isBlank() || text.length() > MAX_BODY) {
                    errors.add(new FieldError("bodies." + language, "must be 1 to " + MAX_BODY + " characters"));
                } else if (!Placeholders.unknown(text).isEmpty()) {
                    errors.add(new FieldError("bodies." + language, "names unknown placeholders "
                            + Placeholders.unknown(text) + "; known: " + new TreeMap<>(Map.of("name", 1,
                                    "first_name", 1, "last_name", 1, "customer_id", 1)).keySet()));
                }
            });
        }
        if (!errors.isEmpty()) {
            throw new ApiProblem.InvalidInput(errors);
        }
        return new Valid(cleanTitle, bodies);
    }
}
