package com.agentmitra.whatsapp;

import com.agentmitra.config.Env;
import com.agentmitra.lambda.BusinessMetrics;
import com.agentmitra.lambda.EventFunction;
import com.agentmitra.lambda.EventShape;
import com.agentmitra.lambda.Invocation;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code whatsappTemplateSync} entry point: the daily schedule (or a direct invocation, {@code {}}) reads every
 * template of the business account from Meta and corrects the approval status and quality we keep
 * ({@link TemplateSync}); any other event is refused ({@link EventShape#schedule()}). A listing that could not be read
 * whole changes nothing and fails the invocation (the Errors alarm, the schedule's retries, then
 * {@code ScheduledFailuresQueue}).
 */
final class TemplateSyncFunction extends EventFunction<Map<String, Object>, Map<String, Object>, Map<String, Object>> {

    private final TemplateSync sync;

    TemplateSyncFunction(TemplateSync sync) {
        super("whatsappTemplateSync", EventShape.schedule());
        this.sync = sync;
    }

    /** {@code WHATSAPP_BUSINESS_ACCOUNT_ID}: the business account (WABA) whose templates are listed; digits only. */
    static String businessAccountId() {
        Env.Reader env = Env.reader();
        String id = env.required("WHATSAPP_BUSINESS_ACCOUNT_ID");
        if (!id.isEmpty() && !id.matches("[0-9]{1,32}")) {
            env.problem("WHATSAPP_BUSINESS_ACCOUNT_ID must be the business account's numeric id");
        }
        env.validate();
        return id;
    }

    @Override
    protected Map<String, Object> handle(Map<String, Object> event, Invocation invocation) {
        BusinessMetrics metrics = invocation.metrics();
        TemplateSync.Report report;
        try {
            report = sync.run();
        } catch (TemplateSync.Failed e) {
            metrics.count(WhatsappMetric.TemplateSyncsFailed, "all", 1);
            throw e;
        }
        metrics.count(WhatsappMetric.TemplatesListed, "all", report.listed());
        metrics.count(WhatsappMetric.TemplateStatusesCorrected, "all", report.statusesChanged());
        metrics.count(WhatsappMetric.TemplateQualitiesCorrected, "all", report.qualitiesChanged());
        metrics.count(WhatsappMetric.TemplatesKeptNewer, "all", report.keptNewer());
        metrics.count(WhatsappMetric.TemplatesNotOurs, "all", report.notOurs());
        metrics.count(WhatsappMetric.TemplatesMissingAtMeta, "all", report.missingAtMeta());
        metrics.count(WhatsappMetric.TemplatesSkipped, "all", report.skipped());
        metrics.count(WhatsappMetric.TemplateCategoryMismatches, "all", report.categoryMismatches());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("listed", report.listed());
        answer.put("pages", report.pages());
        answer.put("statusesChanged", report.statusesChanged());
        answer.put("qualitiesChanged", report.qualitiesChanged());
        answer.put("keptNewer", report.keptNewer());
        answer.put("unchanged", report.unchanged());
        answer.put("notOurs", report.notOurs());
        answer.put("missingAtMeta", report.missingAtMeta());
        answer.put("skipped", report.skipped());
        answer.put("categoryMismatches", report.categoryMismatches());
        return answer;
    }
}
