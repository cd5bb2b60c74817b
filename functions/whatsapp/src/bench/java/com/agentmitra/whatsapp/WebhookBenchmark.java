package com.agentmitra.whatsapp;

import com.agentmitra.config.Secret;
import com.agentmitra.messaging.WhatsappMessage;
import com.agentmitra.testing.InProcessAws;
import com.agentmitra.testing.TestDatabase;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The webhook's answer time on this machine, warm: N signed notifications (default 5,000; half delivery statuses,
 * half customers' text messages, each with its own wamid) through the real {@link WebhookFunction} (signature check
 * over the raw bytes, parse check, one SendMessage to the in-process SQS through the SDK's HTTP client, the 200),
 * one at a time as a warm Lambda instance takes them, after 1,000 not counted. Prints p50, p90, p99 and the worst,
 * and fails (exit 1) if p50 is over 250 ms or p99 over 1 s (Meta's target, spec §5, which also covers the network
 * and API Gateway), an answer was not 200, or the queue does not hold every notification.
 *
 * <p>Run: see functions/whatsapp/README.md, "Benchmark".
 */
public final class WebhookBenchmark {

    private static final String APP_SECRET = "bench-app-secret";
    private static final int WARM_UP = 1_000;

    private WebhookBenchmark() {}

    public static void main(String[] args) throws Exception {
        int notifications = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        PrintStream report = System.out;
        // the webhook prints one metrics line per invocation on stdout, as in Lambda: not part of the report
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        int exit;
        try {
            TestDatabase db = TestDatabase.get();
            SqsClient sqs = InProcessAws.shared().sqs();
            String queueUrl = sqs.createQueue(r -> r.queueName("whatsapp-inbound-bench-" + UUID.randomUUID()))
                    .queueUrl();
            WhatsappConfig config = new WhatsappConfig(URI.create("http://127.0.0.1:9"), "v25.0", "pn",
                    Secret.of("token"), Secret.of(APP_SECRET), Secret.of("verify"), 78, Duration.ofSeconds(30),
                    Duration.ofSeconds(120), Duration.ofMinutes(10), Duration.ofSeconds(2), Optional.empty(),
                    Optional.of(queueUrl));
            List<WhatsappMessage> confirmations = new CopyOnWriteArrayList<>();
            // the service is only reached by a notification too large for SQS: none here
            WebhookService service = WebhookWiring.service(db.database(), db.tenants(), confirmations::add,
                    Clock.systemUTC());
            WebhookFunction webhook = WebhookWiring.webhook(config, service, new SqsInboundQueue(sqs, queueUrl),
                    Clock.systemUTC());

            List<Message<APIGatewayProxyRequestEvent>> requests = new ArrayList<>();
            long bytes = 0;
            for (int i = 0; i < WARM_UP + notifications; i++) {
                String body = i % 2 == 0 ? status(i) : inbound(i);
                bytes += body.length();
                String signature = "sha256=" + WebhookSignature.sign(body.getBytes(StandardCharsets.UTF_8),
                        Secret.of(APP_SECRET));
                requests.add(MessageBuilder.withPayload(new APIGatewayProxyRequestEvent().withHttpMethod("POST")
                        .withPath("/webhooks/whatsapp").withBody(body).withIsBase64Encoded(false)
                        .withHeaders(Map.of("Content-Type", "application/json", "User-Agent", "facebookexternalua",
                                "X-Hub-Signature-256", signature))).build());
            }

            long[] nanos = new long[notifications];
            int refused = 0;
            long started = System.nanoTime();
            for (int i = 0; i < requests.size(); i++) {
                long before = System.nanoTime();
                int status = webhook.apply(requests.get(i)).getStatusCode();
                long took = System.nanoTime() - before;
                refused += status == 200 ? 0 : 1;
                if (i >= WARM_UP) {
                    nanos[i - WARM_UP] = took;
                }
            }
            double wall = (System.nanoTime() - started) / 1e9;
            int queued = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes().values().stream()
                    .mapToInt(Integer::parseInt).sum();

            Arrays.sort(nanos);
            double p50 = millis(nanos, 0.50);
            double p90 = millis(nanos, 0.90);
            double p99 = millis(nanos, 0.99);
            double worst = nanos[nanos.length - 1] / 1e6;
            report.printf("%,d signed notifications (average %d bytes; %,d more before, not counted), one at a time%n",
                    notifications, bytes / requests.size(), WARM_UP);
            report.printf("webhook answer (verify + parse check + SendMessage + 200): p50 %.2f ms, p90 %.2f ms, "
                    + "p99 %.2f ms, worst %.2f ms%n", p50, p90, p99, worst);
            report.printf("%,d answered in %.1f s; not 200: %d; on the queue: %,d of %,d%n", requests.size(), wall,
                    refused, queued, requests.size());
            boolean met = p50 <= 250 && p99 <= 1_000 && refused == 0 && queued == requests.size()
                    && confirmations.isEmpty();
            report.println(met ? "targets met" : "TARGETS MISSED");
            exit = met ? 0 : 1;
        } finally {
            System.setOut(report);
        }
        System.exit(exit);
    }

    private static double millis(long[] sorted, double quantile) {
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    /** A delivery status as Meta sends it (pricing included), for a plainly fake wamid. */
    private static String status(int i) {
        return """
                {"object":"whatsapp_business_account","entry":[{"id":"100000000000002","changes":[{"field":"messages",\
                "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"919000000000",\
                "phone_number_id":"100000000000001"},"statuses":[{"id":"wamid.BENCH%012d","status":"delivered",\
                "timestamp":"%d","recipient_id":"9190000%05d","biz_opaque_callback_data":"LIC:%s",\
                "pricing":{"billable":true,"pricing_model":"PMP","type":"regular","category":"utility"}}]}}]}]}"""
                .formatted(i, Instant.now().getEpochSecond(), i % 100_000, UUID.randomUUID());
    }

    /** A customer's text message as Meta sends it. */
    private static String inbound(int i) {
        return """
                {"object":"whatsapp_business_account","entry":[{"id":"100000000000002","changes":[{"field":"messages",\
                "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"919000000000",\
                "phone_number_id":"100000000000001"},"contacts":[{"profile":{"name":"Test Customer"},\
                "wa_id":"9190000%05d"}],"messages":[{"from":"9190000%05d","id":"wamid.BENCHIN%012d",\
                "timestamp":"%d","type":"text","text":{"body":"Is my premium for policy TEST-%d paid? Please call me."}}]}}]}]}"""
                .formatted(i % 100_000, i % 100_000, i, Instant.now().getEpochSecond(), i);
    }
}
