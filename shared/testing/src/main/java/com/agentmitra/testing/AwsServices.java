package com.agentmitra.testing;

import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SQS and S3 for a test or the local stack, reached through the real AWS SDK v2 clients: in-process emulators
 * ({@link InProcessAws}) everywhere, or LocalStack ({@link LocalStackAws}) where a Docker engine answers.
 */
public interface AwsServices {

    String REGION = "ap-south-1";
    /** Emulator credentials: plainly not real. */
    String ACCESS_KEY = "test";
    String SECRET_KEY = "test";

    URI sqsEndpoint();

    URI s3Endpoint();

    /** A short name for reports: "in-process" or "localstack". */
    String name();

    default SqsClient sqs() {
        return SqsClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(sqsEndpoint())
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    default S3Client s3() {
        return S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(s3Endpoint())
                .forcePathStyle(true)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    /** Environment variables that point a function's {@code AwsClients} here. */
    default Map<String, String> environment() {
        return Map.of(
                "AWS_REGION", REGION,
                "AWS_ACCESS_KEY_ID", ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", SECRET_KEY,
                "AWS_ENDPOINT_URL_SQS", sqsEndpoint().toString(),
                "AWS_ENDPOINT_URL_S3", s3Endpoint().toString());
    }

    /** Creates the queue if needed; answers its URL. */
    default String queue(String name) {
        return sqs().createQueue(request -> request.queueName(name)).queueUrl();
    }

    /** Creates the bucket if needed. */
    default void bucket(String name) {
        try (S3Client s3 = s3()) {
            if (s3.listBuckets().buckets().stream().noneMatch(bucket -> bucket.name().equals(name))) {
                s3.createBucket(request -> request.bucket(name));
            }
        }
    }
}
