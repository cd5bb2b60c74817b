package com.agentmitra.admin;

import static com.agentmitra.data.jooq.shared.Tables.WHATSAPP_TEMPLATES;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.lambda.Page;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.impl.DSL;

/**
 * {@code GET /whatsapp/templates}: the platform's WhatsApp templates ({@code shared.whatsapp_templates}) with
 * language, category, approval status and quality, for administrators, so they can see why a message kind is not
 * going out. Filter by {@code language} and {@code status}. At most {@value #MAX} rows (the table holds tens).
 */
final class WhatsappTemplateList {

    static final int MAX = 500;
    private static final Set<String> STATUSES = Set.of("pending", "approved", "rejected", "paused", "disabled");

    record TemplateView(String name, String language, String category, String approvalStatus, String quality,
            int parameterCount, String content, String whatsappTemplateId, Instant updatedAt) {}

    private final Database database;

    WhatsappTemplateList(Database database) {
        this.database = database;
    }

    Page<TemplateView> list(Caller caller, Optional<String> language, Optional<String> status) {
        Access.administrator(caller);
        if (language.isPresent() && !language.get().matches("[a-z]{2,3}")) {
            throw ApiProblem.InvalidInput.field("language", "must be a language code such as en or hi");
        }
        if (status.isPresent() && !STATUSES.contains(status.get())) {
            throw ApiProblem.InvalidInput.field("status", "must be one of approved, pending, rejected, paused, disabled");
        }
        var t = WHATSAPP_TEMPLATES;
        Condition where = DSL.noCondition();
        if (language.isPresent()) {
            where = where.and(t.LANGUAGE.eq(language.get()));
        }
        if (status.isPresent()) {
            where = where.and(t.APPROVAL_STATUS.eq(status.get()));
        }
        Condition filter = where;
        return Page.last(database.inTransaction(caller, tx -> tx.select(t.TEMPLATE_NAME, t.LANGUAGE, t.CATEGORY,
                        t.APPROVAL_STATUS, t.QUALITY_RATING, t.PARAMETER_COUNT, t.CONTENT, t.WHATSAPP_TEMPLATE_ID,
                        t.UPDATED_AT)
                .from(t).where(filter).orderBy(t.TEMPLATE_NAME, t.LANGUAGE).limit(MAX)
                .fetch(r -> new TemplateView(r.value1(), r.value2(), r.value3(), r.value4(),
                        r.value5() == null ? "UNKNOWN" : r.value5(), r.value6(), r.value7(), r.value8(), r.value9()))));
    }
}
