package com.agentmitra.whatsapp;

import com.agentmitra.config.Secret;
import com.agentmitra.lambda.Api;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.lambda.ApiRequest;
import com.agentmitra.lambda.ApiResponse;
import com.agentmitra.lambda.BusinessMetrics;
import com.agentmitra.lambda.LambdaContexts;
import com.agentmitra.lambda.Router;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;

/**
 * The {@code whatsappWebhook} entry point, open (Meta signs instead of signing in): GET is the verification
 * handshake, answered with the challenge as plain text; POST is checked against {@code X-Hub-Signature-256} over
 * the exact bytes API Gateway received (base64-decoded when flagged) before anything is parsed or stored, then put
 * on the inbound queue as received and answered 200 at once (spec §5: verify, enqueue, return; Meta's target is a
 * median of 250 ms). {@link InboundFunction} applies it. A notification SQS cannot carry (over 255 KiB, or a
 * character SQS refuses) is applied here, as before the queue existed. If the queue refuses, 503: Meta retries.
 */
final class WebhookFunction implements Api.ApiFunction {

    private static final Logger log = LoggerFactory.getLogger(WebhookFunction.class);

    private final WebhookService service;
    private final InboundQueue queue;
    private final Secret appSecret;
    private final Secret verifyToken;
    private final Clock clock;
    static final String PATH = "/webhooks/whatsapp";

    private final Api api = Api.withoutCallers();
    private final Router router = routes();
    private final Api.ApiFunction routes = router.function();

    WebhookFunction(WebhookService service, InboundQueue queue, Secret appSecret, Secret verifyToken, Clock clock) {
        this.service = service;
        this.queue = queue;
        this.appSecret = appSecret;
        this.verifyToken = verifyToken;
        this.clock = clock;
    }

    @Override
    public APIGatewayProxyResponseEvent apply(Message<APIGatewayProxyRequestEvent> message) {
        return routes.apply(message);
    }

    /** Every route, {@code METHOD resource} (template.yaml declares the same). */
    java.util.List<String> describe() {
        return router.describe();
    }

    /** Both methods of the one path, on the shared router (404 and 405 answered and logged there). */
    private Router routes() {
        return new Router()
                .route("GET", PATH, message -> handshake(message.getPayload()))
                .route("POST", PATH, message -> {
                    byte[] raw = rawBody(message.getPayload());
                    return api.open(request -> receive(request, raw)).apply(message);
                });
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
        String notification = new String(raw, StandardCharsets.UTF_8);
        WebhookPayload payload;
        try {
            // cheap next to the SendMessage, and the consumer never meets a body that is not a notification
            payload = WebhookPayload.parse(notification);
        } catch (IllegalArgumentException e) {
            throw new ApiProblem.InvalidInput("the body is not a WhatsApp notification");
        }
        BusinessMetrics metrics = BusinessMetrics.forInvocation();
        if (SqsInboundQueue.fits(notification)) {
            try {
                queue.put(notification, clock.instant());
            } catch (InboundQueue.NotQueued e) {
                log.error("Notification not queued; answered 503 so Meta retries error={}",
                        e.getCause().getClass().getSimpleName());
                metrics.count(WhatsappMetric.NotificationsNotQueued, "all", 1);
                metrics.flush();
                throw new ApiProblem.ServiceUnavailable("the notification could not be stored; send it again");
            }
            metrics.count(WhatsappMetric.NotificationsQueued, "all", 1);
        } else {
            // rare (Meta's payloads go up to 3 MB): applied here, idempotent like the consumer, and counted
            log.warn("Notification SQS cannot carry, applied inline bytes={}", raw.length);
            InboundFunction.count(metrics, service.receive(payload));
            metrics.count(WhatsappMetric.NotificationsProcessedInline, "all", 1);
        }
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
