package com.agentmitra.auth;

import com.agentmitra.messaging.WhatsappMessage;
import com.agentmitra.messaging.WhatsappOutbox;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An outbox that keeps what was queued, so a test can read the code the customer would receive. */
final class RecordingOutbox implements WhatsappOutbox {

    final List<WhatsappMessage> sent = new CopyOnWriteArrayList<>();

    @Override
    public void send(WhatsappMessage message) {
        sent.add(message);
    }

    /** The code in the last message to {@code phone}. */
    String lastCodeTo(String phone) {
        return lastTo(phone).template().parameters().getFirst();
    }

    /** The last message to {@code phone}. */
    WhatsappMessage lastTo(String phone) {
        return sent.reversed().stream().filter(message -> message.recipient().equals(phone)).findFirst()
                .orElseThrow(() -> new AssertionError("nothing was sent to " + phone));
    }

    long countTo(String phone) {
        return sent.stream().filter(message -> message.recipient().equals(phone)).count();
    }
}
