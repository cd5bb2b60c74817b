package com.agentmitra.whatsapp;

import com.agentmitra.config.Secret;
import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.data.Tenant;
import com.agentmitra.data.TenantDirectory;
import com.agentmitra.lambda.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Downloads the media customers send (issue 16) and keeps it in the private media bucket, under the tenant's prefix
 * ({@code media/<tenant code>/<message id>}), linked to the message by {@code whatsapp_message_media} (tenant V134).
 * Per item, after the message itself was stored: the MIME type Meta declares must be one WhatsApp allows for the
 * type; {@code GET /{media-id}} (with the token) gives the download URL, type, size and SHA-256, checked again; the
 * URL must be Meta's (or the configured Graph API's own host, for a local stand-in), never anywhere a notification
 * could point us; the download stops one byte past the bound; the bytes must match the SHA-256. Refused media is
 * recorded {@code rejected} with the reason and never fetched again; a media id Meta no longer knows is
 * {@code failed}; a network or server error throws {@link MediaUnavailable} (the notification is retried, every step
 * idempotent). Logs name wamids, media ids and reasons, never a URL (it is a bearer link) or the token.
 */
final class InboundMediaStore {

    private static final Logger log = LoggerFactory.getLogger(InboundMediaStore.class);
    private static final int MAX_METADATA_BYTES = 64 * 1024;
    private static final List<String> META_HOST_SUFFIXES = List.of(".fbsbx.com", ".facebook.com", ".whatsapp.net",
            ".fbcdn.net");

    private final Database database;
    private final TenantDirectory tenants;
    private final S3Client s3;
    private final String bucket;
    private final HttpClient http;
    private final URI apiBase;
    private final String apiVersion;
    private final Secret token;
    private final Duration timeout;

    InboundMediaStore(Database database, TenantDirectory tenants, S3Client s3, String bucket, HttpClient http,
            URI apiBase, String apiVersion, Secret token, Duration timeout) {
        this.database = database;
        this.tenants = tenants;
        this.s3 = s3;
        this.bucket = bucket;
        this.http = http;
        this.apiBase = apiBase;
        this.apiVersion = apiVersion;
        this.token = token;
        this.timeout = timeout;
    }

    /** How one item ended. */
    enum Outcome { STORED, REJECTED, FAILED, ALREADY_DONE, NO_MESSAGE }

    /** A transient failure: the notification should be delivered again. */
    static final class MediaUnavailable extends RuntimeException {
        MediaUnavailable(String reason) {
            super(reason, null, false, false);
        }
    }

    private record Owner(Tenant tenant, UUID messageId, Optional<String> status) {}

    Outcome store(InboundMedia media) {
        Optional<Owner> owner = owner(media.wamid());
        if (owner.isEmpty()) {
            return Outcome.NO_MESSAGE;
        }
        Owner row = owner.get();
        if (row.status().filter(status -> !status.equals("failed")).isPresent()) {
            return Outcome.ALREADY_DONE;
        }
        if (media.declaredMimeType().isPresent() && !media.accepts(media.declaredMimeType().get())) {
            return reject(row, media, media.declaredMimeType().get(), null, "type " + shortened(
                    InboundMedia.essence(media.declaredMimeType().get())) + " is not accepted for " + media.type());
        }
        JsonNode metadata = metadata(row, media);
        if (metadata == null) {
            return Outcome.FAILED;
        }
        String mime = metadata.path("mime_type").asText(media.declaredMimeType().orElse(""));
        long size = metadata.path("file_size").asLong(-1);
        if (!media.accepts(mime)) {
            return reject(row, media, mime, null, "type " + shortened(InboundMedia.essence(mime))
                    + " is not accepted for " + media.type());
        }
        if (size > media.maxBytes()) {
            return reject(row, media, mime, size, "larger than " + media.maxBytes() / 1024 + " KB");
        }
        URI url;
        try {
            url = URI.create(metadata.path("url").asText(""));
        } catch (IllegalArgumentException e) {
            return fail(row, media, "Meta gave no usable download link");
        }
        if (!trusted(url)) {
            return fail(row, media, "the download link is not Meta's");
        }
        byte[] bytes = download(url, media);
        if (bytes == null) {
            return reject(row, media, mime, null, "larger than " + media.maxBytes() / 1024 + " KB");
        }
        String sha256 = sha256(bytes);
        String expected = metadata.path("sha256").asText("");
        if (!expected.isEmpty() && !expected.equalsIgnoreCase(sha256)) {
            throw new MediaUnavailable("downloaded media does not match its SHA-256");
        }
        String key = "media/" + row.tenant().code() + "/" + row.messageId();
        try {
            s3.putObject(request -> request.bucket(bucket).key(key).contentType(InboundMedia.essence(mime))
                    .serverSideEncryption("AES256"), RequestBody.fromBytes(bytes));
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            throw new MediaUnavailable("media not stored: " + e.getClass().getSimpleName());
        }
        write(row, media, "stored", InboundMedia.essence(mime), (long) bytes.length, sha256, key, null);
        log.info("Inbound media stored wamid={} mediaId={} type={} bytes={}", media.wamid(), media.mediaId(),
                media.type(), bytes.length);
        return Outcome.STORED;
    }

    /** The message row of the wamid in whichever tenant stored it, with its media's status so far. */
    private Optional<Owner> owner(String wamid) {
        for (Tenant tenant : tenants.all()) {
            Optional<Owner> found = database.inTransaction(Caller.system(tenant), tx -> tx.fetchOptional(
                            "select m.message_id, d.status from " + tenant.schema() + ".whatsapp_messages m left join "
                                    + tenant.schema() + ".whatsapp_message_media d on d.message_id = m.message_id"
                                    + " where m.whatsapp_message_id = ? and m.is_from_customer", wamid)
                    .map(r -> new Owner(tenant, r.get(0, UUID.class), Optional.ofNullable(r.get(1, String.class)))));
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private JsonNode metadata(Owner row, InboundMedia media) {
        String base = apiBase.toString().replaceAll("/+$", "");
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/" + apiVersion + "/" + media.mediaId()))
                .timeout(timeout).header("Authorization", "Bearer " + token.reveal()).GET().build();
        HttpResponse<InputStream> response = send(request);
        try (InputStream body = response.body()) {
            if (response.statusCode() == 400 || response.statusCode() == 404) {
                fail(row, media, "Meta no longer has this media (HTTP " + response.statusCode() + ")");
                return null;
            }
            if (response.statusCode() != 200) {
                throw new MediaUnavailable("media metadata answered HTTP " + response.statusCode());
            }
            byte[] json = body.readNBytes(MAX_METADATA_BYTES + 1);
            if (json.length > MAX_METADATA_BYTES) {
                fail(row, media, "Meta's media description was too large");
                return null;
            }
            JsonNode node = Json.mapper().readTree(json);
            if (node == null || !node.isObject()) {
                fail(row, media, "Meta's media description was not JSON");
                return null;
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            fail(row, media, "Meta's media description was not JSON");
            return null;
        } catch (IOException e) {
            throw new MediaUnavailable("media metadata could not be read: " + e.getClass().getSimpleName());
        }
    }

    /** The bytes, or null when there are more than the bound. */
    private byte[] download(URI url, InboundMedia media) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Authorization", "Bearer " + token.reveal()).GET().build();
        HttpResponse<InputStream> response = send(request);
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new MediaUnavailable("media download answered HTTP " + response.statusCode());
            }
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > media.maxBytes()) {
                return null;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            int read;
            while ((read = body.read(buffer)) != -1) {
                total += read;
                if (total > media.maxBytes()) {
                    return null;
                }
                bytes.write(buffer, 0, read);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new MediaUnavailable("media download failed: " + e.getClass().getSimpleName());
        }
    }

    private HttpResponse<InputStream> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new MediaUnavailable("the Graph API did not answer: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MediaUnavailable("interrupted");
        }
    }

    /** Meta's download hosts over HTTPS, or the configured Graph API's own scheme and host (a local stand-in). */
    boolean trusted(URI url) {
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        if (host.isEmpty() || url.getUserInfo() != null) {
            return false;
        }
        if (host.equalsIgnoreCase(apiBase.getHost()) && String.valueOf(url.getScheme()).equals(apiBase.getScheme())
                && url.getPort() == apiBase.getPort()) {
            return true;
        }
        return "https".equals(url.getScheme()) && META_HOST_SUFFIXES.stream().anyMatch(host::endsWith);
    }

    private Outcome reject(Owner row, InboundMedia media, String mime, Long size, String reason) {
        write(row, media, "rejected", shortened(InboundMedia.essence(mime)), size, null, null, reason);
        log.warn("Inbound media refused wamid={} mediaId={} reason={}", media.wamid(), media.mediaId(), reason);
        return Outcome.REJECTED;
    }

    private Outcome fail(Owner row, InboundMedia media, String reason) {
        write(row, media, "failed", media.declaredMimeType().map(InboundMedia::essence).map(InboundMediaStore::shortened)
                .orElse(null), null, null, null, reason);
        log.warn("Inbound media not fetched wamid={} mediaId={} reason={}", media.wamid(), media.mediaId(), reason);
        return Outcome.FAILED;
    }

    private void write(Owner row, InboundMedia media, String status, String mime, Long size, String sha256, String key,
            String reason) {
        String s = row.tenant().schema();
        database.inTransaction(Caller.system(row.tenant()), tx -> tx.execute("insert into " + s
                + ".whatsapp_message_media as d (message_id, media_id, status, mime_type, size_bytes, sha256, s3_key,"
                + " reason) values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (message_id) do update set status ="
                + " excluded.status, mime_type = excluded.mime_type, size_bytes = excluded.size_bytes, sha256 ="
                + " excluded.sha256, s3_key = excluded.s3_key, reason = excluded.reason where d.status = 'failed'",
                row.messageId(), media.mediaId(), status, mime, size, sha256, key, reason));
    }

    private static String shortened(String text) {
        return text == null ? null : text.length() > 100 ? text.substring(0, 100) : text;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
