package com.agentmitra.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentmitra.config.Env;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.SqsClient;

class AwsClientsTest {

    /** Accepts connections and never answers: a network path that black-holes requests. */
    private static final class SilentServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0);
        private final List<Socket> accepted = new ArrayList<>();
        private final Thread acceptor = Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    accepted.add(socket.accept());
                }
            } catch (IOException closed) {
                // closed by the test
            }
        });

        SilentServer() throws IOException {}

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            acceptor.interrupt();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    @Test
    void anSqsCallToAServerThatNeverAnswersFailsWithinItsCallLimit() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            Map<String, String> environment = Map.of("AWS_ENDPOINT_URL_SQS", silent.url(), "AWS_REGION", "ap-south-1",
                    "AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local");
            SqsClient sqs = Env.with(environment,
                    () -> AwsClients.sqs(Duration.ofMillis(300), Duration.ofMillis(900)));

            long started = System.nanoTime();
            assertThatThrownBy(() -> sqs.sendMessage(request -> request.queueUrl(silent.url() + "/000000000000/q")
                    .messageBody("{}"))).isInstanceOf(SdkClientException.class);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(took).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void theDeployedLimitsStayWellInsideAnApiFunctionsTime() {
        assertThat(AwsClients.SQS_CALL_TIMEOUT).isLessThan(Duration.ofSeconds(25));
        assertThat(AwsClients.SQS_ATTEMPT_TIMEOUT).isLessThan(AwsClients.SQS_CALL_TIMEOUT);
        assertThat(AwsClients.CONNECT_TIMEOUT).isLessThanOrEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aLazyClientIsBuiltOnFirstUseOnlyAndOnce() {
        int[] builds = {0};
        AwsClients.Lazy<String> lazy = AwsClients.lazily(() -> "client " + ++builds[0]);

        assertThat(lazy.built()).isFalse();
        assertThat(builds[0]).isZero();
        assertThat(lazy.get()).isEqualTo("client 1");
        assertThat(lazy.get()).isEqualTo("client 1");
        assertThat(lazy.built()).isTrue();
        assertThat(builds[0]).isEqualTo(1);
    }

    @Test
    void aLazyClientIsBuiltWithTheAwsVariablesOfWhenItWasDeclared() {
        // the local stack scopes a function's variables to its start-up; the client is built after that scope ended
        AwsClients.Lazy<SqsClient> lazy = Env.with(Map.of("AWS_REGION", "eu-west-1",
                "AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:1", "AWS_ACCESS_KEY_ID", "local",
                "AWS_SECRET_ACCESS_KEY", "local"), () -> AwsClients.lazily(AwsClients::sqs));
        AwsClients.Lazy<String> region = Env.with(Map.of("AWS_REGION", "eu-west-1"),
                () -> AwsClients.lazily(() -> AwsClients.region().id()));

        assertThat(region.get()).isEqualTo("eu-west-1");
        try (SqsClient sqs = lazy.get()) {
            assertThat(sqs.serviceClientConfiguration().region().id()).isEqualTo("eu-west-1");
            assertThat(sqs.serviceClientConfiguration().endpointOverride()).hasValue(java.net.URI.create("http://127.0.0.1:1"));
        }
    }
}
