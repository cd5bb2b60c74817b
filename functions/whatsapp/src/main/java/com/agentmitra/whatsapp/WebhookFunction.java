package com.agentmitra.whatsapp;

import com.agentmitra.config.Secret;
import com.agentmitra.lambda.Api;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.lambda.ApiRequest;
import com.agentmitra.lambda.ApiResponse;
import com.agentmitra.lambda.BusinessMetrics;
import com.agentmitra.lambda.LambdaContexts;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;

/**
 * The {@code whatsappWebhook} entry point, open (Meta signs instead of signing in): GET is the verification
 * handshake, answered with the challenge as plain text; POST is checked against {@code X-Hub-Signature-256} over
 * the exact bytes API Gateway received (base64-decoded when flagged) before anything is parsed or stored.
 */
final class WebhookFunction implements Api.ApiFunction {

    private static final Logger log = LoggerFactory.getLogger(WebhookFunction.class);

    private final WebhookService service;
    private final Secret appSecret;
    private final Secret verifyToken;
    private final Api api = Api.withoutCallers();

    WebhookFunction(WebhookService service, Secret appSecret, Secret verifyToken) {
        this.service = service;
        this.appSecret = appSecret;
        this.verifyToken = verifyToken;
    }

    @Override
    public APIGatewayProxyResponseEvent apply(Message<APIGatewayProxyRequestEvent> message) {
        APIGatewayProxyRequestEvent event = message.getPayload();
        if (event != null && "GET".equalsIgnoreCase(event.getHttpMethod())) {
            return handshake(event);
        }
        byte[] raw = rawBody(event);
        return api.open(request -> receive(request, raw)).apply(message);
    }

    private APIGatewayProxyResponseEvent handshake(APIGatewayProxyRequestEvent event) {
        Map<String, String> query = event.getQueryStringParameters() == null ? Map.of()
                : event.getQueryStringParameters();
        Optional<String> challenge = VerificationHandshake.answer(Optional.ofNullable(query.get("hub.mode")),
                Optional.ofNullable(query.get("hub.verify_token")), Optional.ofNullable(query.get("hub.challenge")),
                verifyToken);
        if (challenge.isEmpty()) {
            log.warn("Webhook verification refused");
            return Api.problem(new ApiProblem.Forbidden("verification token does not match"),
                    LambdaContexts.requestId(Optional.empty()));
        }
        return new APIGatewayProxyResponseEvent().withStatusCode(200).withIsBase64Encoded(false)
                .withHeaders(Map.of("Content-Type", "text/plain", "Cache-Control", "no-store"))
                .withBody(challenge.get());
    }

    private ApiResponse receive(ApiRequest request, byte[] raw) {
        if (!"POST".equals(request.method())) {
            throw new ApiProblem.MethodNotAllowed(request.method());
        }
        if (!WebhookSignature.valid(raw, request.header("X-Hub-Signature-256"), appSecret)) {
            log.warn("Webhook refused: missing or wrong signature");
            BusinessMetrics metrics = BusinessMetrics.forInvocation();
            metrics.count(WhatsappMetric.WebhooksRejected, "all", 1);
            metrics.flush();
            throw new ApiProblem.Unauthorized("signature missing or invalid");
        }
        WebhookPayload payload;
        try {
            payload = WebhookPayload.parse(new String(raw, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new ApiProblem.InvalidInput("the body is not a WhatsApp notification");
        }
        WebhookService.Report report = service.receive(payload);
        BusinessMetrics metrics = BusinessMetrics.forInvocation();
        metrics.count(WhatsappMetric.StatusesApplied, "all", report.statusesApplied());
        metrics.count(WhatsappMetric.StatusesIgnored, "all", report.statusesIgnored());
        metrics.count(WhatsappMetric.InboundStored, "all", report.inboundStored());
        metrics.count(WhatsappMetric.OptOuts, "all", report.optOuts());
        metrics.count(WhatsappMetric.OptIns, "all", report.optIns());
        metrics.count(WhatsappMetric.CallbacksRequested, "all", report.callbacks());
        metrics.flush();
        return ApiResponse.ok(Map.of("received", true));
    }

    static byte[] rawBody(APIGatewayProxyRequestEvent event) {
        if (event == null || event.getBody() == null) {
            return new byte[0];
        }
        if (Boolean.TRUE.equals(event.getIsBase64Encoded())) {
            try {
                return Base64.getDecoder().decode(event.getBody());
            } catch (IllegalArgumentException e) {
                return new byte[0];
            }
        }
        return event.getBody().getBytes(StandardCharsets.UTF_8);
    }
}
