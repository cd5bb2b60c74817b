package com.agentmitra.domain.book;

import static com.agentmitra.data.jooq.shared.enums.PolicyStatusEnum.active;
import static com.agentmitra.data.jooq.shared.enums.PolicyStatusEnum.approved;
import static com.agentmitra.data.jooq.shared.enums.PolicyStatusEnum.cancelled;
import static com.agentmitra.data.jooq.shared.enums.PolicyStatusEnum.claimed;
import static com.agentmitra.data.jooq.shared.enums.PolicyStatusEnum.draft;
import static com.agentmitra.data.jooq.shared.enums.PolicyStatusEnum.lapsed;
import static com.agentmitra.data.jooq.shared.enums.PolicyStatusEnum.matured;
import static com.agentmitra.data.jooq.shared.enums.PolicyStatusEnum.pending_approval;
import static com.agentmitra.data.jooq.shared.enums.PolicyStatusEnum.surrendered;
import static com.agentmitra.data.jooq.shared.enums.PolicyStatusEnum.under_review;

import com.agentmitra.data.jooq.shared.enums.PolicyStatusEnum;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The policy status state machine (issue 5): draft → pending_approval → under_review → approved → active →
 * lapsed / surrendered / matured / claimed / cancelled; lapsed → active on revival. An application that never
 * became a policy may be cancelled at any step before active; a lapsed policy may still be surrendered or cancelled
 * (a lapsed policy with paid-up value can be surrendered). surrendered, matured, claimed and cancelled are final.
 */
public final class PolicyLifecycle {

    private static final Map<PolicyStatusEnum, Set<PolicyStatusEnum>> NEXT = new EnumMap<>(PolicyStatusEnum.class);

    static {
        NEXT.put(draft, Set.of(pending_approval, cancelled));
        NEXT.put(pending_approval, Set.of(under_review, cancelled));
        NEXT.put(under_review, Set.of(approved, cancelled));
        NEXT.put(approved, Set.of(active, cancelled));
        NEXT.put(active, Set.of(lapsed, surrendered, matured, claimed, cancelled));
        NEXT.put(lapsed, Set.of(active, surrendered, cancelled));
        NEXT.put(surrendered, Set.of());
        NEXT.put(matured, Set.of());
        NEXT.put(claimed, Set.of());
        NEXT.put(cancelled, Set.of());
    }

    private PolicyLifecycle() {}

    /** The outcome of asking to move a policy from one status to another. */
    public sealed interface Transition permits Allowed, Refused {}

    public record Allowed(PolicyStatusEnum from, PolicyStatusEnum to) implements Transition {}

    /** Refused, naming the statuses that are allowed from here (in the order of the lifecycle). */
    public record Refused(PolicyStatusEnum from, PolicyStatusEnum to, List<PolicyStatusEnum> allowed)
            implements Transition {
        public Refused {
            allowed = List.copyOf(allowed);
        }

        public String explanation() {
            return allowed.isEmpty()
                    ? "a " + from.getLiteral() + " policy is final: its status cannot change"
                    : "a " + from.getLiteral() + " policy cannot become " + to.getLiteral() + "; allowed: "
                            + String.join(", ", allowed.stream().map(PolicyStatusEnum::getLiteral).toList());
        }
    }

    public static Transition check(PolicyStatusEnum from, PolicyStatusEnum to) {
        return NEXT.get(from).contains(to) ? new Allowed(from, to) : new Refused(from, to, allowedFrom(from));
    }

    public static List<PolicyStatusEnum> allowedFrom(PolicyStatusEnum from) {
        return Arrays.stream(PolicyStatusEnum.values()).filter(NEXT.get(from)::contains).toList();
    }

    /** Reads a status name ({@code active}, {@code Pending Approval}, {@code pending-approval}). */
    public static Parsed<PolicyStatusEnum> parse(String raw) {
        String text = raw == null ? "" : raw.strip().toLowerCase(java.util.Locale.ROOT).replaceAll("[\\s-]+", "_");
        return Arrays.stream(PolicyStatusEnum.values())
                .filter(status -> status.getLiteral().equals(text))
                .findFirst()
                .<Parsed<PolicyStatusEnum>>map(Parsed::valid)
                .orElseGet(() -> Parsed.invalid("must be one of " + String.join(", ",
                        Arrays.stream(PolicyStatusEnum.values()).map(PolicyStatusEnum::getLiteral).toList())));
    }

    /** Statuses whose premiums are tracked (a payment can be recorded). */
    public static boolean takesPremiums(PolicyStatusEnum status) {
        return status == active || status == lapsed || status == approved;
    }
}
