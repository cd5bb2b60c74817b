package com.agentmitra.whatsapp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A stand-in for the Business Management API's {@code GET /{version}/{waba-id}/message_templates} on 127.0.0.1 (any
 * free port): records every request (path, query, Authorization header) and answers what the test's script says for
 * it, the {@code after} cursor of the request deciding the page.
 */
final class FakeTemplateList implements AutoCloseable {

    record Request(String path, Map<String, String> query, String authorization) {
        String after() {
            return query.getOrDefault("after", "");
        }
    }

    /** {@code stallMillis}: how long to wait after the headers before the body (a stalled answer). */
    record Answer(int status, byte[] body, long stallMillis) {
        static Answer ok(String json) {
            return new Answer(200, json.getBytes(StandardCharsets.UTF_8), 0);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();
    private volatile Function<Request, Answer> script = request -> Answer.ok("{\"data\":[]}");

    FakeTemplateList() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    FakeTemplateList answering(Function<Request, Answer> script) {
        this.script = script;
        return this;
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** A page: its items (JSON objects) and, if {@code after} is not null, a next page at that cursor. */
    static String page(String after, String... items) {
        String paging = after == null ? "{\"cursors\":{\"before\":\"QkVGT1JF\",\"after\":\"QUZURVI\"}}"
                : "{\"cursors\":{\"before\":\"QkVGT1JF\",\"after\":\"" + after + "\"},\"next\":"
                        + "\"https://graph.facebook.com/v25.0/123/message_templates?limit=100&after=" + after + "\"}";
        return "{\"data\":[" + String.join(",", items) + "],\"paging\":" + paging + "}";
    }

    /** One template as Meta lists it; {@code quality} and {@code rejectedReason} may be null. */
    static String template(String name, String language, String status, String category, String quality,
            String rejectedReason) {
        return "{\"name\":\"" + name + "\",\"language\":\"" + language + "\",\"status\":\"" + status
                + "\",\"category\":\"" + category + "\""
                + (quality == null ? "" : ",\"quality_score\":{\"score\":\"" + quality + "\",\"date\":1800000000}")
                + (rejectedReason == null ? "" : ",\"rejected_reason\":\"" + rejectedReason + "\"")
                + ",\"id\":\"" + Math.abs(name.hashCode()) + "\"}";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> query = new LinkedHashMap<>();
            String raw = exchange.getRequestURI().getRawQuery();
            if (raw != null) {
                for (String pair : raw.split("&")) {
                    int eq = pair.indexOf('=');
                    query.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            Request request = new Request(exchange.getRequestURI().getPath(), query,
                    exchange.getRequestHeaders().getFirst("Authorization"));
            synchronized (this) {
                requests.add(request);
            }
            Answer answer = script.apply(request);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), answer.body().length);
            if (answer.stallMillis() > 0) {
                exchange.getResponseBody().flush();
                try {
                    Thread.sleep(answer.stallMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.getResponseBody().write(answer.body());
        } catch (IOException e) {
            // the client gave up (a bound it keeps): nothing to answer
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
