package com.agentmitra.policies.consent;

import com.agentmitra.domain.book.FieldProblems;
import com.agentmitra.domain.book.Validated;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an agent may record as a customer's consent (issue 13; DPDP Act 2023 s.6: consent specific to a purpose and
 * recorded with how it was given). Every problem is named at once; nothing is recorded unless all hold:
 * <ul>
 *   <li>at least one purpose, each a JSON boolean;</li>
 *   <li>the source is {@code agent_recorded}: the other sources are recorded by their own channels (the app, the
 *       import, a WhatsApp reply) and cannot be claimed through this route;</li>
 *   <li>a grant says how the customer agreed (evidence, at most 1,000 characters, no control characters); a
 *       withdrawal needs none, so withdrawing is never harder than giving;</li>
 *   <li>the statement was made in the past (a clock skew of two minutes is allowed, as the database allows), and
 *       not more than ten years ago.</li>
 * </ul>
 */
public final class ConsentRules {

    static final int MAX_EVIDENCE = 1000;
    static final Duration CLOCK_SKEW = Duration.ofMinutes(2);
    static final Duration OLDEST = Duration.ofDays(3653);

    private ConsentRules() {}

    public static Validated<List<ConsentStatement>> fromAgent(ConsentBody body, Instant now) {
        FieldProblems problems = new FieldProblems();
        if (body.whatsappUtility() == null && body.whatsappMarketing() == null) {
            problems.add("whatsappUtility", "give whatsappUtility, whatsappMarketing or both (true or false)");
        }
        ConsentSource source = ConsentSource.AGENT_RECORDED;
        if (body.source() != null) {
            Optional<ConsentSource> named = ConsentSource.parse(body.source());
            if (named.isEmpty()) {
                problems.add("source", "must be one of agent_recorded, import, app, whatsapp_reply");
            } else if (named.get() != ConsentSource.AGENT_RECORDED) {
                problems.add("source", named.get().sqlName() + " is recorded by its own channel; an agent records "
                        + "agent_recorded");
            }
        }
        Optional<String> evidence = evidence(problems, body.evidence());
        boolean grants = Boolean.TRUE.equals(body.whatsappUtility()) || Boolean.TRUE.equals(body.whatsappMarketing());
        if (grants && evidence.isEmpty() && (body.evidence() == null || body.evidence().isBlank())) {
            problems.add("evidence", "say how the customer agreed, e.g. \"agreed on a call on 3 Dec, notice read out\"");
        }
        Instant saidAt = body.saidAt() == null ? now : body.saidAt();
        if (saidAt.isAfter(now.plus(CLOCK_SKEW))) {
            problems.add("saidAt", "must not be in the future");
        } else if (saidAt.isBefore(now.minus(OLDEST))) {
            problems.add("saidAt", "must be within the last ten years");
        }
        if (!problems.isEmpty()) {
            return new Validated.Rejected<>(problems.list());
        }
        List<ConsentStatement> statements = new ArrayList<>();
        if (body.whatsappUtility() != null) {
            statements.add(new ConsentStatement(ConsentPurpose.WHATSAPP_UTILITY, body.whatsappUtility(), source,
                    evidence, saidAt));
        }
        if (body.whatsappMarketing() != null) {
            statements.add(new ConsentStatement(ConsentPurpose.WHATSAPP_MARKETING, body.whatsappMarketing(), source,
                    evidence, saidAt));
        }
        return new Validated.Ok<>(List.copyOf(statements));
    }

    private static Optional<String> evidence(FieldProblems problems, String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        String text = raw.strip();
        if (text.length() > MAX_EVIDENCE) {
            problems.add("evidence", "must be at most " + MAX_EVIDENCE + " characters");
            return Optional.empty();
        }
        if (text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
            problems.add("evidence", "must be plain text");
            return Optional.empty();
        }
        return Optional.of(text);
    }
}
