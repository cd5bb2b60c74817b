package com.agentmitra.reports;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.lambda.Json;
import com.agentmitra.lambda.Violations;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * {@code GET/PUT /me/dashboard}: the caller's portal layout (widgets shown, their layout and chart settings, refresh
 * interval, theme) in {@code dashboard_preferences}, one row per user, only ever their own. GET without a saved row
 * answers the defaults; PUT replaces the whole of it after checking every part and its size.
 */
final class Dashboard {

    static final int MAX_WIDGETS = 40;
    static final int MAX_JSON_CHARS = 16 * 1024;
    static final int MAX_DEPTH = 6;
    private static final Pattern WIDGET = Pattern.compile("[a-z][a-z0-9_]{0,39}");
    private static final Set<String> THEMES = Set.of("light", "dark", "auto");

    /** The body of PUT and the answer of both. */
    record Preferences(List<String> visibleWidgets, JsonNode layout, JsonNode chartPreferences,
            Integer refreshIntervalSeconds, String theme) {}

    static final Preferences DEFAULTS = new Preferences(List.of(), Json.mapper().createObjectNode(),
            Json.mapper().createObjectNode(), 300, "light");

    private final Database database;

    Dashboard(Database database) {
        this.database = database;
    }

    Preferences get(Caller caller) {
        Performance.requireReader(caller);
        return database.inTransaction(caller, tx -> tx.resultQuery("SELECT visible_widgets, layout_config::text AS"
                        + " layout, chart_preferences::text AS charts, refresh_interval, theme FROM "
                        + caller.tenant().schema() + ".dashboard_preferences WHERE user_id = {0}",
                DSL.val(caller.requireUserId())).fetchOptional().map(Dashboard::preferences).orElse(DEFAULTS));
    }

    Preferences put(Caller caller, Preferences body) {
        Performance.requireReader(caller);
        Preferences valid = validated(body);
        return database.inTransaction(caller, tx -> preferences(tx.resultQuery("INSERT INTO "
                        + caller.tenant().schema() + ".dashboard_preferences AS d (user_id, visible_widgets,"
                        + " layout_config, chart_preferences, refresh_interval, theme)"
                        + " VALUES ({0}, {1}, {2}::jsonb, {3}::jsonb, {4}, {5})"
                        + " ON CONFLICT (user_id) DO UPDATE SET visible_widgets = excluded.visible_widgets,"
                        + " layout_config = excluded.layout_config, chart_preferences = excluded.chart_preferences,"
                        + " refresh_interval = excluded.refresh_interval, theme = excluded.theme"
                        + " RETURNING visible_widgets, layout_config::text AS layout, chart_preferences::text AS charts,"
                        + " refresh_interval, theme",
                DSL.val(caller.requireUserId()), DSL.val(valid.visibleWidgets().toArray(String[]::new)),
                DSL.val(Json.write(valid.layout())), DSL.val(Json.write(valid.chartPreferences())),
                DSL.val(valid.refreshIntervalSeconds()), DSL.val(valid.theme())).fetchSingle()));
    }

    static Preferences validated(Preferences body) {
        Violations violations = new Violations();
        List<String> widgets = Optional.ofNullable(body.visibleWidgets()).orElse(List.of());
        if (widgets.size() > MAX_WIDGETS) {
            violations.add("visibleWidgets", "may name at most " + MAX_WIDGETS + " widgets");
        } else {
            Set<String> seen = new HashSet<>();
            for (String widget : widgets) {
                if (widget == null || !WIDGET.matcher(widget).matches()) {
                    violations.add("visibleWidgets", "widget ids are lower-case words of at most 40 characters");
                    break;
                }
                if (!seen.add(widget)) {
                    violations.add("visibleWidgets", "names a widget twice");
                    break;
                }
            }
        }
        JsonNode layout = object(body.layout(), "layout", violations);
        JsonNode charts = object(body.chartPreferences(), "chartPreferences", violations);
        int refresh = Optional.ofNullable(body.refreshIntervalSeconds()).orElse(300);
        if (refresh < 30 || refresh > 3600) {
            violations.add("refreshIntervalSeconds", "must be between 30 and 3600");
        }
        String theme = Optional.ofNullable(body.theme()).orElse("light");
        if (!THEMES.contains(theme)) {
            violations.add("theme", "must be light, dark or auto");
        }
        violations.throwIfAny();
        return new Preferences(widgets, layout, charts, refresh, theme);
    }

    private static JsonNode object(JsonNode node, String field, Violations violations) {
        if (node == null || node.isNull()) {
            return Json.mapper().createObjectNode();
        }
        if (!node.isObject()) {
            violations.add(field, "must be an object");
        } else if (Json.write(node).length() > MAX_JSON_CHARS) {
            violations.add(field, "may be at most " + MAX_JSON_CHARS + " characters of JSON");
        } else if (depth(node) > MAX_DEPTH) {
            violations.add(field, "may nest at most " + MAX_DEPTH + " levels");
        }
        return node;
    }

    private static int depth(JsonNode node) {
        int deepest = 0;
        for (JsonNode child : node) {
            deepest = Math.max(deepest, depth(child));
        }
        return node.isContainerNode() ? deepest + 1 : 0;
    }

    private static Preferences preferences(Record row) {
        try {
            String[] widgets = row.get("visible_widgets", String[].class);
            return new Preferences(widgets == null ? List.of() : List.of(widgets),
                    Json.mapper().readTree(row.get("layout", String.class)),
                    Json.mapper().readTree(row.get("charts", String.class)), row.get("refresh_interval", Integer.class),
                    row.get("theme", String.class));
        } catch (java.io.IOException e) {
            throw new ApiProblem.Other("/problems/internal", "Internal error", 500, "stored preferences unreadable");
        }
    }
}
