package com.agentmitra.testing;

import java.net.URI;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * SQS and S3 in LocalStack (Testcontainers), for the same scenarios where a Docker engine answers. Tests call
 * {@link #availability()} and skip, saying why, where there is none.
 */
public final class LocalStackAws implements AwsServices {

    private static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.4");
    private static LocalStackAws shared;

    private final LocalStackContainer container;

    private LocalStackAws(LocalStackContainer container) {
        this.container = container;
    }

    /** Empty when LocalStack can run here; otherwise the reason it cannot, to print with the skip. */
    public static Optional<String> unavailableBecause() {
        try {
            return DockerClientFactory.instance().isDockerAvailable()
                    ? Optional.empty()
                    : Optional.of("no Docker engine answers on this machine: LocalStack scenarios skipped");
        } catch (RuntimeException e) {
            return Optional.of("Docker is not usable here (" + e.getClass().getSimpleName()
                    + "): LocalStack scenarios skipped");
        }
    }

    /** The JVM-wide LocalStack container, started on first use. Call only when {@link #unavailableBecause()} is empty. */
    public static synchronized LocalStackAws shared() {
        if (shared == null) {
            LocalStackContainer container = new LocalStackContainer(IMAGE)
                    .withServices(LocalStackContainer.Service.SQS, LocalStackContainer.Service.S3);
            container.start();
            shared = new LocalStackAws(container);
        }
        return shared;
    }

    @Override
    public URI sqsEndpoint() {
        return container.getEndpointOverride(LocalStackContainer.Service.SQS);
    }

    @Override
    public URI s3Endpoint() {
        return container.getEndpointOverride(LocalStackContainer.Service.S3);
    }

    @Override
    public String name() {
        return "localstack";
    }
}
