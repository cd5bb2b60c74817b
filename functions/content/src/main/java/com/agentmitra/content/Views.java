package com.agentmitra.content;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** What the content routes answer. */
final class Views {

    private Views() {}

    /**
     * One item. {@code source}: youtube or upload; {@code kind}: video or document. {@code status}: processing (an
     * upload not yet checked), published or rejected ({@code statusReason}); {@code moderation}: pending, approved or
     * rejected ({@code moderationReason}). {@code embedUrl}: a YouTube item's player address.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Item(UUID id, String title, String description, String source, String kind, String youtubeVideoId,
            String embedUrl, String mimeType, Long sizeBytes, Integer durationSeconds, String category,
            List<String> tags, String language, String difficulty, List<String> targetAudience, boolean featured,
            String status, String statusReason, String moderation, String moderationReason, Instant moderatedAt,
            UUID agentId, Figures figures, Instant createdAt, Instant updatedAt, Instant deletedAt, Playback playback,
            Integer myRating) {

        Item with(Playback playback, Integer myRating) {
            return new Item(id, title, description, source, kind, youtubeVideoId, embedUrl, mimeType, sizeBytes,
                    durationSeconds, category, tags, language, difficulty, targetAudience, featured, status,
                    statusReason, moderation, moderationReason, moderatedAt, agentId, figures, createdAt, updatedAt,
                    deletedAt, playback, myRating);
        }
    }

    /** The rolled-up figures of an item (nightly). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Figures(int views, int uniqueViewers, BigDecimal averageWatchSeconds, BigDecimal completionRate,
            BigDecimal averageRating, int ratings, int shares, int viewsFromShares, Instant updatedAt) {}

    /** How to play it: {@code type} youtube (an embed URL) or file (a short-lived S3 link). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Playback(String type, String url, String mimeType, Instant expiresAt) {}

    /** {@code POST /content/uploads}: the new item and where to PUT the file (with exactly these headers). */
    record Upload(Item content, String uploadUrl, String method, java.util.Map<String, String> headers,
            Instant expiresAt, long maxBytes) {}

    record ViewRecorded(UUID contentId, UUID sessionId, int watchedSeconds, boolean completed, boolean created) {}

    record Rated(UUID contentId, int rating) {}

    /** One customer of a share: {@code status} queued, skipped (with {@code reason}) or not_found. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ShareOutcome(UUID policyholderId, String status, String reason, UUID shareId) {}

    record Shared(UUID contentId, int queued, int skipped, List<ShareOutcome> results) {}

    /** An item's (or a set of items') figures over a period, computed from the watch sessions and shares. */
    record Analytics(UUID contentId, String title, LocalDate from, LocalDate to, long views, long uniqueViewers,
            BigDecimal averageWatchSeconds, BigDecimal completionRate, long shares, long sharesSkipped,
            long viewsFromShares, BigDecimal averageRating, long ratings) {}

    record AnalyticsSummary(LocalDate from, LocalDate to, Analytics totals, List<Analytics> items) {}
}
