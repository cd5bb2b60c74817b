package com.agentmitra.testing;

import com.adobe.testing.s3mock.S3MockApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * SQS (ElasticMQ) and S3 (Adobe S3Mock) started inside this JVM on loopback ports: the real SQS query/JSON and S3
 * REST protocols, no Docker. One instance per JVM for tests; the local stack starts its own on fixed ports.
 */
public final class InProcessAws implements AwsServices, AutoCloseable {

    private static InProcessAws shared;
    /** S3Mock's Tomcat logs through java.util.logging; held here because JUL keeps loggers only weakly. */
    private static final java.util.logging.Logger TOMCAT = java.util.logging.Logger.getLogger("org.apache");

    private final SQSRestServer sqs;
    private final S3MockApplication s3;
    private final URI sqsEndpoint;
    private final URI s3Endpoint;

    private InProcessAws(int sqsPort, int s3Port, Path s3Root) {
        this.sqs = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(sqsPort).withAWSRegion(REGION).start();
        int boundSqs = sqs.waitUntilStarted().localAddress().getPort();
        Map<String, Object> properties = new HashMap<>();
        properties.put(S3MockApplication.PROP_HTTP_PORT, s3Port);
        properties.put(S3MockApplication.PROP_HTTPS_PORT, S3MockApplication.RANDOM_PORT);
        properties.put(S3MockApplication.PROP_ROOT_DIRECTORY, s3Root.toString());
        TOMCAT.setLevel(java.util.logging.Level.WARNING);
        properties.put(S3MockApplication.PROP_SILENT, false);
        properties.put("spring.main.banner-mode", "off");
        // quiet S3Mock's own start-up only: "silent" (or a root level) would set the root logger of the JVM's one Log4j
        // context to WARN, hiding every INFO line of the functions from the local stack and from LogCapture
        properties.put("logging.level.com.adobe.testing", "WARN");
        properties.put("logging.level.org.springframework", "WARN");
        properties.put("logging.level.org.apache", "WARN");
        properties.put("server.address", "127.0.0.1");
        this.s3 = S3MockApplication.start(properties);
        this.sqsEndpoint = URI.create("http://127.0.0.1:" + boundSqs);
        this.s3Endpoint = URI.create("http://127.0.0.1:" + s3.getHttpPort());
    }

    /** Emulators on the given ports (0: any free port), S3 objects kept under {@code s3Root}. */
    public static InProcessAws start(int sqsPort, int s3Port, Path s3Root) {
        return new InProcessAws(sqsPort, s3Port, s3Root);
    }

    /** The JVM-wide instance for tests, on free ports. */
    public static synchronized InProcessAws shared() {
        if (shared == null) {
            try {
                shared = start(0, 0, Files.createTempDirectory("s3mock"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    @Override
    public URI sqsEndpoint() {
        return sqsEndpoint;
    }

    @Override
    public URI s3Endpoint() {
        return s3Endpoint;
    }

    @Override
    public String name() {
        return "in-process";
    }

    @Override
    public void close() {
        sqs.stopAndWait();
        try {
            s3.stop();
        } catch (IllegalStateException alreadyClosed) {
            // at JVM exit Spring Boot's own shutdown hook may have closed S3Mock first
        }
    }
}
