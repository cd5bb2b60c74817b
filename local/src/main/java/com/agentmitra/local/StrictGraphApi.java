package com.agentmitra.local;

import com.agentmitra.lambda.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A strict fake of the Graph API's {@code POST /{version}/{phone-number-id}/messages} for the sender benchmark
 * ({@link WhatsappBench}), which {@code local/run}'s sender is pointed at with {@code WHATSAPP_API_BASE_URL}. Strict
 * as Meta is at its limits, and stricter where Meta tolerates bursts: every request counts toward a
 * messages-per-second limit over any sliding second (refused ones too; 130429 beyond it), and a second message to
 * one recipient within 6 s is refused (131056). Faults on request: a share of accepted messages whose answer is lost
 * (the message is accepted and the connection closed without an answer, as when a network drops it), and a share of
 * requests answered 503 with a retryable Graph error (131000, not accepted). It records every request's outcome by
 * our {@code biz_opaque_callback_data}, so the benchmark can count duplicates and losses. Bounds: bodies over 64 KiB
 * are refused with 413.
 */
final class StrictGraphApi implements AutoCloseable {

    static final int PORT = 9494;
    private static final int MAX_BODY = 64 * 1024;
    private static final long SECOND = 1_000_000_000L;
    private static final long PAIR_SPACING = 6 * SECOND;

    /** One message Meta accepted: its wamid, when, and whether its answer was lost. */
    record Accepted(String reference, String wamid, long atNanos, boolean answerLost) {}

    private final HttpServer server;
    private final Deque<Long> window = new ArrayDeque<>();
    private final Map<String, Long> lastAcceptedTo = new HashMap<>();
    private final List<Accepted> accepted = new ArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    /** wamids are unique in the kept local database across runs of the benchmark, as Meta's are everywhere. */
    private final String instance = Long.toString(System.currentTimeMillis(), 36).toUpperCase(java.util.Locale.ROOT);
    private long requests;
    private long throttled;
    private long pairRefused;
    private long serverErrors;
    private volatile int limitPerSecond = 80;
    private volatile double lostShare;
    private volatile double errorShare;

    private StrictGraphApi(HttpServer server) {
        this.server = server;
    }

    static StrictGraphApi start(int port) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 200);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the strict Graph API on port " + port, e);
        }
        StrictGraphApi api = new StrictGraphApi(server);
        server.createContext("/", api::handle);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.start();
        return api;
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A fresh run: the limit and the faults, and nothing recorded. */
    synchronized void reset(int perSecond, double lost, double errors) {
        limitPerSecond = perSecond;
        lostShare = lost;
        errorShare = errors;
        window.clear();
        lastAcceptedTo.clear();
        accepted.clear();
        requests = 0;
        throttled = 0;
        pairRefused = 0;
        serverErrors = 0;
    }

    synchronized List<Accepted> accepted() {
        return List.copyOf(accepted);
    }

    synchronized long requests() {
        return requests;
    }

    synchronized long throttled() {
        return throttled;
    }

    synchronized long pairRefused() {
        return pairRefused;
    }

    synchronized long serverErrors() {
        return serverErrors;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw = exchange.getRequestBody().readNBytes(MAX_BODY + 1);
            if (!"POST".equals(exchange.getRequestMethod()) || raw.length > MAX_BODY) {
                answer(exchange, raw.length > MAX_BODY ? 413 : 405, "{}");
                return;
            }
            JsonNode body = Json.mapper().readTree(raw);
            String to = body.path("to").asText("");
            String reference = body.path("biz_opaque_callback_data").asText("");
            long now = System.nanoTime();
            String wamid = null;
            boolean lost = false;
            int status;
            String answer;
            synchronized (this) {
                requests++;
                while (!window.isEmpty() && window.peekFirst() <= now - SECOND) {
                    window.pollFirst();
                }
                window.addLast(now);
                Long last = lastAcceptedTo.get(to);
                if (window.size() > limitPerSecond) {
                    throttled++;
                    status = 400;
                    answer = error(130429, "Rate limit hit");
                } else if (last != null && now - last < PAIR_SPACING) {
                    pairRefused++;
                    status = 400;
                    answer = error(131056, "Pair rate limit hit");
                } else if (ThreadLocalRandom.current().nextDouble() < errorShare) {
                    serverErrors++;
                    status = 503;
                    answer = error(131000, "Something went wrong");
                } else {
                    wamid = "wamid.STRICT" + instance + "." + sequence.incrementAndGet();
                    lost = ThreadLocalRandom.current().nextDouble() < lostShare;
                    lastAcceptedTo.put(to, now);
                    accepted.add(new Accepted(reference, wamid, now, lost));
                    status = 200;
                    answer = "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"" + to + "\",\"wa_id\":\""
                            + to.replace("+", "") + "\"}],\"messages\":[{\"id\":\"" + wamid + "\"}]}";
                }
            }
            if (lost) {
                return; // accepted, and the connection closes without an answer: the sender cannot know
            }
            answer(exchange, status, answer);
        }
    }

    private static String error(int code, String message) {
        return "{\"error\":{\"message\":\"(#" + code + ") " + message + "\",\"type\":\"OAuthException\",\"code\":" + code
                + ",\"error_data\":{\"messaging_product\":\"whatsapp\",\"details\":\"" + message + "\"},"
                + "\"fbtrace_id\":\"StrictFake\"}}";
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] out = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, out.length);
        exchange.getResponseBody().write(out);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
