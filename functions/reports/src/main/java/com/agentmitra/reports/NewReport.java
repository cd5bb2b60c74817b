package com.agentmitra.reports;

import java.util.Map;

/**
 * {@code POST /reports}: {@code {"type": "premium_due", "format": "xlsx", "filters": {"from": "2026-12-01",
 * "to": "2026-12-31"}}}. Unknown fields are refused by the shared JSON reader; {@link Reports#request} checks the
 * rest.
 */
record NewReport(String type, String format, Map<String, Object> filters) {}
