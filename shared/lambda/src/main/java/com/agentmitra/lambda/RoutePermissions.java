package com.agentmitra.lambda;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which permission each API route needs, in one place: {@code route-permissions.txt} next to this class, one
 * {@code METHOD /path/{param} permission} a line, where the permission is {@link #PUBLIC} (no sign-in), {@link #SELF}
 * (every signed-in person) or a {@code resource:action} name the tenant migrations seed. local/src/test
 * {@code RoutePermissionsTest} keeps it equal to the Api events of {@code template.yaml}.
 */
public final class RoutePermissions {

    /** No sign-in: health, sign-in, the JWKS, webhooks a partner signs. */
    public static final String PUBLIC = "public";
    /** Every signed-in person, whatever their roles hold (their own sessions, password, two-factor sign-in). */
    public static final String SELF = "self";

    static final String RESOURCE = "route-permissions.txt";
    private static final Pattern METHOD = Pattern.compile("GET|POST|PUT|PATCH|DELETE");
    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9_.{}/+-]*");
    private static final Pattern PERMISSION = Pattern.compile("[a-z][a-z_]*:[a-z][a-z_]*");

    private static final RoutePermissions DEFAULT = load();

    private final Map<String, String> byRoute;

    private RoutePermissions(Map<String, String> byRoute) {
        this.byRoute = Collections.unmodifiableMap(byRoute);
    }

    /** The map shipped with this library. */
    public static RoutePermissions get() {
        return DEFAULT;
    }

    /** Every route, {@code "METHOD /path"}, and its permission, in file order. */
    public Map<String, String> all() {
        return byRoute;
    }

    /** The permission of {@code METHOD resource} (the path template API Gateway names), empty for an unmapped one. */
    public Optional<String> of(String method, String resource) {
        if (method == null || resource == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(byRoute.get(method.toUpperCase(Locale.ROOT) + " " + resource));
    }

    static RoutePermissions load() {
        try (InputStream in = RoutePermissions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RoutePermissions parse(BufferedReader reader) throws IOException {
        Map<String, String> routes = new LinkedHashMap<>();
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            String[] parts = text.split("\\s+");
            if (parts.length != 3 || !METHOD.matcher(parts[0]).matches() || !PATH.matcher(parts[1]).matches()
                    || !(parts[2].equals(PUBLIC) || parts[2].equals(SELF) || PERMISSION.matcher(parts[2]).matches())) {
                throw new IllegalStateException(RESOURCE + " line " + number + ": not \"METHOD /path permission\": "
                        + text);
            }
            if (routes.putIfAbsent(parts[0] + " " + parts[1], parts[2]) != null) {
                throw new IllegalStateException(RESOURCE + " line " + number + ": route listed twice: " + parts[0]
                        + " " + parts[1]);
            }
        }
        return new RoutePermissions(routes);
    }
}
