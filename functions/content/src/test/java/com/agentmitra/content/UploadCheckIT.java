package com.agentmitra.content;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.data.Role;
import com.agentmitra.lambda.Json;
import com.agentmitra.lambda.local.InProcessFunction;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.InProcessAws;
import com.agentmitra.testing.OpenApiContract;
import com.agentmitra.testing.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Uploads end to end on the in-process S3: the presigned PUT (type and length signed), the S3-triggered checker
 * (real type from the first bytes, size bound), the item published or rejected with the reason, the playback link.
 */
class UploadCheckIT {

    private static final TestDatabase db = TestDatabase.get();
    private static final InProcessAws aws = InProcessAws.shared();
    private static final OpenApiContract contract = OpenApiContract.ofRepository();
    private static final String BUCKET = "content-up-" + UUID.randomUUID().toString().substring(0, 8);
    private static InProcessFunction api;
    private static InProcessFunction checker;

    private final ContentFixtures data = new ContentFixtures(db);
    private Fixtures.Agent agent;
    private ContentFixtures.Person admin;
    private ContentFixtures.Person customer;

    @BeforeAll
    static void startFunctions() {
        aws.bucket(BUCKET);
        Map<String, String> environment = new HashMap<>(db.appEnvironment());
        environment.putAll(aws.environment());
        environment.put("CONTENT_BUCKET", BUCKET);
        environment.put("CONTENT_MAX_DOCUMENT_MB", "1");
        environment.put("WHATSAPP_OUTBOUND_QUEUE_URL", aws.queue("content-up-outbound-" + System.nanoTime()));
        api = InProcessFunction.start("ContentFunction", ContentFunctions.class.getName(), ContentFunctions.API,
                environment);
        checker = InProcessFunction.start("ContentUploadCheckFunction", ContentFunctions.class.getName(),
                ContentFunctions.UPLOAD_CHECK, environment);
    }

    @BeforeEach
    void people() {
        agent = data.fixtures.agent().territory("Uploads-" + UUID.randomUUID()).create();
        admin = data.staff(db.lic(), Role.INSURANCE_PROVIDER_ADMIN);
        customer = data.customer(agent, "en", true);
    }

    private JsonNode upload(String fileName, String type, long size, int status) {
        Map<String, Object> body = new HashMap<>();
        body.put("title", "Brochure " + fileName);
        body.put("fileName", fileName);
        body.put("contentType", type);
        body.put("sizeBytes", size);
        return contract.call(api, "POST", "/content/uploads").as(agent.claims()).body(body).expect(status).body();
    }

    private static byte[] file(byte[] head, int size) {
        byte[] bytes = new byte[size];
        System.arraycopy(head, 0, bytes, 0, Math.min(head.length, size));
        return bytes;
    }

    private static int put(String url, String type, byte[] bytes) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", type)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static JsonNode created(String key, long size) {
        String event = """
                {"Records": [{"eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "ap-south-1",
                  "eventTime": "2026-12-07T06:00:00.000Z", "eventName": "ObjectCreated:Put",
                  "s3": {"s3SchemaVersion": "1.0", "bucket": {"name": "%s", "arn": "arn:aws:s3:::%s"},
                         "object": {"key": "%s", "size": %d, "eTag": "0123456789abcdef0123456789abcdef"}}}]}"""
                .formatted(BUCKET, BUCKET, key, size);
        try {
            return Json.mapper().readTree(checker.invoke(event)).path("results").get(0);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String key(UUID id) {
        return data.owner(db.lic()).fetchSingle("select storage_key from " + db.lic().schema()
                + ".video_content where video_id = ?", id).get(0, String.class);
    }

    private boolean stored(String key) {
        return aws.s3().listObjectsV2(l -> l.bucket(BUCKET).prefix(key)).keyCount() > 0;
    }

    @Test
    void aRealMp4IsPublishedPendingModerationAndPlaysThroughAShortLivedLink() throws Exception {
        byte[] bytes = file(FileTypeTest.mp4(), 4096);
        JsonNode answer = upload("explainer.mp4", "video/mp4", bytes.length, 201);
        String url = answer.path("uploadUrl").asText();
        assertThat(url).contains("X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost")
                .contains("X-Amz-Expires=600");
        assertThat(answer.path("headers").path("Content-Type").asText()).isEqualTo("video/mp4");
        assertThat(answer.path("content").path("status").asText()).isEqualTo("processing");
        UUID id = UUID.fromString(answer.path("content").path("id").asText());
        assertThat(put(url, "video/mp4", bytes)).isEqualTo(200);

        JsonNode result = created(key(id), bytes.length);
        assertThat(result.path("status").asText()).isEqualTo("published");
        assertThat(created(key(id), bytes.length).path("status").asText()).as("S3 delivered twice")
                .isEqualTo("already-checked");

        contract.call(api, "GET", "/content/{id}").pathParameter("id", id).as(customer.claims()).expect(404);
        contract.call(api, "POST", "/content/{id}/moderation").pathParameter("id", id).as(admin.claims())
                .body(Map.of("decision", "approve")).expect(200);
        JsonNode item = contract.call(api, "GET", "/content/{id}").pathParameter("id", id).as(customer.claims())
                .expect(200).body();
        assertThat(item.path("kind").asText()).isEqualTo("video");
        assertThat(item.path("mimeType").asText()).isEqualTo("video/mp4");
        assertThat(item.path("playback").path("type").asText()).isEqualTo("file");
        String link = item.path("playback").path("url").asText();
        assertThat(link).contains("X-Amz-Expires=600").contains(BUCKET);
        HttpResponse<byte[]> played = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(link)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(played.statusCode()).isEqualTo(200);
        assertThat(played.body()).isEqualTo(bytes);
    }

    @Test
    void aPdfNamedAsAnMp4IsRejectedWithTheReasonAndRemoved() throws Exception {
        byte[] bytes = file(FileTypeTest.pdf(), 2048);
        JsonNode answer = upload("explainer.mp4", "video/mp4", bytes.length, 201);
        UUID id = UUID.fromString(answer.path("content").path("id").asText());
        assertThat(put(answer.path("uploadUrl").asText(), "video/mp4", bytes)).isEqualTo(200);
        String key = key(id);

        JsonNode result = created(key, bytes.length);
        assertThat(result.path("status").asText()).isEqualTo("rejected");
        assertThat(result.path("reason").asText()).contains("application/pdf").contains("video/mp4");
        assertThat(stored(key)).as("a rejected file is not kept").isFalse();
        JsonNode item = contract.call(api, "GET", "/content/{id}").pathParameter("id", id).as(agent.claims())
                .expect(200).body();
        assertThat(item.path("status").asText()).isEqualTo("rejected");
        assertThat(item.path("statusReason").asText()).contains("application/pdf");
        assertThat(item.path("playback").isMissingNode()).isTrue();
        contract.call(api, "POST", "/content/{id}/moderation").pathParameter("id", id).as(admin.claims())
                .body(Map.of("decision", "approve")).expect(409);
    }

    @Test
    void aFileThatIsNoneOfOurTypesIsRejected() throws Exception {
        byte[] bytes = file("MZ this is a program".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 512);
        JsonNode answer = upload("brochure.pdf", "application/pdf", bytes.length, 201);
        UUID id = UUID.fromString(answer.path("content").path("id").asText());
        put(answer.path("uploadUrl").asText(), "application/pdf", bytes);
        JsonNode result = created(key(id), bytes.length);
        assertThat(result.path("status").asText()).isEqualTo("rejected");
        assertThat(result.path("reason").asText()).contains("not an MP4 or WebM video or a PDF");
    }

    @Test
    void aFileLargerThanTheBoundIsRejectedEvenIfItGotIntoTheBucket() {
        JsonNode answer = upload("brochure.pdf", "application/pdf", 1024, 201);
        UUID id = UUID.fromString(answer.path("content").path("id").asText());
        String key = key(id);
        byte[] big = file(FileTypeTest.pdf(), 1024 * 1024 + 1);
        aws.s3().putObject(p -> p.bucket(BUCKET).key(key).contentType("application/pdf"), RequestBody.fromBytes(big));
        JsonNode result = created(key, big.length);
        assertThat(result.path("status").asText()).isEqualTo("rejected");
        assertThat(result.path("reason").asText()).contains("more than the 1 MB allowed");
        assertThat(stored(key)).isFalse();
    }

    @Test
    void theDeclarationIsCheckedBeforeAnyUrlIsGiven() {
        upload("brochure.pdf", "application/pdf", 1024 * 1024 + 1, 400);
        upload("clip.mov", "video/mp4", 100, 400);
        Map<String, Object> body = new HashMap<>(Map.of("title", "x", "fileName", "clip.mov", "contentType",
                "video/quicktime", "sizeBytes", 100));
        contract.call(api, "POST", "/content/uploads").as(agent.claims()).body(body).breakingTheDocument().expect(400);
        contract.call(api, "POST", "/content/uploads").as(customer.claims())
                .body(Map.of("title", "x", "fileName", "a.pdf", "contentType", "application/pdf", "sizeBytes", 10))
                .expect(403);
        assertThat(data.count(db.lic(), "video_content", "agent_id = ?", agent.agentId())).isZero();
    }

    @Test
    void aKeyThatIsNotOursIsIgnored() {
        assertThat(created("content/LIC/not-an-id/x.mp4", 10).path("status").asText()).isEqualTo("ignored");
        assertThat(created("content/NOPE/" + UUID.randomUUID() + "/" + UUID.randomUUID() + ".mp4", 10)
                .path("status").asText()).isEqualTo("ignored");
        assertThat(List.of()).isEmpty();
    }
}
