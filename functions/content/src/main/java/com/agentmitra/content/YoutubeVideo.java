package com.agentmitra.content;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A YouTube video as an agent pastes it: {@code https://www.youtube.com/watch?v=ID}, {@code https://youtu.be/ID},
 * {@code .../embed/ID}, {@code .../shorts/ID} (also m., music. and youtube-nocookie.com hosts). Only the 11-character
 * id is kept; the player address is derived from it, so nothing the caller typed reaches a customer's screen.
 */
record YoutubeVideo(String id) {

    static final int MAX_URL = 300;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{11}");
    private static final Set<String> WATCH_HOSTS = Set.of("youtube.com", "www.youtube.com", "m.youtube.com",
            "music.youtube.com", "youtube-nocookie.com", "www.youtube-nocookie.com");

    YoutubeVideo {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a YouTube video id");
        }
    }

    /** The embeddable player address (privacy-enhanced mode: no cookies until the customer plays it). */
    String embedUrl() {
        return "https://www.youtube-nocookie.com/embed/" + id;
    }

    static Optional<YoutubeVideo> parse(String url) {
        if (url == null || url.isBlank() || url.length() > MAX_URL) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getUserInfo() != null
                || (uri.getPort() != -1 && uri.getPort() != 443 && uri.getPort() != 80)) {
            return Optional.empty();
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        String candidate = null;
        if (host.equals("youtu.be")) {
            candidate = segment(path, 1);
            if (segment(path, 2) != null) {
                return Optional.empty();
            }
        } else if (WATCH_HOSTS.contains(host)) {
            if (path.equals("/watch")) {
                candidate = queryValue(uri.getRawQuery(), "v");
            } else if (path.startsWith("/embed/") || path.startsWith("/shorts/") || path.startsWith("/live/")
                    || path.startsWith("/v/")) {
                candidate = segment(path, 2);
                if (segment(path, 3) != null) {
                    return Optional.empty();
                }
            }
        }
        if (candidate == null || !ID.matcher(candidate).matches()) {
            return Optional.empty();
        }
        return Optional.of(new YoutubeVideo(candidate));
    }

    private static String segment(String path, int index) {
        String[] parts = path.split("/", -1);
        if (parts.length <= index || parts[index].isEmpty()) {
            return null;
        }
        return parts[index];
    }

    private static String queryValue(String query, String name) {
        if (query == null) {
            return null;
        }
        String found = null;
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                if (found != null) {
                    return null;
                }
                found = pair.substring(eq + 1);
            }
        }
        return found;
    }
}
