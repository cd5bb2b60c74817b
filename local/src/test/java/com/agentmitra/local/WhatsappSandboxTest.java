package com.agentmitra.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.lambda.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WhatsappSandboxTest {

    private final WhatsappSandbox sandbox = WhatsappSandbox.start(0);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private HttpResponse<String> send(String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(WhatsappSandbox.base(sandbox.port())
                        + "/v25.0/" + WhatsappSandbox.PHONE_NUMBER_ID + "/messages"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"messaging_product\":\"whatsapp\",\"to\":\"+919000000001\","
                        + "\"type\":\"text\",\"text\":{\"body\":\"Your callback is booked for 4 pm.\"}}"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode recorded() throws Exception {
        return Json.mapper().readTree(http.send(HttpRequest.newBuilder(URI.create(WhatsappSandbox.base(sandbox.port())
                + "/_local/whatsapp/messages")).build(), HttpResponse.BodyHandlers.ofString()).body()).path("items");
    }

    @Test
    void answersLikeTheGraphApiAndRecordsWhatWasSentWithoutTheToken() throws Exception {
        HttpResponse<String> response = send(WhatsappSandbox.TOKEN);

        JsonNode answer = Json.mapper().readTree(response.body());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(answer.path("contacts").path(0).path("wa_id").asText()).isEqualTo("919000000001");
        JsonNode items = recorded();
        assertThat(items).hasSize(1);
        assertThat(items.path(0).path("wamid").asText()).isEqualTo(answer.path("messages").path(0).path("id").asText());
        assertThat(items.path(0).path("request").path("text").path("body").asText())
                .isEqualTo("Your callback is booked for 4 pm.");
        assertThat(items.toString()).doesNotContain(WhatsappSandbox.TOKEN);
    }

    @Test
    void aRequestWithoutTheTokenIsRefusedWithCode190AndNotRecorded() throws Exception {
        HttpResponse<String> response = send(null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(Json.mapper().readTree(response.body()).path("error").path("code").asInt()).isEqualTo(190);
        assertThat(recorded()).isEmpty();
    }
}
