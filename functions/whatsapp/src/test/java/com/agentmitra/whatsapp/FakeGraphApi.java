package com.agentmitra.whatsapp;

import com.agentmitra.lambda.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the Graph API's {@code /messages} on 127.0.0.1 (any free port): records every request, answers 200
 * with a fresh wamid unless a scripted answer is queued for the recipient, and can enforce a messages-per-second
 * limit the way Meta does (130429 beyond it, counted over any sliding second). Strict about the pair rate (spec §3):
 * a message to a recipient less than 6 s after the last one it accepted for that recipient is refused with 131056
 * (Meta tolerates short bursts; this stand-in does not, so a sender that passes here never leans on them).
 */
final class FakeGraphApi implements AutoCloseable {

    record Request(String authorization, JsonNode body, long atNanos) {
        String to() {
            return body.path("to").asText();
        }
    }

    record Answer(int status, String body) {
        static Answer error(int status, int code) {
            return new Answer(status, "{\"error\":{\"message\":\"(#" + code + ") scripted\",\"type\":\"OAuthException\","
                    + "\"code\":" + code + ",\"error_data\":{\"messaging_product\":\"whatsapp\",\"details\":\"scripted\"},"
                    + "\"fbtrace_id\":\"FbTrace" + code + "\"}}");
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();
    private final Map<String, Deque<Answer>> scripted = new ConcurrentHashMap<>();
    private final Deque<Long> window = new ArrayDeque<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final AtomicInteger throttled = new AtomicInteger();
    private final AtomicInteger pairRefused = new AtomicInteger();
    private final Map<String, Long> lastAccepted = new ConcurrentHashMap<>();
    static final long PAIR_SPACING_NANOS = 6_000_000_000L;
    private volatile int limitPerSecond = Integer.MAX_VALUE;

    FakeGraphApi() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    FakeGraphApi limitedTo(int perSecond) {
        this.limitPerSecond = perSecond;
        return this;
    }

    /** The next request to {@code recipient} gets {@code answer} (queued answers are used in order). */
    FakeGraphApi answer(String recipient, Answer answer) {
        scripted.computeIfAbsent(recipient, r -> new java.util.concurrent.ConcurrentLinkedDeque<>()).add(answer);
        return this;
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    List<Request> requestsTo(String recipient) {
        return requests().stream().filter(r -> r.to().equals(recipient)).toList();
    }

    int throttled() {
        return throttled.get();
    }

    /** Requests refused with 131056: a second message to a recipient within 6 s. */
    int pairRefused() {
        return pairRefused.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] raw = exchange.getRequestBody().readAllBytes();
        long now = System.nanoTime();
        JsonNode body = Json.mapper().readTree(raw);
        Request request = new Request(exchange.getRequestHeaders().getFirst("Authorization"), body, now);
        Answer answer;
        synchronized (this) {
            requests.add(request);
            while (!window.isEmpty() && window.peekFirst() <= now - 1_000_000_000L) {
                window.pollFirst();
            }
            window.addLast(now);
            if (window.size() > limitPerSecond) {
                throttled.incrementAndGet();
                answer = Answer.error(400, 130429);
            } else if (lastAccepted.containsKey(request.to())
                    && now - lastAccepted.get(request.to()) < PAIR_SPACING_NANOS) {
                pairRefused.incrementAndGet();
                answer = Answer.error(400, 131056);
            } else {
                Deque<Answer> queue = scripted.get(request.to());
                Answer next = queue == null ? null : queue.pollFirst();
                answer = next != null ? next : new Answer(200, "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\""
                        + request.to() + "\",\"wa_id\":\"" + request.to().substring(1) + "\"}],\"messages\":[{\"id\":\"wamid.FAKE"
                        + sequence.incrementAndGet() + "." + java.util.UUID.randomUUID() + "\"}]}");
                if (answer.status() == 200 || answer.status() == 0) {
                    lastAccepted.put(request.to(), now); // a dropped answer may still have been accepted
                }
            }
        }
        if (answer.status() == 0) {
            exchange.close(); // a dropped connection after the request arrived: the outcome is unknown to the sender
            return;
        }
        byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            exchange.getResponseBody().write(out);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
