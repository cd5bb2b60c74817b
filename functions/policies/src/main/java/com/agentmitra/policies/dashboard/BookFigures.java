package com.agentmitra.policies.dashboard;

import static com.agentmitra.data.jooq.tenant.Tables.INSURANCE_POLICIES;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;
import org.jooq.Record;
import org.jooq.TableField;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.jooq.impl.TableImpl;

/**
 * The dashboard's figures kept per agent by the writes (tenant V161), declared here as the generated tables are
 * (same tenant schema, so the tenant's schema mapping applies) until the data module's code generation carries them.
 */
final class BookFigures {

    private BookFigures() {}

    /** Per agent: customers, active policies and their premium, lapsed policies. */
    static final class Totals extends TableImpl<Record> {
        static final Totals TABLE = new Totals();

        final TableField<Record, UUID> AGENT_ID = createField(DSL.name("agent_id"), SQLDataType.UUID, this, "");
        final TableField<Record, Long> POLICYHOLDERS = createField(DSL.name("policyholders"), SQLDataType.BIGINT,
                this, "");
        final TableField<Record, Long> ACTIVE_POLICIES = createField(DSL.name("active_policies"), SQLDataType.BIGINT,
                this, "");
        final TableField<Record, BigDecimal> ACTIVE_PREMIUM = createField(DSL.name("active_premium"),
                SQLDataType.NUMERIC(17, 2), this, "");
        final TableField<Record, Long> LAPSED_POLICIES = createField(DSL.name("lapsed_policies"), SQLDataType.BIGINT,
                this, "");

        private Totals() {
            super(DSL.name("agent_book_figures"), INSURANCE_POLICIES.getSchema());
        }
    }

    /** Per agent and due date: active policies and their premium. */
    static final class Due extends TableImpl<Record> {
        static final Due TABLE = new Due();

        final TableField<Record, UUID> AGENT_ID = createField(DSL.name("agent_id"), SQLDataType.UUID, this, "");
        final TableField<Record, LocalDate> DUE_DATE = createField(DSL.name("due_date"), SQLDataType.LOCALDATE,
                this, "");
        final TableField<Record, Long> POLICIES = createField(DSL.name("policies"), SQLDataType.BIGINT, this, "");
        final TableField<Record, BigDecimal> PREMIUM = createField(DSL.name("premium"), SQLDataType.NUMERIC(17, 2),
                this, "");

        private Due() {
            super(DSL.name("agent_book_due"), INSURANCE_POLICIES.getSchema());
        }
    }
}
