package com.agentmitra.whatsapp;

import com.agentmitra.config.Secret;
import com.agentmitra.lambda.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Graph API over {@link HttpClient}: the token goes only into the Authorization header, never a log. Every call is
 * bounded: {@link #CONNECT_TIMEOUT} to connect, and the request timeout for the whole exchange (sending, waiting,
 * reading the answer), so a server that accepts and then stalls, before or after its headers, costs at most the
 * timeout; an answer larger than {@link #MAX_ANSWER_BYTES} is not read further. Either ends as {@link Ambiguous}:
 * the request may have been taken.
 */
final class HttpGraphApi implements GraphApi {

    /** A connection to graph.facebook.com is set up in well under a second; three is the end of patience. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** The Graph API's answers to a send are a few hundred bytes. */
    static final int MAX_ANSWER_BYTES = 64 * 1024;

    private final HttpClient client;
    private final URI endpoint;
    private final Secret token;
    private final Duration timeout;

    /** {@code timeout}: the whole exchange, from sending the request to the last byte of the answer. */
    HttpGraphApi(URI endpoint, Secret token, Duration timeout) {
        this.client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).version(HttpClient.Version.HTTP_1_1)
                .build();
        this.endpoint = endpoint;
        this.token = token;
        this.timeout = timeout;
    }

    @Override
    public SendResult send(String jsonBody) {
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Authorization", "Bearer " + token.reveal())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody)).build();
        // the request timeout ends with the answer's headers; the deadline covers reading the body too
        CompletableFuture<HttpResponse<String>> exchange = client.sendAsync(request,
                info -> LimitedBody.of(MAX_ANSWER_BYTES));
        HttpResponse<String> response;
        try {
            response = exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return new Ambiguous("timed out");
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return new Ambiguous("interrupted");
        } catch (ExecutionException e) {
            return failed(e.getCause());
        }
        return interpret(response.statusCode(), response.body());
    }

    /**
     * What a failed exchange means: the request never left (connection refused, no address, connect timeout: sending
     * again is safe) or it may have been taken (timeout, reset, an answer too large).
     */
    static SendResult failed(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            switch (cause) {
                case ConnectException c -> {
                    return new NotSent("connection failed");
                }
                case UnresolvedAddressException u -> {
                    return new NotSent("connection failed");
                }
                case java.net.http.HttpConnectTimeoutException t -> {
                    return new NotSent("connection timed out");
                }
                case HttpTimeoutException t -> {
                    return new Ambiguous("timed out");
                }
                case LimitedBody.TooLarge t -> {
                    return new Ambiguous("answer larger than " + MAX_ANSWER_BYTES + " bytes");
                }
                default -> { }
            }
        }
        return new Ambiguous("connection lost");
    }

    /** The answer's body as text, at most {@code limit} bytes: beyond it the exchange is abandoned. */
    static final class LimitedBody implements HttpResponse.BodySubscriber<String> {

        static final class TooLarge extends IOException {
            TooLarge() {
                super("answer too large");
            }
        }

        private final int limit;
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        private final CompletableFuture<String> body = new CompletableFuture<>();
        private java.util.concurrent.Flow.Subscription subscription;

        private LimitedBody(int limit) {
            this.limit = limit;
        }

        static LimitedBody of(int limit) {
            return new LimitedBody(limit);
        }

        @Override
        public java.util.concurrent.CompletionStage<String> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(java.util.List<java.nio.ByteBuffer> buffers) {
            for (java.nio.ByteBuffer buffer : buffers) {
                if (bytes.size() + buffer.remaining() > limit) {
                    subscription.cancel();
                    body.completeExceptionally(new TooLarge());
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable error) {
            body.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toString(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    static SendResult interpret(int status, String body) {
        JsonNode json;
        try {
            json = Json.mapper().readTree(body == null ? "" : body);
        } catch (IOException e) {
            json = null;
        }
        if (status == 200 && json != null) {
            String wamid = json.path("messages").path(0).path("id").asText("");
            if (!wamid.isEmpty()) {
                String waId = json.path("contacts").path(0).path("wa_id").asText(null);
                return new Accepted(wamid, waId);
            }
        }
        if (json != null && json.has("error") && json.path("error").path("code").isInt()) {
            JsonNode error = json.path("error");
            return new Rejected(status, error.path("code").asInt(), error.path("error_data").path("details").asText(""),
                    error.path("fbtrace_id").asText(""));
        }
        if (status >= 500 || status == 200) {
            return new Ambiguous("HTTP " + status + " without a message id");
        }
        return new Rejected(status, -1, "HTTP " + status + " without a Graph error", "");
    }
}
