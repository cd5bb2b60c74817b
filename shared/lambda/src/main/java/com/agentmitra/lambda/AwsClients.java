package com.agentmitra.lambda;

import com.agentmitra.config.Env;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * AWS SDK v2 clients built once per function instance. In AWS they use the function's role and region. The local
 * stack and the tests point them at in-process or LocalStack endpoints with the SDK's own variable names,
 * {@code AWS_ENDPOINT_URL_SQS} and {@code AWS_ENDPOINT_URL_S3}, read through {@link Env}.
 *
 * <p>Every client has explicit timeouts (the SDK's defaults let a call wait far longer than an API function may):
 * a connection within {@link #CONNECT_TIMEOUT}; an SQS call within {@link #SQS_ATTEMPT_TIMEOUT} an attempt and
 * {@link #SQS_CALL_TIMEOUT} in all, retries included; an S3 transfer may stream for long but may not stall for more
 * than {@link #S3_READ_TIMEOUT} (there is no total limit on S3 calls: an import streams a 50 MB file).
 */
public final class AwsClients {

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration SQS_ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration SQS_CALL_TIMEOUT = Duration.ofSeconds(12);
    public static final Duration S3_READ_TIMEOUT = Duration.ofSeconds(30);

    private AwsClients() {}

    public static SqsClient sqs() {
        return sqs(SQS_ATTEMPT_TIMEOUT, SQS_CALL_TIMEOUT);
    }

    /** The SQS client with these call limits: a send that hangs fails instead of waiting out the function. */
    static SqsClient sqs(Duration attempt, Duration call) {
        var builder = SqsClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT).socketTimeout(attempt))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallAttemptTimeout(attempt)
                        .apiCallTimeout(call)
                        .build())
                .region(region())
                .credentialsProvider(credentials());
        endpoint("AWS_ENDPOINT_URL_SQS").ifPresent(builder::endpointOverride);
        return builder.build();
    }

    public static S3Client s3() {
        var builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT).socketTimeout(S3_READ_TIMEOUT))
                .region(region())
                .credentialsProvider(credentials());
        endpoint("AWS_ENDPOINT_URL_S3").ifPresent(uri -> builder.endpointOverride(uri).forcePathStyle(true));
        return builder.build();
    }

    public static S3Presigner s3Presigner() {
        var builder = S3Presigner.builder().region(region()).credentialsProvider(credentials());
        endpoint("AWS_ENDPOINT_URL_S3").ifPresent(uri -> builder.endpointOverride(uri)
                .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder()
                        .pathStyleAccessEnabled(true).build()));
        return builder.build();
    }

    /** A client for an emulator at {@code endpoint} (local stack, tests): fixed, plainly fake credentials. */
    public static SqsClient sqsAt(URI endpoint, String region) {
        return SqsClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
    }

    /** A path-style client for an emulator at {@code endpoint} (local stack, tests). */
    public static S3Client s3At(URI endpoint, String region) {
        return S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
    }

    /** Every variable the builders above read: what {@link #lazily} keeps for a client built later. */
    static final List<String> VARIABLES = List.of("AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL_S3");

    /**
     * A client (or what is built on one) made on its first use instead of at cold start: a function's init builds
     * only what every request needs, and the SDK's classes load on the first request that calls the service. A
     * function's SnapStart priming calls {@link Lazy#get()}, so a snapshot holds the client built; building one opens
     * no connection. {@code build} runs with the AWS variables as they are now ({@link #VARIABLES}): the local stack
     * gives each function its own only while it starts ({@link Env#with}).
     */
    public static <T> Lazy<T> lazily(Supplier<T> build) {
        Map<String, String> now = new HashMap<>();
        VARIABLES.forEach(name -> now.put(name, Env.get(name).orElse("")));
        return new Lazy<>(() -> Env.with(now, build));
    }

    /** Built once, on the first {@link #get()}; safe to share between threads. */
    public static final class Lazy<T> implements Supplier<T> {
        private final Supplier<T> build;
        private volatile T value;

        private Lazy(Supplier<T> build) {
            this.build = build;
        }

        @Override
        public T get() {
            T built = value;
            if (built == null) {
                synchronized (this) {
                    built = value;
                    if (built == null) {
                        built = Objects.requireNonNull(build.get(), "built");
                        value = built;
                    }
                }
            }
            return built;
        }

        /** Whether {@link #get()} has built it. */
        public boolean built() {
            return value != null;
        }
    }

    public static Region region() {
        return Region.of(Env.get("AWS_REGION").orElse("ap-south-1"));
    }

    private static AwsCredentialsProvider credentials() {
        Optional<String> key = Env.get("AWS_ACCESS_KEY_ID");
        Optional<String> secret = Env.get("AWS_SECRET_ACCESS_KEY");
        if (key.isPresent() && secret.isPresent() && Env.get("AWS_SESSION_TOKEN").isEmpty()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(key.get(), secret.get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private static Optional<URI> endpoint(String variable) {
        return Env.get(variable).or(() -> Env.get("AWS_ENDPOINT_URL")).map(URI::create);
    }
}
