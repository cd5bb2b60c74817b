package com.agentmitra.reports;

import com.agentmitra.config.Env;
import java.time.Duration;

/**
 * The reports functions' settings, read once at cold start: the bucket of report files ({@code REPORTS_BUCKET}),
 * the queue of reports to write ({@code REPORTS_QUEUE_URL}, the API only), how long a file is kept
 * ({@code REPORT_TTL_DAYS}, default 7) and how long a download link works ({@code REPORT_LINK_SECONDS}, default 300).
 */
record ReportsConfig(String bucket, String queueUrl, Duration ttl, Duration linkValidity) {

    static ReportsConfig fromEnvironment(boolean needsQueue) {
        Env.Reader env = Env.reader();
        String bucket = env.required("REPORTS_BUCKET");
        String queue = needsQueue ? env.required("REPORTS_QUEUE_URL") : "";
        env.validate();
        Duration ttl = Duration.ofDays(Env.get("REPORT_TTL_DAYS").map(Long::parseLong).orElse(7L));
        Duration link = Duration.ofSeconds(Env.get("REPORT_LINK_SECONDS").map(Long::parseLong).orElse(300L));
        return new ReportsConfig(bucket, queue, ttl, link);
    }
}
