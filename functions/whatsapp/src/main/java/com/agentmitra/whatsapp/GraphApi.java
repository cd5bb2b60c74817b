package com.agentmitra.whatsapp;

/** The one Graph API call the sender makes: {@code POST /{version}/{phone-number-id}/messages}. */
interface GraphApi {

    SendResult send(String jsonBody);

    /** What Meta answered, as the sender must act on it. */
    sealed interface SendResult permits Accepted, Rejected, NotSent, Ambiguous {}

    /** HTTP 200 with a message id: accepted (not yet delivered). */
    record Accepted(String wamid, String waId) implements SendResult {}

    /** A Graph error answer: {@code error.code}, {@code error_data.details}, {@code fbtrace_id}. */
    record Rejected(int httpStatus, int code, String details, String fbtraceId) implements SendResult {
        GraphError classification() {
            return GraphError.classify(httpStatus, code);
        }
    }

    /** The request never left (connection refused, DNS): safe to retry. */
    record NotSent(String reason) implements SendResult {}

    /** It may or may not have been sent (timeout, reset, 5xx without a Graph error): do not resend at once. */
    record Ambiguous(String reason) implements SendResult {}
}
