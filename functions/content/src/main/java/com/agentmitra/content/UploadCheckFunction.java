package com.agentmitra.content;

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
 * The {@code contentUploadCheck} entry point: objects created under {@code content/} in the content bucket (S3
 * notification records or EventBridge {@code Object Created}), each checked by {@link UploadChecker}.
 */
final class UploadCheckFunction extends EventFunction<Map<String, Object>, List<CreatedObject>, Map<String, Object>> {

    private final UploadChecker checker;

    UploadCheckFunction(UploadChecker checker) {
        super(ContentFunctions.UPLOAD_CHECK, EventShape.objectsCreated());
        this.checker = checker;
    }

    @Override
    protected Map<String, Object> handle(List<CreatedObject> objects, Invocation invocation) {
        List<Map<String, Object>> results = new ArrayList<>();
        for (CreatedObject object : objects) {
            UploadChecker.Outcome outcome = checker.check(object.bucket(), key(object));
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("status", outcome.status());
            if (outcome.contentId() != null) {
                result.put("contentId", outcome.contentId().toString());
            }
            if (outcome.reason() != null) {
                result.put("reason", outcome.reason());
            }
            results.add(result);
        }
        return Map.of("results", results);
    }

    /** Our keys hold no character a notification encodes; one that does not decode is not ours and is ignored. */
    private static String key(CreatedObject object) {
        try {
            return URLDecoder.decode(object.key(), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return object.key();
        }
    }
}
