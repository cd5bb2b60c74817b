package com.agentmitra.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** The SQS and S3 protocols the functions rely on, through the real SDK v2 clients, on every available backend. */
class AwsServicesIT {

    static Stream<String> backends() {
        return Stream.of("in-process", "localstack");
    }

    static AwsServices backend(String name) {
        if (name.equals("localstack")) {
            LocalStackAws.unavailableBecause().ifPresent(reason -> assumeTrue(false, reason));
            return LocalStackAws.shared();
        }
        return InProcessAws.shared();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aQueuedMessageIsReceivedOnceDeletedAndGone(String name) {
        AwsServices aws = backend(name);
        String url = aws.queue("foundation-check-" + System.nanoTime());
        try (SqsClient sqs = aws.sqs()) {
            sqs.sendMessage(request -> request.queueUrl(url).messageBody("{\"schemaVersion\":1}"));

            List<Message> received = sqs.receiveMessage(request -> request.queueUrl(url).waitTimeSeconds(2)).messages();
            assertThat(received).singleElement().extracting(Message::body).isEqualTo("{\"schemaVersion\":1}");
            sqs.deleteMessage(request -> request.queueUrl(url).receiptHandle(received.getFirst().receiptHandle()));

            assertThat(sqs.receiveMessage(request -> request.queueUrl(url).waitTimeSeconds(1)).messages()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void anObjectWrittenIsReadBackByteForByte(String name) {
        AwsServices aws = backend(name);
        String bucket = "foundation-check-" + System.nanoTime();
        aws.bucket(bucket);
        byte[] workbook = "not really a workbook, ಕನ್ನಡ".getBytes(StandardCharsets.UTF_8);
        try (S3Client s3 = aws.s3()) {
            s3.putObject(request -> request.bucket(bucket).key("imports/LIC/agent/import/book.xlsx"),
                    RequestBody.fromBytes(workbook));

            byte[] read = s3.getObjectAsBytes(request -> request.bucket(bucket).key("imports/LIC/agent/import/book.xlsx"))
                    .asByteArray();

            assertThat(read).isEqualTo(workbook);
        }
    }
}
