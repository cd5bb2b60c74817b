package com.agentmitra.imports;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an upload goes: {@code imports/{tenant}/{agentId}/{importId}/{fileName}}. The key names the job, so the
 * S3 event alone leads back to it; the file name is reduced to safe characters.
 */
record ImportKey(String tenantCode, UUID agentId, UUID importId, String fileName) {

    static final String PREFIX = "imports/";
    private static final Pattern SHAPE = Pattern.compile(
            "imports/([A-Za-z0-9_]{1,50})/([0-9a-f-]{36})/([0-9a-f-]{36})/([^/]{1,200})");

    ImportKey {
        Objects.requireNonNull(tenantCode, "tenantCode");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(importId, "importId");
        Objects.requireNonNull(fileName, "fileName");
    }

    String key() {
        return PREFIX + tenantCode + "/" + agentId + "/" + importId + "/" + fileName;
    }

    /** Where the error report of this import goes (outside {@code imports/}, so it triggers nothing). */
    String reportKey() {
        return "error-reports/" + tenantCode + "/" + agentId + "/" + importId + "/rejected-rows.xlsx";
    }

    /** A key as an S3 event carries it: URL-encoded, spaces as {@code +}. */
    static Optional<ImportKey> fromEvent(String encodedKey) {
        return parse(URLDecoder.decode(encodedKey, StandardCharsets.UTF_8));
    }

    static Optional<ImportKey> parse(String key) {
        Matcher m = SHAPE.matcher(key);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ImportKey(m.group(1), UUID.fromString(m.group(2)), UUID.fromString(m.group(3)),
                    m.group(4)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Letters, digits, dot, dash, underscore and space survive; anything else becomes {@code _}. */
    static String safeFileName(String name) {
        String base = name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).strip();
        String safe = base.replaceAll("[^\\p{L}\\p{N}._ -]", "_");
        return safe.length() > 120 ? safe.substring(safe.length() - 120) : safe;
    }

    static boolean supported(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        return name.endsWith(".xlsx") || name.endsWith(".xls") || name.endsWith(".csv");
    }
}
