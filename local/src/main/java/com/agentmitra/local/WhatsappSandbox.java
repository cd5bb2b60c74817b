package com.agentmitra.local;

import com.agentmitra.lambda.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * The WhatsApp Cloud API as the local stack sees it: a recording sandbox on {@code http://127.0.0.1:9393} that
 * answers {@code POST /{version}/{phone-number-id}/messages} like Meta (200 with a fresh wamid) and sends nothing
 * anywhere. {@code GET /_local/whatsapp/messages} lists every request it received, newest last, with the wamid it
 * answered, so a developer can see what the sender would have sent and sign a status webhook for it. The
 * {@code Authorization} header is recorded only as present or missing. {@code GET /{version}/{waba-id}/message_templates}
 * lists the templates of the local database's {@code shared.whatsapp_templates} as Meta would after approving them all
 * ({@code APPROVED}, quality {@code GREEN}), in two pages joined by a cursor, for the daily template sync
 * ({@code POST /_local/schedules/WhatsappTemplateSyncFunction}).
 */
final class WhatsappSandbox implements AutoCloseable {

    static final int PORT = 9393;
    /** Local-only stand-ins for the values Secrets Manager and the stack parameters give in AWS. */
    static final String PHONE_NUMBER_ID = "100000000000001";
    static final String TOKEN = "local-sandbox-token";
    static final String APP_SECRET = "local-app-secret";
    static final String VERIFY_TOKEN = "local-verify-token";
    static final String BUSINESS_ACCOUNT_ID = "100000000000002";

    private static final Pattern SEND = Pattern.compile("^/[^/]+/[^/]+/messages$");
    private static final Pattern TEMPLATES = Pattern.compile("^/[^/]+/[^/]+/message_templates$");
    /** The cursor of the listing's second page. */
    private static final String SECOND_PAGE = "U0FOREJPWC1QQUdFLTI=";

    private final HttpServer server;
    private final List<Map<String, Object>> recorded = new ArrayList<>();

    private WhatsappSandbox(HttpServer server) {
        this.server = server;
    }

    static WhatsappSandbox start(int port) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the WhatsApp sandbox on port " + port, e);
        }
        WhatsappSandbox sandbox = new WhatsappSandbox(server);
        server.createContext("/", sandbox::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        return sandbox;
    }

    int port() {
        return server.getAddress().getPort();
    }

    static String base(int port) {
        return "http://127.0.0.1:" + port;
    }

    /** What the sender's and webhook's environment get locally instead of stack parameters and secrets. */
    static Map<String, String> environment(int port) {
        return Map.of(
                "WHATSAPP_API_BASE_URL", base(port),
                "WHATSAPP_PHONE_NUMBER_ID", PHONE_NUMBER_ID,
                "WHATSAPP_TOKEN", TOKEN,
                "WHATSAPP_BUSINESS_ACCOUNT_ID", BUSINESS_ACCOUNT_ID,
                "WHATSAPP_APP_SECRET", APP_SECRET,
                "WHATSAPP_VERIFY_TOKEN", VERIFY_TOKEN);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            if (method.equals("GET") && path.equals("/_local/whatsapp/messages")) {
                List<Map<String, Object>> items;
                synchronized (this) {
                    items = List.copyOf(recorded);
                }
                write(exchange, 200, Json.write(Map.of("items", items)));
                return;
            }
            if (method.equals("GET") && TEMPLATES.matcher(path).matches()) {
                boolean authorized = ("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"));
                if (!authorized) {
                    write(exchange, 401, error(190, "Invalid OAuth access token"));
                    return;
                }
                String query = exchange.getRequestURI().getQuery(); // decoded: the cursor may come percent-encoded
                String page;
                try {
                    page = templatesPage(query != null && query.contains("after=" + SECOND_PAGE));
                } catch (java.sql.SQLException e) {
                    write(exchange, 503, error(2, "Service temporarily unavailable (the local database)"));
                    return;
                }
                write(exchange, 200, page);
                return;
            }
            if (!method.equals("POST") || !SEND.matcher(path).matches()) {
                write(exchange, 404, error(100, "Unsupported request - method type: " + method.toLowerCase()));
                return;
            }
            boolean authorized = ("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"));
            if (!authorized) {
                write(exchange, 401, error(190, "Invalid OAuth access token"));
                return;
            }
            JsonNode body;
            try {
                body = Json.mapper().readTree(exchange.getRequestBody().readAllBytes());
            } catch (IOException e) {
                write(exchange, 400, error(100, "Invalid parameter"));
                return;
            }
            String to = body.path("to").asText("");
            String waId = to.startsWith("+") ? to.substring(1) : to;
            String wamid = "wamid.LOCAL" + UUID.randomUUID().toString().replace("-", "").toUpperCase();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("wamid", wamid);
            entry.put("receivedAt", Instant.now().toString());
            entry.put("path", path);
            entry.put("authorization", "Bearer ***");
            entry.put("request", body);
            synchronized (this) {
                recorded.add(entry);
            }
            write(exchange, 200, Json.write(Map.of("messaging_product", "whatsapp",
                    "contacts", List.of(Map.of("input", to, "wa_id", waId)),
                    "messages", List.of(Map.of("id", wamid)))));
        }
    }

    /**
     * One page of the template listing: the first or second half of the local database's templates, each
     * {@code APPROVED} with quality {@code GREEN}; the first page names the second.
     */
    private static String templatesPage(boolean second) throws java.sql.SQLException {
        List<Map<String, Object>> templates = new ArrayList<>();
        try (java.sql.Connection connection = LocalServices.ownerDataSource().getConnection();
                java.sql.ResultSet rows = connection.createStatement().executeQuery("select template_name, language,"
                        + " category from shared.whatsapp_templates order by template_name, language")) {
            while (rows.next()) {
                templates.add(Map.of("name", rows.getString(1), "language", rows.getString(2),
                        "category", rows.getString(3), "status", "APPROVED",
                        "quality_score", Map.of("score", "GREEN"), "id", Integer.toString(templates.size() + 1)));
            }
        }
        int half = (templates.size() + 1) / 2;
        Map<String, Object> page = new LinkedHashMap<>();
        if (second) {
            page.put("data", templates.subList(half, templates.size()));
            page.put("paging", Map.of("cursors", Map.of("before", SECOND_PAGE)));
        } else {
            page.put("data", templates.subList(0, half));
            page.put("paging", Map.of("cursors", Map.of("after", SECOND_PAGE),
                    "next", base(PORT) + "/v25.0/" + BUSINESS_ACCOUNT_ID + "/message_templates?after=" + SECOND_PAGE));
        }
        return Json.write(page);
    }

    private static String error(int code, String title) {
        return Json.write(Map.of("error", Map.of("message", "(#" + code + ") " + title, "type", "OAuthException",
                "code", code, "fbtrace_id", "LocalSandbox")));
    }

    private static void write(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
