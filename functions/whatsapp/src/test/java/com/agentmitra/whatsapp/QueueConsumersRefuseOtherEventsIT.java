package com.agentmitra.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentmitra.lambda.UnsupportedEventException;
import com.agentmitra.lambda.local.InProcessFunction;
import com.agentmitra.testing.Events;
import com.agentmitra.testing.InProcessAws;
import com.agentmitra.testing.TestDatabase;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The two SQS consumers serve SQS batches only: an S3 notification, a schedule or an empty batch is refused loudly,
 * where before each answered an empty {@code batchItemFailures}, a success that did nothing.
 */
class QueueConsumersRefuseOtherEventsIT {

    private final FakeGraphApi graph = new FakeGraphApi();

    @AfterEach
    void stopFake() {
        graph.close();
    }

    private static InProcessFunction inbound() {
        Map<String, String> environment = new HashMap<>(TestDatabase.get().appEnvironment());
        environment.putAll(InProcessAws.shared().environment());
        environment.putAll(Map.of("WHATSAPP_PHONE_NUMBER_ID", "100000000000001",
                "WHATSAPP_OUTBOUND_QUEUE_URL", InProcessAws.shared().queue("whatsapp-outbound-refuse-" + System.nanoTime())));
        return InProcessFunction.start("WhatsappInboundFunction", WhatsappFunctions.class.getName(), "whatsappInbound",
                environment);
    }

    @Test
    void theInboundConsumerRefusesAnS3Notification() {
        InProcessFunction inbound = inbound();

        assertThatThrownBy(() -> inbound.invoke(Events.json("excel-import/object-created.json")))
                .hasStackTraceContaining("unsupported event: a batch of 1 record that are not SQS messages (aws:s3)");
    }

    @Test
    void theInboundConsumerRefusesASchedule() {
        InProcessFunction inbound = inbound();

        assertThatThrownBy(() -> inbound.invoke(Events.json("callbacks/sweeper-schedule.json")))
                .hasStackTraceContaining("unsupported event: an event with no records");
    }

    @Test
    void theInboundConsumerStillServesItsSampleBatch() {
        assertThat(inbound().invoke(Events.json("whatsapp/inbound-batch.json"))).contains("batchItemFailures");
    }

    @Test
    void theSenderRefusesABatchWithoutRecords() {
        SenderFunction sender = new SenderHarness(graph, 200).function(Clock.systemUTC());

        assertThatThrownBy(() -> sender.handle(new SQSEvent()))
                .isInstanceOf(UnsupportedEventException.class)
                .hasMessageStartingWith("unsupported event: an event with no records");
    }
}
