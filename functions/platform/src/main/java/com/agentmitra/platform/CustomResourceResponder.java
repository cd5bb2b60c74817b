package com.agentmitra.platform;

import com.agentmitra.lambda.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answers a CloudFormation custom resource request: one PUT of the result to its presigned {@code ResponseURL}.
 * CloudFormation waits up to an hour for this answer, so it is sent on success and on failure alike.
 */
final class CustomResourceResponder {

    static final String PHYSICAL_RESOURCE_ID = "agent-mitra-database-schema";

    private final HttpClient http;

    CustomResourceResponder(HttpClient http) {
        this.http = http;
    }

    CustomResourceResponder() {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
    }

    void respond(Map<String, Object> request, boolean success, String reason, Map<String, Object> data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Status", success ? "SUCCESS" : "FAILED");
        body.put("Reason", reason);
        body.put("PhysicalResourceId", request.getOrDefault("PhysicalResourceId", PHYSICAL_RESOURCE_ID));
        body.put("StackId", request.get("StackId"));
        body.put("RequestId", request.get("RequestId"));
        body.put("LogicalResourceId", request.get("LogicalResourceId"));
        body.put("NoEcho", false);
        body.put("Data", data);
        HttpRequest put = HttpRequest.newBuilder(URI.create(String.valueOf(request.get("ResponseURL"))))
                .timeout(Duration.ofSeconds(30))
                // the presigned URL is signed without a content type: send none
                .PUT(HttpRequest.BodyPublishers.ofString(Json.write(body)))
                .build();
        try {
            HttpResponse<String> response = http.send(put, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("CloudFormation refused the response: HTTP " + response.statusCode());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach CloudFormation's response URL", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while answering CloudFormation", e);
        }
    }
}
