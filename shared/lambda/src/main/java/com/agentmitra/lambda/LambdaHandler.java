package com.agentmitra.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

/**
 * The handler of every function ({@code Handler} in {@code template.yaml}): Spring Cloud Function's
 * {@link FunctionInvoker}, with one addition. An API Gateway HTTP API event (payload format 2.0) is rewritten into
 * the REST API's format (1.0) before the function sees it ({@link HttpApiEvents}), so a stack may put the same
 * functions behind either kind of API and the application has one request type inside. Without it, the adapter
 * reads a 2.0 event as a 1.0 event and loses its method and route: every route answered 404. The functions' 1.0
 * answers are valid 2.0 answers as they are (status, headers, body, base64 flag). Every other event passes through
 * untouched.
 */
public class LambdaHandler extends FunctionInvoker {

    /** Larger events are passed on unread (API Gateway's own limit is 10 MB; SQS batches may be larger). */
    private static final int MAX_INSPECTED_BYTES = 12 * 1024 * 1024;

    public LambdaHandler() {
        super();
    }

    public LambdaHandler(String functionDefinition) {
        super(functionDefinition);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = input.readNBytes(MAX_INSPECTED_BYTES + 1);
        if (event.length <= MAX_INSPECTED_BYTES && HttpApiEvents.mayBeHttpApi(event)) {
            JsonNode tree = Json.mapper().readTree(event);
            if (HttpApiEvents.isHttpApi(tree)) {
                event = Json.mapper().writeValueAsBytes(HttpApiEvents.toRestApi(tree));
            }
        }
        InputStream rest = event.length > MAX_INSPECTED_BYTES
                ? new java.io.SequenceInputStream(new ByteArrayInputStream(event), input)
                : new ByteArrayInputStream(event);
        super.handleRequest(rest, output, context);
    }
}
