package com.agentmitra.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentmitra.config.Secret;
import com.agentmitra.data.Tenant;
import com.agentmitra.lambda.local.InProcessFunction;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.InProcessAws;
import com.agentmitra.testing.TestDatabase;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.Record;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Inbound media (issue 16) against a stand-in Graph API on a local port, PostgreSQL and the in-process S3: stored
 * under the tenant's prefix when Meta's type, size and SHA-256 hold; refused before any download when the type or
 * size is wrong; never fetched from a host that is not Meta's; retried (an exception) on server errors.
 */
class InboundMediaIT {

    private static final TestDatabase db = TestDatabase.get();
    private static final InProcessAws aws = InProcessAws.shared();
    private static final String BUCKET = "media-" + UUID.randomUUID().toString().substring(0, 8);
    private static HttpServer graph;
    private static final Map<String, Map<String, Object>> metadata = new ConcurrentHashMap<>();
    private static final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private static final Map<String, Integer> statuses = new ConcurrentHashMap<>();
    private static final AtomicInteger requests = new AtomicInteger();
    private static final List<String> authorizations = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final Fixtures fixtures = new Fixtures(db);
    private InboundMediaStore store;
    private Tenant lic;
    private UUID customer;

    @BeforeAll
    static void startGraph() throws IOException {
        aws.bucket(BUCKET);
        graph = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        graph.createContext("/", exchange -> {
            requests.incrementAndGet();
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            int status = 200;
            if (path.startsWith("/download/")) {
                body = files.getOrDefault(path.substring("/download/".length()), new byte[0]);
            } else {
                String id = path.substring(path.lastIndexOf('/') + 1);
                status = statuses.getOrDefault(id, metadata.containsKey(id) ? 200 : 404);
                body = com.agentmitra.lambda.Json.write(metadata.getOrDefault(id, Map.of()))
                        .getBytes(StandardCharsets.UTF_8);
            }
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        graph.start();
    }

    @AfterAll
    static void stopGraph() {
        graph.stop(0);
    }

    @BeforeEach
    void aCustomerWhoSentSomething() {
        lic = db.lic();
        customer = fixtures.policyholder().of(fixtures.agent().create()).create();
        URI base = URI.create("http://127.0.0.1:" + graph.getAddress().getPort());
        store = new InboundMediaStore(db.database(), db.tenants(), aws.s3(), BUCKET, HttpClient.newHttpClient(), base,
                "v25.0", Secret.of("test-graph-token"), Duration.ofSeconds(5));
        requests.set(0);
        authorizations.clear();
    }

    private String inbound(String type) {
        String wamid = "wamid.media." + UUID.randomUUID();
        db.ownerDsl(lic).execute("insert into " + lic.schema() + ".whatsapp_messages (whatsapp_message_id,"
                + " policyholder_id, agent_id, phone_number, message_type, is_from_customer)"
                + " select ?, policyholder_id, agent_id, phone_number, ?, true from " + lic.schema()
                + ".policyholders where policyholder_id = ?", wamid, type, customer);
        return wamid;
    }

    private static String mediaId() {
        return Long.toString(Math.abs(UUID.randomUUID().getMostSignificantBits()));
    }

    private static String offer(String id, String mime, byte[] bytes, String url) throws Exception {
        files.put(id, bytes);
        metadata.put(id, Map.of("id", id, "mime_type", mime, "file_size", bytes.length,
                "sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
                "url", url != null ? url : "http://127.0.0.1:" + graph.getAddress().getPort() + "/download/" + id,
                "messaging_product", "whatsapp"));
        return id;
    }

    private Record row(String wamid) {
        return db.ownerDsl(lic).fetchSingle("select d.* from " + lic.schema() + ".whatsapp_message_media d join "
                + lic.schema() + ".whatsapp_messages m using (message_id) where m.whatsapp_message_id = ?", wamid);
    }

    @Test
    void anImageIsStoredUnderTheTenantsPrefixWithItsTypeAndHash() throws Exception {
        String wamid = inbound("image");
        byte[] jpeg = "\u00ff\u00d8\u00ff a small jpeg".getBytes(StandardCharsets.ISO_8859_1);
        String id = offer(mediaId(), "image/jpeg", jpeg, null);

        assertThat(store.store(new InboundMedia(wamid, "image", id, Optional.of("image/jpeg"))))
                .isEqualTo(InboundMediaStore.Outcome.STORED);

        Record row = row(wamid);
        assertThat(row.get("status", String.class)).isEqualTo("stored");
        assertThat(row.get("mime_type", String.class)).isEqualTo("image/jpeg");
        assertThat(row.get("size_bytes", Long.class)).isEqualTo(jpeg.length);
        String key = row.get("s3_key", String.class);
        assertThat(key).isEqualTo("media/" + lic.code() + "/" + row.get("message_id", UUID.class));
        var object = aws.s3().getObjectAsBytes(r -> r.bucket(BUCKET).key(key));
        assertThat(object.asByteArray()).isEqualTo(jpeg);
        assertThat(object.response().contentType()).isEqualTo("image/jpeg");
        assertThat(authorizations).containsOnly("Bearer test-graph-token");

        // delivered again (a webhook retry): nothing fetched twice
        int before = requests.get();
        assertThat(store.store(new InboundMedia(wamid, "image", id, Optional.of("image/jpeg"))))
                .isEqualTo(InboundMediaStore.Outcome.ALREADY_DONE);
        assertThat(requests.get()).isEqualTo(before);
    }

    @Test
    void aTypeWhatsappDoesNotAllowIsRefusedBeforeAnyRequest() {
        String wamid = inbound("document");

        assertThat(store.store(new InboundMedia(wamid, "document", mediaId(), Optional.of("application/x-msdownload"))))
                .isEqualTo(InboundMediaStore.Outcome.REJECTED);
        assertThat(requests.get()).isZero();
        assertThat(row(wamid).get("status", String.class)).isEqualTo("rejected");
        assertThat(row(wamid).get("s3_key", String.class)).isNull();
    }

    @Test
    void mediaOverTheBoundIsRefusedWhetherMetaSaysSoOrTheBytesDo() throws Exception {
        String declared = inbound("image");
        String big = offer(mediaId(), "image/jpeg", new byte[6 * 1024 * 1024], null);
        assertThat(store.store(new InboundMedia(declared, "image", big, Optional.of("image/jpeg"))))
                .isEqualTo(InboundMediaStore.Outcome.REJECTED);
        assertThat(requests.get()).isEqualTo(1); // the description only, never the download

        String lying = inbound("sticker");
        String id = offer(mediaId(), "image/webp", new byte[600 * 1024], null);
        Map<String, Object> understated = new java.util.HashMap<>(metadata.get(id));
        understated.put("file_size", 10);
        metadata.put(id, understated);
        assertThat(store.store(new InboundMedia(lying, "sticker", id, Optional.of("image/webp"))))
                .isEqualTo(InboundMediaStore.Outcome.REJECTED);
        assertThat(row(lying).get("reason", String.class)).contains("larger than");
    }

    @Test
    void aDownloadLinkThatIsNotMetasIsNeverFollowed() throws Exception {
        String wamid = inbound("image");
        String id = offer(mediaId(), "image/png", new byte[] {1, 2, 3}, "http://169.254.169.254/latest/meta-data/");

        assertThat(store.store(new InboundMedia(wamid, "image", id, Optional.of("image/png"))))
                .isEqualTo(InboundMediaStore.Outcome.FAILED);
        assertThat(requests.get()).isEqualTo(1);
        assertThat(row(wamid).get("reason", String.class)).contains("not Meta's");
        assertThat(store.trusted(URI.create("https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1")))
                .isTrue();
        assertThat(store.trusted(URI.create("https://fbsbx.com.evil.example/x"))).isFalse();
        assertThat(store.trusted(URI.create("http://lookaside.fbsbx.com/x"))).isFalse();
    }

    @Test
    void aHashMismatchOrAServerErrorIsRetriedAndAGoneMediaIsFailed() throws Exception {
        String wamid = inbound("audio");
        String id = offer(mediaId(), "audio/ogg; codecs=opus", new byte[] {4, 5, 6}, null);
        Map<String, Object> wrong = new java.util.HashMap<>(metadata.get(id));
        wrong.put("sha256", "00".repeat(32));
        metadata.put(id, wrong);
        assertThatThrownBy(() -> store.store(new InboundMedia(wamid, "audio", id, Optional.of("audio/ogg"))))
                .isInstanceOf(InboundMediaStore.MediaUnavailable.class);

        String failing = mediaId();
        statuses.put(failing, 500);
        metadata.put(failing, Map.of());
        assertThatThrownBy(() -> store.store(new InboundMedia(inbound("video"), "video", failing,
                Optional.of("video/mp4")))).isInstanceOf(InboundMediaStore.MediaUnavailable.class);

        String gone = inbound("video");
        assertThat(store.store(new InboundMedia(gone, "video", mediaId(), Optional.of("video/mp4"))))
                .isEqualTo(InboundMediaStore.Outcome.FAILED);
        assertThat(row(gone).get("status", String.class)).isEqualTo("failed");
        assertThat(store.store(new InboundMedia("wamid.unknown." + UUID.randomUUID(), "image", mediaId(),
                Optional.of("image/jpeg")))).isEqualTo(InboundMediaStore.Outcome.NO_MESSAGE);
    }

    @Test
    void theNotificationsMediaItemsAreReadAndOddOnesSkipped() {
        String json = "{\"entry\":[{\"changes\":[{\"field\":\"messages\",\"value\":{\"messages\":["
                + "{\"id\":\"wamid.A\",\"type\":\"image\",\"image\":{\"id\":\"123\",\"mime_type\":\"image/jpeg\"}},"
                + "{\"id\":\"wamid.B\",\"type\":\"document\",\"document\":{\"id\":\"456\",\"mime_type\":\"application/pdf\"}},"
                + "{\"id\":\"wamid.C\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}},"
                + "{\"id\":\"wamid.D\",\"type\":\"image\",\"image\":{\"id\":\"../../etc/passwd\"}}]}}]}]}";

        List<InboundMedia> media = InboundMedia.of(WebhookPayload.tree(json));

        assertThat(media).extracting(InboundMedia::wamid).containsExactly("wamid.A", "wamid.B");
        assertThat(media.get(1).accepts("application/pdf")).isTrue();
        assertThat(media.get(0).accepts("image/svg+xml")).isFalse();
    }

    @Test
    void theInboundFunctionAsDeployedDownloadsWhatACustomerSendsIntoTheMediaBucket() throws Exception {
        // the function as Lambda runs it (FunctionInvoker, its own environment as template.yaml gives it), so the
        // wiring is what is proven: MEDIA_BUCKET makes the consumer fetch media with the token (issue 16)
        String phone = Fixtures.anyPhone();
        UUID sender = fixtures.policyholder().of(fixtures.agent().create()).phone(phone).create();
        String wamid = "wamid.wired." + UUID.randomUUID();
        byte[] pdf = "%PDF-1.7 a short policy schedule".getBytes(StandardCharsets.US_ASCII);
        String id = offer(mediaId(), "application/pdf", pdf, null);
        String notification = """
                {"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages",
                 "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"pn-media"},
                 "contacts":[{"profile":{"name":"Ravi"},"wa_id":"%1$s"}],
                 "messages":[{"from":"%1$s","id":"%2$s","timestamp":"%3$d","type":"document",
                  "document":{"id":"%4$s","mime_type":"application/pdf","filename":"schedule.pdf"}}]}}]}]}
                """.formatted(phone.substring(1), wamid, Instant.now().getEpochSecond(), id);
        Map<String, Object> record = new HashMap<>();
        record.put("messageId", UUID.randomUUID().toString());
        record.put("receiptHandle", "handle");
        record.put("body", notification);
        record.put("attributes", Map.of("ApproximateReceiveCount", "1"));
        record.put("messageAttributes", Map.of(SqsInboundQueue.SCHEMA_VERSION_ATTRIBUTE,
                Map.of("stringValue", "1", "dataType", "Number")));
        record.put("eventSource", "aws:sqs");
        record.put("eventSourceARN", "arn:aws:sqs:ap-south-1:000000000000:WhatsappInboundQueue");
        Map<String, String> environment = new HashMap<>(db.appEnvironment());
        environment.putAll(aws.environment());
        environment.putAll(Map.of("WHATSAPP_PHONE_NUMBER_ID", "pn-media",
                "WHATSAPP_OUTBOUND_QUEUE_URL", aws.sqs().createQueue(r -> r.queueName("media-out-" + UUID.randomUUID()))
                        .queueUrl(),
                "WHATSAPP_API_BASE_URL", "http://127.0.0.1:" + graph.getAddress().getPort(),
                "WHATSAPP_TOKEN", "test-graph-token", "MEDIA_BUCKET", BUCKET));
        InProcessFunction inbound = InProcessFunction.start("WhatsappInboundFunction-media",
                WhatsappFunctions.class.getName(), "whatsappInbound", environment);

        String answer = inbound.invoke(com.agentmitra.lambda.Json.write(Map.of("Records", List.of(record))));

        assertThat(com.agentmitra.lambda.Json.mapper().readTree(answer).path("batchItemFailures")).isEmpty();
        Record row = db.ownerDsl(lic).fetchSingle("select d.*, m.policyholder_id from " + lic.schema()
                + ".whatsapp_message_media d join " + lic.schema() + ".whatsapp_messages m using (message_id)"
                + " where m.whatsapp_message_id = ?", wamid);
        assertThat(row.get("policyholder_id", UUID.class)).isEqualTo(sender);
        assertThat(row.get("status", String.class)).isEqualTo("stored");
        assertThat(aws.s3().getObjectAsBytes(r -> r.bucket(BUCKET).key(row.get("s3_key", String.class)))
                .asByteArray()).isEqualTo(pdf);
        assertThat(authorizations).isNotEmpty().containsOnly("Bearer test-graph-token");
    }

}
