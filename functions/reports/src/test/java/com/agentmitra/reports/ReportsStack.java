package com.agentmitra.reports;

import com.agentmitra.lambda.local.InProcessFunction;
import com.agentmitra.testing.InProcessAws;
import com.agentmitra.testing.TestDatabase;
import java.util.HashMap;
import java.util.Map;

/** The reports functions on the test database, the in-process S3 and SQS, a bucket and a queue of their own. */
final class ReportsStack {

    static final String BUCKET = "reportsbucket";
    static final InProcessAws aws = InProcessAws.shared();
    private static String queue;

    private ReportsStack() {}

    static synchronized String queue() {
        if (queue == null) {
            aws.bucket(BUCKET);
            queue = aws.queue("reports-" + System.nanoTime());
        }
        return queue;
    }

    static Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>(TestDatabase.get().appEnvironment());
        environment.putAll(aws.environment());
        environment.put("REPORTS_BUCKET", BUCKET);
        environment.put("REPORTS_QUEUE_URL", queue());
        return environment;
    }

    static InProcessFunction start(String logicalId, String definition) {
        return InProcessFunction.start(logicalId, ReportsFunctions.class.getName(), definition, environment());
    }
}
