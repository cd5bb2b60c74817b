package com.agentmitra.imports;

import com.agentmitra.lambda.LambdaContexts;
import com.amazonaws.services.lambda.runtime.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.messaging.Message;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The {@code importUpload} entry point: an S3 {@code ObjectCreated} event (one or more records) for keys under
 * {@code imports/}. Each object is run by {@link ImportRunner}; keys arrive URL-encoded. A job another run still
 * holds makes the invocation fail, so Lambda retries the event once that run's lease has lapsed; every other outcome
 * is an answer, not an error.
 */
final class UploadedFunction implements Function<Message<Map<String, Object>>, Map<String, Object>> {

    /** Thrown for a job another run holds: Lambda's retry comes back when the lease has lapsed. */
    static final class JobBusyException extends RuntimeException {
        JobBusyException(String message) {
            super(message);
        }
    }

    private final ImportRunner runner;

    UploadedFunction(ImportRunner runner) {
        this.runner = runner;
    }

    @Override
    public Map<String, Object> apply(Message<Map<String, Object>> message) {
        Optional<Context> context = LambdaContexts.from(message);
        Map<String, Object> event = message.getPayload() == null ? Map.of() : message.getPayload();
        return context.isPresent() ? PowertoolsLogging.withLogging(context.get(), () -> handle(event)) : handle(event);
    }

    private Map<String, Object> handle(Map<String, Object> event) {
        List<Map<String, Object>> results = new ArrayList<>();
        Object records = event.get("Records");
        if (records instanceof List<?> list) {
            for (Object record : list) {
                if (record instanceof Map<?, ?> r && r.get("s3") instanceof Map<?, ?> s3
                        && s3.get("object") instanceof Map<?, ?> object && object.get("key") != null) {
                    String key = java.net.URLDecoder.decode(object.get("key").toString(),
                            java.nio.charset.StandardCharsets.UTF_8);
                    long size = object.get("size") instanceof Number n ? n.longValue() : 0L;
                    String etag = object.get("eTag") == null ? null : object.get("eTag").toString();
                    Object bucket = s3.get("bucket") instanceof Map<?, ?> b ? b.get("name") : null;
                    if (bucket == null) {
                        continue;
                    }
                    results.add(describe(runner.run(bucket.toString(), key, size, etag)));
                }
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("results", results);
        return answer;
    }

    private static Map<String, Object> describe(ImportRunner.Outcome outcome) {
        Map<String, Object> result = new LinkedHashMap<>();
        switch (outcome) {
            case ImportRunner.Completed done -> {
                result.put("importId", done.importId());
                result.put("status", "completed");
                result.put("counts", ImportViews.CountsView.of(done.counts()));
            }
            case ImportRunner.Failed failed -> {
                result.put("importId", failed.importId());
                result.put("status", "failed");
                result.put("reason", failed.reason());
            }
            case ImportRunner.AlreadyFinished finished -> {
                result.put("importId", finished.importId());
                result.put("status", "already-finished");
            }
            case ImportRunner.NotAnImport ignored -> result.put("status", "ignored");
            case ImportRunner.Busy busy -> throw new JobBusyException("import " + busy.importId()
                    + " is being run by another invocation; retry later");
        }
        return result;
    }
}
