package com.agentmitra.whatsapp;

import com.agentmitra.data.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily template sync (issue 19): reads every template of the business account from Meta
 * ({@link MetaTemplateList}) and corrects what {@code shared.whatsapp_templates} says where it differs, through the
 * one door the webhook uses ({@code shared.apply_whatsapp_template_event}, shared V110), so a template whose
 * {@code message_template_status_update} was lost is paused, rejected or approved by the next morning.
 *
 * <ul>
 * <li>The listing is used whole or not at all: it is read completely first; a listing that fails (bounds, a Graph
 * error, a page that is not one) changes nothing and ends the run with {@link Failed}.</li>
 * <li>Only differences are written, all in one transaction: a template whose status Meta confirms keeps the reason
 * and time the webhook gave it.</li>
 * <li>Time: the sync's statement is dated {@link #statementTime} (the moment it asked Meta, truncated to the second,
 * less 1.5 s). V110 keeps the newest statement, so a webhook event Meta dated from the second before the sync asked
 * onwards wins over the sync whichever is applied first (the listing may have been read before that event), and a
 * webhook event older than that, delivered late, does not undo what the sync found.</li>
 * <li>A template Meta lists and we do not have is ignored (counted); one we have that Meta does not list is logged
 * and counted, never deleted. Meta's {@code en_US} finds our {@code en} when we have no {@code en_US} (as the
 * webhook's); two Meta languages falling back on one row of ours (en_US, en_GB) are ambiguous and skipped.</li>
 * </ul>
 */
final class TemplateSync {

    private static final Logger log = LoggerFactory.getLogger(TemplateSync.class);
    private static final Set<String> QUALITIES = Set.of("GREEN", "YELLOW", "RED", "UNKNOWN");
    /** How many names of templates Meta does not list go into one log line. */
    private static final int NAMES_LOGGED = 20;

    /** What one run did. */
    record Report(int listed, int pages, int statusesChanged, int qualitiesChanged, int keptNewer, int unchanged,
            int notOurs, int missingAtMeta, int skipped, int categoryMismatches) {}

    /** The run changed nothing: the listing could not be read whole. */
    static final class Failed extends RuntimeException {
        Failed(String reason) {
            super("template sync failed, nothing changed: " + reason, null, false, false);
        }
    }

    /** Our status for Meta's, with the reason to keep; empty for a status we do not know. */
    record Mapped(String status, Optional<String> reason) {}

    private record Key(String name, String language) {}

    private record Ours(String status, Optional<String> quality, String category) {}

    private record Change(String name, String language, Optional<Mapped> status, Optional<String> quality) {}

    private final Database database;
    private final Supplier<MetaTemplateList.Listing> listing;
    private final Clock clock;

    TemplateSync(Database database, Supplier<MetaTemplateList.Listing> listing, Clock clock) {
        this.database = database;
        this.listing = listing;
        this.clock = clock;
    }

    /**
     * Meta's template statuses as ours: APPROVED approved; PENDING pending; REJECTED rejected (with Meta's rejected
     * reason), IN_APPEAL (a rejected template whose appeal is pending) and LIMIT_EXCEEDED (not accepted: the account
     * holds too many templates) rejected too, naming that; PAUSED paused; DISABLED, ARCHIVED, PENDING_DELETION and
     * DELETED disabled, naming which. None but approved is ever sent. Any other status is unknown: skipped, counted.
     */
    static Optional<Mapped> status(String meta, Optional<String> rejectedReason) {
        Optional<String> reason = rejectedReason.filter(r -> !r.equals("NONE"));
        return Optional.ofNullable(switch (meta) {
            case "APPROVED" -> new Mapped("approved", Optional.empty());
            case "PENDING" -> new Mapped("pending", Optional.empty());
            case "REJECTED" -> new Mapped("rejected", reason);
            case "IN_APPEAL" -> new Mapped("rejected", Optional.of("IN_APPEAL" + reason.map(r -> " (" + r + ")")
                    .orElse("")));
            case "LIMIT_EXCEEDED" -> new Mapped("rejected", Optional.of("LIMIT_EXCEEDED"));
            case "PAUSED" -> new Mapped("paused", Optional.empty());
            case "DISABLED" -> new Mapped("disabled", Optional.empty());
            case "ARCHIVED", "PENDING_DELETION", "DELETED" -> new Mapped("disabled", Optional.of(meta));
            default -> null;
        });
    }

    /** When the sync's statements are dated: the second it asked Meta, less 1.5 s (see the class comment). */
    static Instant statementTime(Instant asked) {
        return asked.truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMillis(1500));
    }

    Report run() {
        Instant at = statementTime(clock.instant());
        MetaTemplateList.Listing listed;
        try {
            listed = listing.get();
        } catch (MetaTemplateList.Failed e) {
            log.warn("Template sync failed, nothing changed reason={}", e.getMessage());
            throw new Failed(e.getMessage());
        }
        Map<Key, Ours> ours = database.inSharedTransaction(tx -> {
            Map<Key, Ours> rows = new HashMap<>();
            tx.resultQuery("select template_name, language, approval_status, quality_rating, category"
                    + " from shared.whatsapp_templates").fetch().forEach(r -> rows.put(
                            new Key(r.get(0, String.class), r.get(1, String.class)),
                            new Ours(r.get(2, String.class), Optional.ofNullable(r.get(3, String.class)),
                                    r.get(4, String.class))));
            return rows;
        });

        // Meta's template for each row of ours: the exact language first, else the language part, if only one
        Map<Key, MetaTemplateList.Listed> matched = new LinkedHashMap<>();
        Map<Key, List<MetaTemplateList.Listed>> fallbacks = new LinkedHashMap<>();
        int notOurs = 0;
        for (MetaTemplateList.Listed template : listed.templates()) {
            Key exact = new Key(template.name(), template.language());
            Key part = new Key(template.name(), template.language().split("_")[0]);
            if (ours.containsKey(exact) && !matched.containsKey(exact)) {
                matched.put(exact, template);
            } else if (!part.equals(exact) && ours.containsKey(part)) {
                fallbacks.computeIfAbsent(part, k -> new ArrayList<>()).add(template);
            } else {
                notOurs++;
            }
        }
        int skipped = listed.unreadable();
        for (Map.Entry<Key, List<MetaTemplateList.Listed>> fallback : fallbacks.entrySet()) {
            if (matched.containsKey(fallback.getKey())) {
                notOurs += fallback.getValue().size(); // Meta has our exact language too
            } else if (fallback.getValue().size() == 1) {
                matched.put(fallback.getKey(), fallback.getValue().getFirst());
            } else {
                log.warn("Template sync: several of Meta's languages fall back on one of ours, skipped template={}"
                        + " language={} meta={}", fallback.getKey().name(), fallback.getKey().language(),
                        fallback.getValue().stream().map(MetaTemplateList.Listed::language).toList());
                skipped += fallback.getValue().size();
            }
        }

        List<Change> changes = new ArrayList<>();
        int unchanged = 0;
        int categoryMismatches = 0;
        for (Map.Entry<Key, MetaTemplateList.Listed> match : matched.entrySet()) {
            Ours row = ours.get(match.getKey());
            MetaTemplateList.Listed meta = match.getValue();
            Optional<Mapped> mapped = meta.status().flatMap(s -> status(s, meta.rejectedReason()));
            if (mapped.isEmpty()) {
                log.warn("Template sync: status unknown here, skipped template={} language={} status={}",
                        meta.name(), meta.language(), meta.status().orElse("(unreadable)"));
                skipped++;
            }
            Optional<String> quality = meta.quality().filter(QUALITIES::contains);
            if (meta.quality().isPresent() && quality.isEmpty()) {
                log.warn("Template sync: quality unknown here, ignored template={} language={} quality={}",
                        meta.name(), meta.language(), meta.quality().get());
            }
            if (meta.category().isPresent() && !meta.category().get().equals(row.category())) {
                // Meta may re-categorise a template; the consent rules follow our category, so a person must look
                log.warn("Template sync: Meta's category differs from ours template={} language={} ours={} meta={}",
                        meta.name(), meta.language(), row.category(), meta.category().get());
                categoryMismatches++;
            }
            Optional<Mapped> newStatus = mapped.filter(m -> !m.status().equals(row.status()));
            Optional<String> newQuality = quality.filter(q -> !Optional.of(q).equals(row.quality()));
            if (newStatus.isEmpty() && newQuality.isEmpty()) {
                unchanged++;
            } else {
                changes.add(new Change(match.getKey().name(), match.getKey().language(), newStatus, newQuality));
            }
        }

        int[] counts = database.inSharedTransaction(tx -> {
            int statuses = 0;
            int qualities = 0;
            int kept = 0;
            for (Change change : changes) {
                if (change.status().isPresent()) {
                    Mapped status = change.status().get();
                    if (apply(tx, change, Optional.of(status), Optional.empty(), at)) {
                        statuses++;
                    } else {
                        kept++;
                    }
                }
                if (change.quality().isPresent()) {
                    if (apply(tx, change, Optional.empty(), change.quality(), at)) {
                        qualities++;
                    } else {
                        kept++;
                    }
                }
            }
            return new int[] {statuses, qualities, kept};
        });

        Set<String> missing = new TreeSet<>();
        for (Key key : ours.keySet()) {
            if (!matched.containsKey(key)) {
                missing.add(key.name() + "/" + key.language());
            }
        }
        if (!missing.isEmpty()) {
            log.warn("Template sync: templates of ours that Meta does not list (kept as they are) count={} names={}",
                    missing.size(), missing.stream().limit(NAMES_LOGGED).toList());
        }
        Report report = new Report(listed.templates().size(), listed.pages(), counts[0], counts[1], counts[2],
                unchanged, notOurs, missing.size(), skipped, categoryMismatches);
        log.info("Template sync done listed={} pages={} statusesChanged={} qualitiesChanged={} keptNewer={}"
                + " unchanged={} notOurs={} missingAtMeta={} skipped={} categoryMismatches={}", report.listed(),
                report.pages(), report.statusesChanged(), report.qualitiesChanged(), report.keptNewer(),
                report.unchanged(), report.notOurs(), report.missingAtMeta(), report.skipped(),
                report.categoryMismatches());
        return report;
    }

    /** One statement through V110; false when a newer statement (a webhook event after this listing) stands. */
    private static boolean apply(org.jooq.DSLContext tx, Change change, Optional<Mapped> status,
            Optional<String> quality, Instant at) {
        Integer rows = tx.resultQuery("select shared.apply_whatsapp_template_event({0}, {1}, {2}, {3}, {4}, {5})",
                DSL.val(change.name()), DSL.val(change.language()),
                DSL.val(status.map(Mapped::status).orElse(null), String.class),
                DSL.val(status.flatMap(Mapped::reason).orElse(null), String.class),
                DSL.val(quality.orElse(null), String.class), DSL.val(at)).fetchOne(0, Integer.class);
        boolean applied = rows != null && rows > 0;
        log.info("Template sync: {} template={} language={} status={} quality={}",
                applied ? "corrected" : "a newer webhook event stands, not changed", change.name(), change.language(),
                status.map(Mapped::status).orElse("-"), quality.orElse("-"));
        return applied;
    }
}
