package com.agentmitra.reports;

import com.agentmitra.data.Tenant;
import com.agentmitra.data.TenantDirectory;
import com.agentmitra.data.UnknownTenantException;
import com.agentmitra.lambda.EventFunction;
import com.agentmitra.lambda.EventShape;
import com.agentmitra.lambda.Invocation;
import com.agentmitra.lambda.Json;
import com.agentmitra.lambda.SqsBatch;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code reportWriter} entry point: SQS {@code reports} batches of {@code {"tenantId", "reportId"}}, each report
 * written by {@link ReportWriter} on its own. A message that is not one (too long, not JSON, unknown tenant) is named
 * in {@code batchItemFailures} and, after the queue's receives, rests in the dead-letter queue; a report that failed
 * is recorded {@code failed} on its row and its message is done. Any other event is refused.
 */
final class ReportWriterFunction extends EventFunction<SQSEvent, SQSEvent, SQSBatchResponse> {

    private static final Logger log = LoggerFactory.getLogger(ReportWriterFunction.class);
    static final int MAX_MESSAGE_CHARS = 512;

    private final TenantDirectory tenants;
    private final ReportWriter writer;

    ReportWriterFunction(TenantDirectory tenants, ReportWriter writer) {
        super("reportWriter", EventShape.sqsBatch());
        this.tenants = tenants;
        this.writer = writer;
    }

    @Override
    protected SQSBatchResponse handle(SQSEvent event, Invocation invocation) {
        return SqsBatch.eachRecord(event, record -> {
            String body = record.getBody() == null ? "" : record.getBody();
            Tenant tenant;
            UUID reportId;
            try {
                if (body.length() > MAX_MESSAGE_CHARS) {
                    throw new IllegalArgumentException("too long");
                }
                JsonNode message = Json.mapper().readTree(body);
                tenant = tenants.byId(UUID.fromString(message.path("tenantId").asText()));
                reportId = UUID.fromString(message.path("reportId").asText());
            } catch (java.io.IOException | IllegalArgumentException | UnknownTenantException e) {
                log.error("Malformed reports message sqsMessageId={} reason={}", record.getMessageId(),
                        e.getClass().getSimpleName());
                return false;
            }
            writer.write(tenant, reportId);
            return true;
        });
    }
}
