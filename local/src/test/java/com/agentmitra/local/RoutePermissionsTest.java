package com.agentmitra.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.lambda.RoutePermissions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every route is covered by a permission (issue 19): each Api event of {@code template.yaml} has exactly one line in
 * shared/lambda's {@code route-permissions.txt}, nothing else does, routes without the authorizer are {@code public}
 * and only they, and every permission named is one the tenant migrations seed.
 */
class RoutePermissionsTest {

    private static final Pattern PERMISSIONS_INSERT = Pattern.compile(
            "INSERT INTO \\$\\{tenant_schema}\\.permissions\\b(.*?);", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern PERMISSION_ROW = Pattern.compile("\\(\\s*'([a-z_]+:[a-z_]+)'");

    private final SamTemplate template = SamTemplate.read(Path.of("..", "template.yaml"));
    private final Map<String, String> permissions = RoutePermissions.get().all();

    /** {@code "METHOD /path"} of every Api event, and whether it runs without the authorizer. */
    private Map<String, Boolean> apiEvents() {
        Map<String, Boolean> routes = new LinkedHashMap<>();
        for (SamTemplate.Function function : template.functions()) {
            for (SamTemplate.Event event : function.eventsOfType("Api")) {
                String route = String.valueOf(event.properties().get("Method")).toUpperCase(Locale.ROOT) + " "
                        + event.properties().get("Path");
                boolean open = "NONE".equals(String.valueOf(
                        SamTemplate.map(event.properties().get("Auth")).get("Authorizer")));
                assertThat(routes.put(route, open)).as(route + " is an event of two functions").isNull();
            }
        }
        return routes;
    }

    @Test
    void everyApiRouteHasExactlyOnePermissionAndEveryLineIsARoute() {
        Map<String, Boolean> events = apiEvents();

        assertThat(events).hasSizeGreaterThan(100);
        assertThat(permissions.keySet()).as("routes of route-permissions.txt")
                .containsExactlyInAnyOrderElementsOf(events.keySet());
    }

    @Test
    void routesWithoutTheAuthorizerArePublicAndOnlyThey() {
        apiEvents().forEach((route, open) -> assertThat(permissions.get(route).equals(RoutePermissions.PUBLIC))
                .as(route + (open ? " runs without the authorizer" : " runs behind the authorizer")).isEqualTo(open));
    }

    @Test
    void everyPermissionNamedIsSeededByTheTenantMigrations() {
        Set<String> seeded = seededPermissions();
        assertThat(seeded).contains("policy:read", "role:manage", "audit:read");

        Set<String> named = new TreeSet<>(permissions.values());
        named.remove(RoutePermissions.PUBLIC);
        named.remove(RoutePermissions.SELF);
        assertThat(seeded).containsAll(named);
    }

    /** The permission names the tenant migrations insert into {@code permissions}. */
    static Set<String> seededPermissions() {
        Set<String> seeded = new TreeSet<>();
        for (Path file : tenantMigrations()) {
            Matcher insert = PERMISSIONS_INSERT.matcher(read(file));
            while (insert.find()) {
                Matcher row = PERMISSION_ROW.matcher(insert.group(1));
                while (row.find()) {
                    seeded.add(row.group(1));
                }
            }
        }
        return seeded;
    }

    private static List<Path> tenantMigrations() {
        try (Stream<Path> files = Files.list(Path.of("..", "migrations", "tenant"))) {
            return new ArrayList<>(files.filter(file -> file.getFileName().toString().endsWith(".sql")).sorted()
                    .toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
