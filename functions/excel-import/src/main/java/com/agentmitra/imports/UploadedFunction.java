package com.agentmitra.imports;

import com.agentmitra.lambda.CreatedObject;
import com.agentmitra.lambda.EventFunction;
import com.agentmitra.lambda.EventShape;
import com.agentmitra.lambda.Invocation;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code importUpload} entry point: objects created under {@code imports/}, told by S3 notification records or,
 * where a stack routes S3 through EventBridge, by an EventBridge {@code Object Created} event: both run the same
 * way ({@link EventShape#objectsCreated()}); any other event is refused. Each object is run by {@link ImportRunner}.
 * A job another run still holds makes the invocation fail, so Lambda retries the event once that run's lease has
 * lapsed; every other outcome is an answer, not an error.
 */
final class UploadedFunction extends EventFunction<Map<String, Object>, List<CreatedObject>, Map<String, Object>> {

    /** Thrown for a job another run holds: Lambda's retry comes back when the lease has lapsed. */
    static final class JobBusyException extends RuntimeException {
        JobBusyException(String message) {
            super(message);
        }
    }

    private final ImportRunner runner;

    UploadedFunction(ImportRunner runner) {
        super(ImportFunctions.UPLOAD, EventShape.objectsCreated());
        this.runner = runner;
    }

    @Override
    protected Map<String, Object> handle(List<CreatedObject> objects, Invocation invocation) {
        List<Map<String, Object>> results = new ArrayList<>();
        for (CreatedObject object : objects) {
            String key = key(object);
            ImportRunner.Outcome outcome = runner.run(object.bucket(), key, object.sizeBytes(),
                    object.eTag().orElse(null));
            ImportKey.parse(key).ifPresent(upload -> count(invocation, upload.tenantCode(), outcome));
            results.add(describe(outcome));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("results", results);
        return answer;
    }

    /**
     * The key URL-decoded: a notification encodes it (spaces as {@code +}). Decoding is exact for EventBridge's
     * key as well, whether or not it is encoded, because an upload's file name never holds {@code +} or {@code %}
     * ({@link ImportKey#safeFileName}); a key that does not decode is no upload of ours and is passed on as it is,
     * to be ignored.
     */
    private static String key(CreatedObject object) {
        try {
            return URLDecoder.decode(object.key(), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return object.key();
        }
    }

    private static void count(Invocation invocation, String tenant, ImportRunner.Outcome outcome) {
        switch (outcome) {
            case ImportRunner.Completed done -> {
                invocation.metrics().count(ImportMetric.ImportsCompleted, tenant, 1);
                invocation.metrics().count(ImportMetric.ImportRowsImported, tenant,
                        done.counts().created() + done.counts().updated() + done.counts().unchanged());
                invocation.metrics().count(ImportMetric.ImportRowsRejected, tenant,
                        done.counts().rejected() + done.counts().duplicates());
            }
            case ImportRunner.Failed failed -> invocation.metrics().count(ImportMetric.ImportsFailed, tenant, 1);
            default -> {
                // already finished, not an upload of ours, or busy (retried): no outcome to count
            }
        }
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
