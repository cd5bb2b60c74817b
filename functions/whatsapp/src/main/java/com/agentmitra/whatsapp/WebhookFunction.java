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
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
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
 * median of 250 ms). {@link InboundFunction} applies it. Bodies up to Meta's 3 MB are taken (larger: 413, before
 * the signature check); a notification SQS cannot carry as it is (over 255 KiB, or a character SQS refuses) is
 * queued in pieces ({@link NotificationSplit}). If the queue refuses, 503: Meta retries.
 */
final class WebhookFunction implements Api.ApiFunction {

    private static final Logger log = LoggerFactory.getLogger(WebhookFunction.class);
    /**
     * Meta's notifications reach 3 MB (spec §5); a larger body is refused (413) before its signature is checked or
     * anything is parsed. API Gateway's own limit is 10 MB.
     */
    static final int MAX_NOTIFICATION_BYTES = 3 * 1024 * 1024;
    /** Room left in each piece of a split notification for the queue message's attributes beyond the 1 KiB kept. */
    private static final int PIECE_MARGIN_BYTES = 4 * 1024;

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

    /**
     * Both methods of the one path, on the shared router (404 and 405 answered and logged there). POST takes bodies
     * up to Meta's {@link #MAX_NOTIFICATION_BYTES} (the shared reader refuses one byte more, 413, before the handler
     * runs); the signature is checked over the exact bytes received, not the text the reader made of them.
     */
    private Router routes() {
        return new Router()
                .route("GET", PATH, message -> handshake(message.getPayload()))
                .route("POST", PATH, api.open(MAX_NOTIFICATION_BYTES, this::receive));
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

    private ApiResponse receive(ApiRequest request) {
        byte[] raw = request.bodyBytes();
        if (!WebhookSignature.valid(raw, request.header("X-Hub-Signature-256"), appSecret)) {
            log.warn("Webhook refused: missing or wrong signature");
            request.metrics().count(WhatsappMetric.WebhooksRejected, "all", 1);
            throw new ApiProblem.Unauthorized("signature missing or invalid");
        }
        String notification = new String(raw, StandardCharsets.UTF_8);
        JsonNode tree;
        try {
            // cheap next to the SendMessage, and the consumer never meets a body that is not a notification
            tree = WebhookPayload.tree(notification);
        } catch (IllegalArgumentException e) {
            throw new ApiProblem.InvalidInput("the body is not a WhatsApp notification");
        }
        BusinessMetrics metrics = request.metrics();
        try {
            if (SqsInboundQueue.fits(notification)) {
                queue.put(notification, clock.instant());
                metrics.count(WhatsappMetric.NotificationsQueued, "all", 1);
            } else {
                split(tree, raw.length, metrics);
            }
        } catch (InboundQueue.NotQueued e) {
            log.error("Notification not queued; answered 503 so Meta retries error={}",
                    e.getCause().getClass().getSimpleName());
            metrics.count(WhatsappMetric.NotificationsNotQueued, "all", 1);
            throw new ApiProblem.ServiceUnavailable("the notification could not be stored; send it again");
        }
        return ApiResponse.ok(Map.of("received", true));
    }

    /**
     * A notification SQS cannot carry as it is (Meta's go up to 3 MB, SQS takes 256 KiB): cut into notifications
     * that fit ({@link NotificationSplit}), each queued like any other, so the answer stays quick however many items
     * it holds. A piece that still does not fit (one item over the limit, a character SQS refuses) is applied here,
     * idempotent like the consumer. If a piece cannot be queued the answer is 503 and Meta sends the whole again:
     * pieces queued before are applied twice, which changes nothing.
     */
    private void split(JsonNode tree, int bytes, BusinessMetrics metrics) {
        List<String> pieces = NotificationSplit.pieces(tree, SqsInboundQueue.MAX_BODY_BYTES - PIECE_MARGIN_BYTES);
        int queued = 0;
        int inline = 0;
        for (String piece : pieces) {
            if (SqsInboundQueue.fits(piece)) {
                queue.put(piece, clock.instant());
                queued++;
            } else {
                InboundFunction.count(metrics, service.receive(WebhookPayload.parse(piece)));
                inline++;
            }
        }
        log.warn("Notification SQS cannot carry, queued in pieces bytes={} pieces={} appliedInline={}", bytes,
                queued, inline);
        metrics.count(WhatsappMetric.NotificationsSplit, "all", 1);
        metrics.count(WhatsappMetric.NotificationsQueued, "all", queued);
        metrics.count(WhatsappMetric.NotificationsProcessedInline, "all", inline);
    }
}
