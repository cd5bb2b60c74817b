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

/** The Graph API over {@link HttpClient}: the token goes only into the Authorization header, never a log. */
final class HttpGraphApi implements GraphApi {

    private final HttpClient client;
    private final URI endpoint;
    private final Secret token;
    private final Duration timeout;

    HttpGraphApi(URI endpoint, Secret token, Duration timeout) {
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).version(HttpClient.Version.HTTP_1_1)
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
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | UnresolvedAddressException e) {
            return new NotSent("connection failed");
        } catch (HttpTimeoutException e) {
            return new Ambiguous("timed out");
        } catch (IOException e) {
            return new Ambiguous("connection lost");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Ambiguous("interrupted");
        }
        return interpret(response.statusCode(), response.body());
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
