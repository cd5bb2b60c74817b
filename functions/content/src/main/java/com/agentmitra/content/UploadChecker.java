package com.agentmitra.content;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.data.Tenant;
import com.agentmitra.data.TenantDirectory;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks an uploaded file when it lands under {@code content/} in the content bucket: the key names the tenant and
 * the item; the object's size must be the declared one and within the bound for its kind; its real type is sniffed
 * from its first bytes ({@link FileType}) and must be the declared one. A good file publishes the item (moderation
 * still decides whether customers see it); a bad one rejects it with the reason and is deleted from the bucket.
 * Idempotent: an item already checked is left as it is (S3 delivers at least once).
 */
final class UploadChecker {

    private static final Pattern KEY = Pattern.compile(
            "content/([A-Za-z0-9_]{1,50})/([0-9a-f-]{36})/[0-9a-f-]{36}\\.(mp4|webm|pdf)");

    private final Database database;
    private final TenantDirectory tenants;
    private final ContentStore store;
    private final ContentConfig config;

    UploadChecker(Database database, TenantDirectory tenants, ContentStore store, ContentConfig config) {
        this.database = database;
        this.tenants = tenants;
        this.store = store;
        this.config = config;
    }

    /** {@code status}: published, rejected (with a reason), already-checked or ignored (not an upload of ours). */
    record Outcome(String status, UUID contentId, String reason) {}

    Outcome check(String bucket, String key) {
        Matcher m = KEY.matcher(key);
        if (!m.matches()) {
            return new Outcome("ignored", null, null);
        }
        Optional<Tenant> tenant = tenants.findByCode(m.group(1));
        UUID id;
        try {
            id = UUID.fromString(m.group(2));
        } catch (IllegalArgumentException e) {
            return new Outcome("ignored", null, null);
        }
        if (tenant.isEmpty()) {
            return new Outcome("ignored", null, null);
        }
        Caller system = Caller.system(tenant.get());
        Optional<Pending> pending = database.inTransaction(system, tx -> tx.resultQuery(ContentRepository.sql(system,
                "select status, mime_type, content_kind, declared_size_bytes from S.video_content"
                        + " where video_id = ? and storage_key = ?"), id, key)
                .fetchOptional(r -> new Pending(r.get(0, String.class), r.get(1, String.class), r.get(2, String.class),
                        r.get(3, Long.class))));
        if (pending.isEmpty()) {
            return new Outcome("ignored", null, null);
        }
        if (!"processing".equals(pending.get().status())) {
            return new Outcome("already-checked", id, null);
        }
        Optional<ContentStore.Head> head = store.head(bucket, key, FileType.HEAD_BYTES);
        if (head.isEmpty()) {
            return new Outcome("ignored", id, null);
        }
        FileType declared = FileType.ofMimeType(pending.get().mimeType()).orElseThrow();
        long max = declared.kind().equals("document") ? config.maxDocumentBytes() : config.maxVideoBytes();
        long size = head.get().size();
        String reason = null;
        Optional<FileType> actual = FileType.sniff(head.get().bytes());
        if (size > max) {
            reason = "the file is " + size + " bytes, more than the " + (max / ContentConfig.MB) + " MB allowed";
        } else if (pending.get().declaredSize() != null && size != pending.get().declaredSize()) {
            reason = "the file is " + size + " bytes, not the " + pending.get().declaredSize() + " declared";
        } else if (actual.isEmpty()) {
            reason = "the file is not an MP4 or WebM video or a PDF document (checked from its content, not its name)";
        } else if (actual.get() != declared) {
            reason = "the file is " + actual.get().mimeType() + ", not the " + declared.mimeType() + " its name and "
                    + "declared type say";
        }
        String outcome = reason == null ? "published" : "rejected";
        String why = reason;
        int changed = database.inTransaction(system, tx -> tx.execute(ContentRepository.sql(system, """
                update S.video_content set status = ?, status_reason = ?, file_size_bytes = ?,
                       mime_type = coalesce(?, mime_type)
                 where video_id = ? and storage_key = ? and status = 'processing'"""), outcome, why, size,
                actual.map(FileType::mimeType).orElse(null), id, key));
        if (changed == 0) {
            return new Outcome("already-checked", id, null);
        }
        if (reason != null) {
            store.delete(bucket, key);
        }
        return new Outcome(outcome, id, reason);
    }

    private record Pending(String status, String mimeType, String kind, Long declaredSize) {}
}
