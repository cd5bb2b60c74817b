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
}
