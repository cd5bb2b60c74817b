package com.agentmitra.admin;

import com.agentmitra.lambda.EventFunction;
import com.agentmitra.lambda.EventShape;
import com.agentmitra.lambda.Invocation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code licenceExpiry} entry point: the EventBridge schedule (daily), or a direct invocation, checks every
 * tenant's agent licences ({@link LicenceExpiry}) and answers each tenant's report; any other event is refused
 * ({@link EventShape#schedule()}).
 */
final class LicenceExpiryFunction extends EventFunction<Map<String, Object>, Map<String, Object>, Map<String, Object>> {

    private final LicenceExpiry expiry;

    LicenceExpiryFunction(LicenceExpiry expiry) {
        super("licenceExpiry", EventShape.schedule());
        this.expiry = expiry;
    }

    @Override
    protected Map<String, Object> handle(Map<String, Object> event, Invocation invocation) {
        List<LicenceExpiry.Report> reports = expiry.runAll();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("tenants", reports);
        return answer;
    }
}
