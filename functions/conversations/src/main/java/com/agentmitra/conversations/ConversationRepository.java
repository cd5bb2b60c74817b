package com.agentmitra.conversations;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Role;
import com.agentmitra.lambda.Json;
import com.fasterxml.jackson.core.type.TypeReference;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * The conversations' SQL, in the caller's tenant schema and as the caller (row level security beneath every
 * statement; the visibility conditions here only let the planner use the agent indexes). {@code S.} in a statement
 * is the tenant schema.
 */
final class ConversationRepository {

    private static final Pattern SCHEMA = Pattern.compile("[a-z][a-z0-9_]*");
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final TypeReference<Map<String, String>> BODIES = new TypeReference<>() {};
    /** Unread counts stop here ("99+" is what an inbox shows). */
    static final int UNREAD_CAP = 100;

    static String sql(Caller caller, String statement) {
        String schema = caller.tenant().schema();
        if (!SCHEMA.matcher(schema).matches()) {
            throw new IllegalStateException("not a tenant schema name");
        }
        return statement.replace("S.", schema + ".");
    }

    static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(Record row, String column) {
        OffsetDateTime value = row.get(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    // ---------------------------------------------------------------- customers

    record Customer(UUID policyholderId, UUID agentId, String firstName, String lastName, String fullName,
            String customerId, String phone, String preferredLanguage, boolean utilityOptIn, boolean marketingOptIn,
            Instant lastInboundAt, Instant erasedAt) {}

    /** The customer if the caller may see them (the customer record's own row level security). */
    Optional<Customer> customer(DSLContext tx, Caller caller, UUID policyholderId) {
        return tx.resultQuery(sql(caller, """
                select policyholder_id, agent_id, first_name, last_name, full_name, customer_id, phone_number,
                       preferred_language, whatsapp_utility_opt_in, whatsapp_marketing_opt_in,
                       whatsapp_last_inbound_at, erased_at
                  from S.policyholders where policyholder_id = ?"""), policyholderId)
                .fetchOptional(r -> new Customer(r.get("policyholder_id", UUID.class), r.get("agent_id", UUID.class),
                        r.get("first_name", String.class), r.get("last_name", String.class),
                        r.get("full_name", String.class), r.get("customer_id", String.class),
                        r.get("phone_number", String.class), r.get("preferred_language", String.class),
                        Boolean.TRUE.equals(r.get("whatsapp_utility_opt_in", Boolean.class)),
                        Boolean.TRUE.equals(r.get("whatsapp_marketing_opt_in", Boolean.class)),
                        instant(r, "whatsapp_last_inbound_at"), instant(r, "erased_at")));
    }

    // ---------------------------------------------------------------- the inbox

    enum Filter { ALL, UNREAD, OPEN, MINE }

    record ListQuery(Filter filter, Optional<String> q, Optional<Instant> afterActivity, Optional<UUID> afterId,
            int limit, Instant windowSince) {}

    List<Views.Conversation> conversations(DSLContext tx, Caller caller, ListQuery query, Instant now) {
        List<Object> binds = new ArrayList<>();
        binds.add(caller.requireUserId());
        StringBuilder where = new StringBuilder(" where true");
        switch (caller.role()) {
            case JUNIOR_AGENT -> {
                where.append(" and c.agent_id = ?");
                binds.add(caller.agentId().orElse(new UUID(0, 0)));
            }
            case SENIOR_AGENT, REGIONAL_MANAGER -> where.append(" and c.agent_id in (select S.visible_agent_ids())");
            default -> { }
        }
        switch (query.filter()) {
            case UNREAD -> where.append(" and c.last_inbound_sequence > coalesce(r.read_sequence, 0)");
            case OPEN -> {
                where.append(" and p.whatsapp_last_inbound_at > ?::timestamptz");
                binds.add(at(query.windowSince()));
            }
            case MINE -> {
                UUID me = caller.agentId().orElse(new UUID(0, 0));
                where.append(" and (c.assigned_agent_id = ? or (c.assigned_agent_id is null and c.agent_id = ?))");
                binds.add(me);
                binds.add(me);
            }
            case ALL -> { }
        }
        query.q().ifPresent(q -> {
            String digits = q.replaceAll("[^0-9]", "");
            where.append(" and (lower(p.full_name) like ? escape '!' or lower(p.customer_id) = ?");
            binds.add("%" + likeLiteral(q.toLowerCase(java.util.Locale.ROOT)) + "%");
            binds.add(q.toLowerCase(java.util.Locale.ROOT));
            if (digits.length() >= 4) {
                where.append(" or p.phone_number like ?");
                binds.add("%" + digits + "%");
            }
            where.append(")");
        });
        if (query.afterActivity().isPresent()) {
            where.append(" and (c.last_activity_at, c.conversation_id) < (?::timestamptz, ?::uuid)");
            binds.add(at(query.afterActivity().get()));
            binds.add(query.afterId().orElseThrow());
        }
        String statement = """
                select c.conversation_id, c.policyholder_id, c.agent_id, c.assigned_agent_id, c.last_activity_at,
                       p.full_name, p.phone_number, p.whatsapp_last_inbound_at,
                       m.message_id, m.is_from_customer, m.message_type, m.content, m.media_url,
                       m.whatsapp_template_name, m.template_parameters is not null as has_parameters,
                       m.whatsapp_status, m.send_status::text as send_status, m.error_code, m.error_details,
                       m.created_at as message_at,
                       a.agent_id as effective_agent_id, a.agent_code,
                       least(greatest(c.inbound_count - coalesce(r.read_inbound_count, 0), 0), %d) as unread
                  from S.conversations c
                  join S.policyholders p on p.policyholder_id = c.policyholder_id
                  left join S.conversation_reads r on r.policyholder_id = c.policyholder_id and r.user_id = ?
                  left join S.whatsapp_messages m on m.message_id = c.last_message_id
                  left join S.agents a on a.agent_id = coalesce(c.assigned_agent_id, c.agent_id)
                """.formatted(UNREAD_CAP) + where + "\n" + """
                 order by c.last_activity_at desc, c.conversation_id desc
                """ + " limit " + pageLimit(query.limit());
        return tx.resultQuery(sql(caller, statement), binds.toArray()).fetch(r -> conversation(r, now));
    }

    private static Views.Conversation conversation(Record r, Instant now) {
        Instant lastInbound = instant(r, "whatsapp_last_inbound_at");
        Instant closes = lastInbound == null ? null : lastInbound.plus(ConversationService.SERVICE_WINDOW);
        Views.LastMessage last = null;
        if (r.get("message_id", UUID.class) != null) {
            boolean inbound = Boolean.TRUE.equals(r.get("is_from_customer", Boolean.class));
            String type = r.get("message_type", String.class);
            String content = r.get("content", String.class);
            boolean archived = archived(type, content, r.get("media_url", String.class),
                    Boolean.TRUE.equals(r.get("has_parameters", Boolean.class)));
            DeliveryStatus status = inbound ? DeliveryStatus.inbound()
                    : DeliveryStatus.outbound(r.get("whatsapp_status", String.class), r.get("send_status", String.class),
                            r.get("error_code", Integer.class), r.get("error_details", String.class));
            last = new Views.LastMessage(r.get("message_id", UUID.class), inbound ? "inbound" : "outbound", type,
                    content, r.get("whatsapp_template_name", String.class), instant(r, "message_at"), status.status(),
                    archived);
        }
        UUID effective = r.get("effective_agent_id", UUID.class);
        return new Views.Conversation(r.get("policyholder_id", UUID.class), r.get("conversation_id", UUID.class),
                r.get("full_name", String.class), r.get("phone_number", String.class), instant(r, "last_activity_at"),
                last, r.get("unread", Integer.class), closes != null && closes.isAfter(now), closes,
                effective == null ? null : new Views.AssignedAgent(effective, r.get("agent_code", String.class)),
                r.get("assigned_agent_id", UUID.class) != null);
    }

    /**
     * Archival (functions/archival) moves a message's body out and blanks text, media link and template values,
     * keeping the row: a text or template row without a body is listed as archived. Media rows may never have had
     * a caption, and their file is described by its own media record, so they are not; nor rows of other kinds (a
     * location, a reaction) that never had a body.
     */
    static boolean archived(String type, String content, String mediaUrl, boolean hasParameters) {
        if (content != null || mediaUrl != null || hasParameters) {
            return false;
        }
        return "text".equals(type) || "template".equals(type);
    }

    /**
     * A page size written into the statement, not bound: PostgreSQL plans a bound LIMIT for every size at once, finds
     * that generic plan dearer than sorting a page, and so plans the statement again on every call (about 10 ms under
     * row level security). A few sizes are a few cached plans.
     */
    static String pageLimit(int limit) {
        if (limit < 1 || limit > ConversationService.MAX_PAGE + 1) {
            throw new IllegalArgumentException("page size out of bounds");
        }
        return Integer.toString(limit);
    }

    static String likeLiteral(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    // ---------------------------------------------------------------- the thread

    record ThreadKey(Instant at, int sequence, UUID id) {}

    /** Newest first in the customer's order: WhatsApp's time, then arrival; notes, assignments and callbacks among them. */
    List<ThreadRow> thread(DSLContext tx, Caller caller, UUID policyholderId, Optional<ThreadKey> after, int limit) {
        List<Object> binds = new ArrayList<>();
        String messageKeyset = "";
        String eventKeyset = "";
        String callbackKeyset = "";
        if (after.isPresent()) {
            messageKeyset = " and m.created_at <= ?::timestamptz and (m.created_at < ?::timestamptz"
                    + " or (coalesce(m.message_sequence, 0), m.message_id) < (?, ?::uuid))";
            eventKeyset = " and e.created_at <= ?::timestamptz and (e.created_at < ?::timestamptz"
                    + " or (0, e.event_id) < (?, ?::uuid))";
            callbackKeyset = " and cb.created_at <= ?::timestamptz and (cb.created_at < ?::timestamptz"
                    + " or (0, cb.callback_request_id) < (?, ?::uuid))";
        }
        binds.add(policyholderId);
        after.ifPresent(k -> addKey(binds, k));
        binds.add(policyholderId);
        after.ifPresent(k -> addKey(binds, k));
        binds.add(policyholderId);
        after.ifPresent(k -> addKey(binds, k));
        String limited = pageLimit(limit);
        String statement = """
                select * from (
                  (select 'message' as kind, m.message_id as id, m.created_at as at,
                          coalesce(m.message_sequence, 0) as seq, m.message_sequence as sequence,
                          m.is_from_customer, m.message_type, m.content, m.media_url,
                          m.whatsapp_template_name, m.template_language, m.template_parameters::text as parameters,
                          m.whatsapp_status, m.send_status::text as send_status, m.error_code, m.error_details,
                          m.sender_id as actor, null::text as event_type, null::uuid as assigned_agent_id,
                          null::text as callback_status, null::text as request_type,
                          d.status as media_status, d.mime_type as media_mime, d.s3_key as media_key
                     from S.whatsapp_messages m
                     left join S.whatsapp_message_media d on d.message_id = m.message_id
                    where m.policyholder_id = ?%s
                    order by m.created_at desc, m.message_sequence desc nulls last, m.message_id desc
                    limit %4$s)
                  union all
                  (select e.event_type, e.event_id, e.created_at, 0, null, null, null, e.body, null,
                          null, null, null, null, null, null, null,
                          e.actor_user_id, e.event_type, e.assigned_agent_id, null, null, null, null, null
                     from S.conversation_events e
                    where e.policyholder_id = ?%s
                    order by e.created_at desc, e.event_id desc
                    limit %4$s)
                  union all
                  (select 'callback', cb.callback_request_id, cb.created_at, 0, null, null, null, null, null,
                          null, null, null, null, null, null, null,
                          null, null, null, cb.status::text, cb.request_type, null, null, null
                     from S.callback_requests cb
                    where cb.customer_id = ?%s
                    order by cb.created_at desc, cb.callback_request_id desc
                    limit %4$s)
                ) thread
                order by at desc, seq desc, id desc
                limit %4$s""".formatted(messageKeyset, eventKeyset, callbackKeyset, limited);
        return tx.resultQuery(sql(caller, statement), binds.toArray()).fetch(ConversationRepository::threadRow);
    }

    private static void addKey(List<Object> binds, ThreadKey key) {
        binds.add(at(key.at()));
        binds.add(at(key.at()));
        binds.add(key.sequence());
        binds.add(key.id());
    }

    /**
     * One row of the thread query; {@code seq} is the sort key (0 for rows without an arrival number);
     * {@code mediaKey}: where a message's stored media is (never shown: the service turns it into a short-lived link).
     */
    record ThreadRow(String kind, UUID id, Instant at, int seq, Views.ThreadItem item, Optional<String> mediaKey) {}

    private static ThreadRow threadRow(Record r) {
        String kind = r.get("kind", String.class);
        UUID id = r.get("id", UUID.class);
        Instant at = instant(r, "at");
        int seq = r.get("seq", Integer.class);
        Views.ThreadItem item = switch (kind) {
            case "message" -> message(r, id, at);
            case "note" -> new Views.ThreadItem("note", id, at, null, null, null, r.get("content", String.class), null,
                    null, null, null, null, r.get("actor", UUID.class), null, null);
            case "assigned" -> new Views.ThreadItem("assignment", id, at, null, null, null, null, null, null, null,
                    null, null, r.get("actor", UUID.class), r.get("assigned_agent_id", UUID.class), null);
            default -> new Views.ThreadItem("callback", id, at, null, null, null, null, null, null, null, null, null,
                    null, null, new Views.Callback(r.get("callback_status", String.class),
                            r.get("request_type", String.class)));
        };
        return new ThreadRow(kind, id, at, seq, item, "message".equals(kind) && "stored".equals(
                r.get("media_status", String.class)) ? Optional.ofNullable(r.get("media_key", String.class))
                : Optional.empty());
    }

    private static Views.ThreadItem message(Record r, UUID id, Instant at) {
        boolean inbound = Boolean.TRUE.equals(r.get("is_from_customer", Boolean.class));
        String type = r.get("message_type", String.class);
        String content = r.get("content", String.class);
        String parameters = r.get("parameters", String.class);
        boolean archived = archived(type, content, r.get("media_url", String.class), parameters != null);
        DeliveryStatus status = inbound ? DeliveryStatus.inbound()
                : DeliveryStatus.outbound(r.get("whatsapp_status", String.class), r.get("send_status", String.class),
                        r.get("error_code", Integer.class), r.get("error_details", String.class));
        String templateName = r.get("whatsapp_template_name", String.class);
        Views.Template template = templateName == null ? null : new Views.Template(templateName,
                r.get("template_language", String.class), parameters == null ? null : strings(parameters));
        String mediaStatus = r.field("media_status") == null ? null : r.get("media_status", String.class);
        Views.Media media = mediaStatus == null ? null
                : new Views.Media(mediaStatus, r.get("media_mime", String.class), null, null);
        return new Views.ThreadItem("message", id, at, r.get("sequence", Integer.class), inbound ? "inbound" : "outbound",
                type, content, template, status.status(), status.reason().orElse(null), archived, media,
                r.get("actor", UUID.class), null, null);
    }

    private static List<String> strings(String json) {
        try {
            return Json.mapper().readValue(json, STRINGS);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- writes of the thread

    record Template(String name, String language, String category, int parameterCount, String approvalStatus) {}

    Optional<Template> template(DSLContext tx, String name, String language) {
        return tx.resultQuery("""
                select template_name, language, category, parameter_count, approval_status
                  from shared.whatsapp_templates where template_name = ? and language = ?""", name, language)
                .fetchOptional(r -> new Template(r.get("template_name", String.class), r.get("language", String.class),
                        r.get("category", String.class), r.get("parameter_count", Integer.class),
                        r.get("approval_status", String.class)));
    }

    /** The outbox row of a reply, queued: the sender finds it by its key and sends it like any other. */
    void insertOutgoing(DSLContext tx, Caller caller, UUID messageId, String key, Customer customer, String text,
            Optional<Template> template, List<String> parameters, Instant now) {
        tx.execute(sql(caller, """
                insert into S.whatsapp_messages (message_id, idempotency_key, sender_id, agent_id, policyholder_id,
                       phone_number, message_type, content, whatsapp_template_name, template_language,
                       template_parameters, send_status, is_from_customer, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, 'queued', false, ?::timestamptz)"""),
                messageId, key, caller.requireUserId(), customer.agentId(), customer.policyholderId(), customer.phone(),
                template.isPresent() ? "template" : "text", text, template.map(Template::name).orElse(null),
                template.map(Template::language).orElse(null),
                template.isPresent() ? Json.write(parameters) : null, at(now));
    }

    Optional<Views.ThreadItem> oneMessage(DSLContext tx, Caller caller, UUID policyholderId, UUID messageId) {
        return tx.resultQuery(sql(caller, """
                select 'message' as kind, m.message_id as id, m.created_at as at,
                       coalesce(m.message_sequence, 0) as seq, m.message_sequence as sequence,
                       m.is_from_customer, m.message_type, m.content, m.media_url,
                       m.whatsapp_template_name, m.template_language, m.template_parameters::text as parameters,
                       m.whatsapp_status, m.send_status::text as send_status, m.error_code, m.error_details,
                       m.sender_id as actor, d.status as media_status, d.mime_type as media_mime
                  from S.whatsapp_messages m
                  left join S.whatsapp_message_media d on d.message_id = m.message_id
                 where m.policyholder_id = ? and m.message_id = ?"""),
                policyholderId, messageId).fetchOptional(r -> message(r, messageId, instant(r, "at")));
    }

    Views.ThreadItem insertEvent(DSLContext tx, Caller caller, UUID policyholderId, String type, String body,
            UUID assignedAgentId, Instant now) {
        Record r = tx.resultQuery(sql(caller, """
                insert into S.conversation_events (policyholder_id, event_type, body, assigned_agent_id,
                       actor_user_id, created_at)
                values (?, ?, ?, ?, ?, ?::timestamptz)
                returning event_id, created_at"""), policyholderId, type, body, assignedAgentId,
                caller.requireUserId(), at(now)).fetchSingle();
        UUID id = r.get("event_id", UUID.class);
        return "note".equals(type)
                ? new Views.ThreadItem("note", id, now, null, null, null, body, null, null, null, null, null,
                        caller.requireUserId(), null, null)
                : new Views.ThreadItem("assignment", id, now, null, null, null, null, null, null, null, null, null,
                        caller.requireUserId(), assignedAgentId, null);
    }

    // ---------------------------------------------------------------- read markers

    /** The arrival number of one of the customer's messages; empty when it is not in this thread. */
    Optional<Integer> sequenceOf(DSLContext tx, Caller caller, UUID policyholderId, UUID messageId) {
        return tx.resultQuery(sql(caller, """
                select coalesce(message_sequence, 0) as seq from S.whatsapp_messages
                 where message_id = ? and policyholder_id = ?"""), messageId, policyholderId)
                .fetchOptional(r -> r.get("seq", Integer.class));
    }

    int lastSequence(DSLContext tx, Caller caller, UUID policyholderId) {
        return tx.resultQuery(sql(caller, "select last_sequence from S.conversations where policyholder_id = ?"),
                policyholderId).fetchOptional(r -> r.get("last_sequence", Integer.class)).orElse(0);
    }

    record Marker(int readSequence, int unread) {}

    /**
     * Moves the caller's marker forward to {@code sequence} (never back), with how many of the customer's messages it
     * covers; answers the marker as it stands and what is left unread.
     */
    Marker markRead(DSLContext tx, Caller caller, UUID policyholderId, int sequence, UUID messageId, Instant now) {
        return tx.resultQuery(sql(caller, """
                with marked as (
                    insert into S.conversation_reads as r (policyholder_id, user_id, read_sequence, read_message_id,
                           read_inbound_count, read_at)
                    values (?, ?, ?, ?, (select count(*) from S.whatsapp_messages i
                                          where i.policyholder_id = ? and i.is_from_customer
                                            and i.message_sequence <= ?), ?::timestamptz)
                    on conflict (policyholder_id, user_id) do update
                       set read_sequence = greatest(r.read_sequence, excluded.read_sequence),
                           read_message_id = case when excluded.read_sequence > r.read_sequence
                                                  then excluded.read_message_id else r.read_message_id end,
                           read_inbound_count = case when excluded.read_sequence > r.read_sequence
                                                     then excluded.read_inbound_count else r.read_inbound_count end,
                           read_at = excluded.read_at
                    returning read_sequence, read_inbound_count)
                select marked.read_sequence,
                       least(greatest(coalesce((select c.inbound_count from S.conversations c
                                                 where c.policyholder_id = ?), 0) - marked.read_inbound_count, 0), %d)
                       as unread
                  from marked""".formatted(UNREAD_CAP)), policyholderId, caller.requireUserId(), sequence, messageId,
                policyholderId, sequence, at(now), policyholderId)
                .fetchSingle(r -> new Marker(r.get("read_sequence", Integer.class), r.get("unread", Integer.class)));
    }

    // ---------------------------------------------------------------- assignment

    /** Whether {@code agentId} is the customer's agent or above them (so the agent sees the customer). */
    boolean seesCustomerOf(DSLContext tx, Caller caller, UUID agentId, UUID customersAgent) {
        return tx.resultQuery(sql(caller, """
                with recursive up(agent_id, depth) as (
                    select ?::uuid, 0
                    union all
                    select a.parent_agent_id, up.depth + 1 from S.agents a join up on a.agent_id = up.agent_id
                     where a.parent_agent_id is not null and up.depth < 32)
                select exists (select 1 from up where agent_id = ?) as sees"""), customersAgent, agentId)
                .fetchSingle(r -> Boolean.TRUE.equals(r.get("sees", Boolean.class)));
    }

    /** Whether the caller's scope holds the agent (row level security of the hierarchy, as for customers). */
    boolean agentInScope(DSLContext tx, Caller caller, UUID agentId) {
        if (Access.tenantWide(caller)) {
            return tx.resultQuery(sql(caller, "select exists (select 1 from S.agents where agent_id = ?) as ok"),
                    agentId).fetchSingle(r -> Boolean.TRUE.equals(r.get("ok", Boolean.class)));
        }
        if (caller.role() == Role.JUNIOR_AGENT) {
            return caller.agentId().map(agentId::equals).orElse(false);
        }
        return tx.resultQuery(sql(caller, "select ? in (select S.visible_agent_ids()) as ok"), agentId)
                .fetchSingle(r -> Boolean.TRUE.equals(r.get("ok", Boolean.class)));
    }

    /** Ensures the customer has a thread row (a customer who never wrote), answers nothing. */
    void ensureConversation(DSLContext tx, Caller caller, Customer customer) {
        tx.execute(sql(caller, """
                insert into S.conversations (policyholder_id, agent_id) values (?, ?)
                on conflict (policyholder_id) do nothing"""), customer.policyholderId(), customer.agentId());
    }

    Views.AssignedAgent assign(DSLContext tx, Caller caller, UUID policyholderId, UUID agentId, Instant now) {
        return tx.resultQuery(sql(caller, """
                with changed as (
                    update S.conversations set assigned_agent_id = ?, assigned_by = ?, assigned_at = ?::timestamptz
                     where policyholder_id = ?
                 returning coalesce(assigned_agent_id, agent_id) as effective)
                select a.agent_id, a.agent_code
                  from changed join S.agents a on a.agent_id = changed.effective"""),
                agentId, agentId == null ? null : caller.requireUserId(), agentId == null ? null : at(now),
                policyholderId)
                .fetchOptional(r -> new Views.AssignedAgent(r.get("agent_id", UUID.class),
                        r.get("agent_code", String.class)))
                .orElse(null);
    }

    // ---------------------------------------------------------------- canned replies

    record CannedRow(UUID id, UUID agentId, String title, Map<String, String> bodies, Instant updatedAt) {}

    List<CannedRow> cannedReplies(DSLContext tx, Caller caller, Optional<UUID> ofAgent, int limit) {
        UUID agent = ofAgent.or(caller::agentId).orElse(new UUID(0, 0));
        return tx.resultQuery(sql(caller, """
                select canned_reply_id, agent_id, title, bodies::text as bodies, updated_at from S.canned_replies
                 where agent_id is null or agent_id = ?
                 order by agent_id nulls first, lower(title), canned_reply_id
                 limit ?"""), agent, limit).fetch(ConversationRepository::canned);
    }

    Optional<CannedRow> cannedReply(DSLContext tx, Caller caller, UUID id, boolean lock) {
        return tx.resultQuery(sql(caller, """
                select canned_reply_id, agent_id, title, bodies::text as bodies, updated_at from S.canned_replies
                 where canned_reply_id = ?""" + (lock ? " for update" : "")), id)
                .fetchOptional(ConversationRepository::canned);
    }

    int cannedCount(DSLContext tx, Caller caller, UUID agentId) {
        return tx.resultQuery(sql(caller, """
                select count(*) as n from S.canned_replies where agent_id is not distinct from ?"""), agentId)
                .fetchSingle(r -> r.get("n", Integer.class));
    }

    CannedRow insertCanned(DSLContext tx, Caller caller, UUID agentId, String title, Map<String, String> bodies) {
        return tx.resultQuery(sql(caller, """
                insert into S.canned_replies (agent_id, title, bodies, created_by) values (?, ?, ?::jsonb, ?)
                returning canned_reply_id, agent_id, title, bodies::text as bodies, updated_at"""),
                agentId, title, Json.write(bodies), caller.requireUserId()).fetchSingle(ConversationRepository::canned);
    }

    CannedRow updateCanned(DSLContext tx, Caller caller, UUID id, String title, Map<String, String> bodies) {
        return tx.resultQuery(sql(caller, """
                update S.canned_replies set title = ?, bodies = ?::jsonb where canned_reply_id = ?
                returning canned_reply_id, agent_id, title, bodies::text as bodies, updated_at"""),
                title, Json.write(bodies), id).fetchSingle(ConversationRepository::canned);
    }

    void deleteCanned(DSLContext tx, Caller caller, UUID id) {
        tx.execute(sql(caller, "delete from S.canned_replies where canned_reply_id = ?"), id);
    }

    private static CannedRow canned(Record r) {
        try {
            return new CannedRow(r.get("canned_reply_id", UUID.class), r.get("agent_id", UUID.class),
                    r.get("title", String.class), Json.mapper().readValue(r.get("bodies", String.class), BODIES),
                    instant(r, "updated_at"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
