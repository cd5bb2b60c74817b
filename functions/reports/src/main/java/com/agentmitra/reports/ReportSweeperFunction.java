package com.agentmitra.reports;

import com.agentmitra.lambda.EventFunction;
import com.agentmitra.lambda.EventShape;
import com.agentmitra.lambda.Invocation;
import java.util.Map;

/** The {@code reportSweeper} entry point: the daily schedule deletes expired report files ({@link ReportSweeper}). */
final class ReportSweeperFunction extends EventFunction<Map<String, Object>, Map<String, Object>, Map<String, Object>> {

    private final ReportSweeper sweeper;

    ReportSweeperFunction(ReportSweeper sweeper) {
        super("reportSweeper", EventShape.schedule());
        this.sweeper = sweeper;
    }

    @Override
    protected Map<String, Object> handle(Map<String, Object> event, Invocation invocation) {
        return Map.of("filesDeleted", sweeper.sweep());
    }
}
