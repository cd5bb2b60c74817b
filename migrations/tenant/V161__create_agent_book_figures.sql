-- Issue 20, big books: GET /agents/me/dashboard without aggregating the caller's whole book on every call. The
-- figures that do not move with the calendar (customers, active policies and their premium, lapsed policies) are
-- kept per agent in agent_book_figures; the ones that do (due in 7 and 30 days, in grace) come from agent_book_due,
-- the active policies' premium per agent and due date, of which the dashboard reads the 61 days around today.
-- Both are kept current by the writes themselves: statement triggers on insurance_policies and policyholders add
-- each statement's changes, aggregated per agent (and due date), in the writer's transaction, so a premium just
-- recorded shows at once, as it did when the dashboard was computed live.
--
-- Written only by the trigger functions and rebuild_agent_book_figures(), which run as the owner (SECURITY
-- DEFINER): the application role may read, through the same tenant and agent scope as the policies, never write.
-- The owner is not subject to row level security here (NO FORCE): the triggers fire for every writer, whatever
-- its scope, and must count every row. rebuild_agent_book_figures() recomputes both tables from the book (after a
-- load with triggers off, or to check them).

CREATE TABLE ${tenant_schema}.agent_book_figures (
    agent_id         uuid          PRIMARY KEY REFERENCES ${tenant_schema}.agents (agent_id) ON DELETE CASCADE,
    tenant_id        uuid          NOT NULL DEFAULT '${tenant_id}'::uuid
                     CHECK (tenant_id = '${tenant_id}'::uuid),
    policyholders    bigint        NOT NULL DEFAULT 0,
    active_policies  bigint        NOT NULL DEFAULT 0,
    active_premium   numeric(17,2) NOT NULL DEFAULT 0,
    lapsed_policies  bigint        NOT NULL DEFAULT 0
);

CREATE TABLE ${tenant_schema}.agent_book_due (
    agent_id   uuid          NOT NULL REFERENCES ${tenant_schema}.agents (agent_id) ON DELETE CASCADE,
    due_date   date          NOT NULL,
    tenant_id  uuid          NOT NULL DEFAULT '${tenant_id}'::uuid
               CHECK (tenant_id = '${tenant_id}'::uuid),
    policies   bigint        NOT NULL,
    premium    numeric(17,2) NOT NULL,
    PRIMARY KEY (agent_id, due_date)
);

CALL shared.enable_tenant_isolation('${tenant_schema}.agent_book_figures');
CALL shared.enable_tenant_isolation('${tenant_schema}.agent_book_due');
ALTER TABLE ${tenant_schema}.agent_book_figures NO FORCE ROW LEVEL SECURITY;
ALTER TABLE ${tenant_schema}.agent_book_due NO FORCE ROW LEVEL SECURITY;

CREATE POLICY agent_scope ON ${tenant_schema}.agent_book_figures AS RESTRICTIVE FOR SELECT
    USING (shared.has_tenant_wide_access() OR agent_id IN (SELECT ${tenant_schema}.visible_agent_ids()));
CREATE POLICY agent_scope ON ${tenant_schema}.agent_book_due AS RESTRICTIVE FOR SELECT
    USING (shared.has_tenant_wide_access() OR agent_id IN (SELECT ${tenant_schema}.visible_agent_ids()));

REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${tenant_schema}.agent_book_figures FROM agent_mitra_app;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${tenant_schema}.agent_book_due FROM agent_mitra_app;

-- One policy row's part in the figures: +1 as it is now, -1 as it was.
CREATE TYPE ${tenant_schema}.agent_book_change AS (
    agent_id   uuid,
    status     shared.policy_status_enum,
    premium    numeric,
    due_date   date,
    sign       integer
);

-- Adds the changes, aggregated per agent and per (agent, due date), to the figures; agents and due dates whose
-- figures do not change are not touched (no lock taken), and a due date left without policies is removed.
CREATE FUNCTION ${tenant_schema}.apply_agent_book_changes(p_changes ${tenant_schema}.agent_book_change[])
    RETURNS void
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF p_changes IS NULL OR cardinality(p_changes) = 0 THEN
        RETURN;
    END IF;
    WITH changes AS (
        SELECT * FROM unnest(p_changes) c WHERE c.agent_id IS NOT NULL
    ), figures AS (
        INSERT INTO ${tenant_schema}.agent_book_figures AS f (agent_id, active_policies, active_premium, lapsed_policies)
        SELECT c.agent_id,
               coalesce(sum(c.sign) FILTER (WHERE c.status = 'active'), 0),
               coalesce(sum(c.sign * c.premium) FILTER (WHERE c.status = 'active'), 0),
               coalesce(sum(c.sign) FILTER (WHERE c.status = 'lapsed'), 0)
          FROM changes c
         GROUP BY c.agent_id
        HAVING coalesce(sum(c.sign) FILTER (WHERE c.status = 'active'), 0) <> 0
            OR coalesce(sum(c.sign * c.premium) FILTER (WHERE c.status = 'active'), 0) <> 0
            OR coalesce(sum(c.sign) FILTER (WHERE c.status = 'lapsed'), 0) <> 0
         ORDER BY c.agent_id
        ON CONFLICT (agent_id) DO UPDATE
           SET active_policies = f.active_policies + excluded.active_policies,
               active_premium  = f.active_premium + excluded.active_premium,
               lapsed_policies = f.lapsed_policies + excluded.lapsed_policies
    )
    INSERT INTO ${tenant_schema}.agent_book_due AS d (agent_id, due_date, policies, premium)
    SELECT c.agent_id, c.due_date, sum(c.sign), sum(c.sign * c.premium)
      FROM changes c
     WHERE c.status = 'active' AND c.due_date IS NOT NULL
     GROUP BY c.agent_id, c.due_date
    HAVING sum(c.sign) <> 0 OR sum(c.sign * c.premium) <> 0
     ORDER BY c.agent_id, c.due_date
    ON CONFLICT (agent_id, due_date) DO UPDATE
       SET policies = d.policies + excluded.policies,
           premium  = d.premium + excluded.premium;

    DELETE FROM ${tenant_schema}.agent_book_due d
     USING (SELECT DISTINCT c.agent_id, c.due_date FROM unnest(p_changes) c
             WHERE c.status = 'active' AND c.due_date IS NOT NULL AND c.agent_id IS NOT NULL) k
     WHERE d.agent_id = k.agent_id AND d.due_date = k.due_date AND d.policies = 0;
END
$$;

-- Statement trigger on insurance_policies (one per event: transition tables allow no more). An update counts
-- only the rows whose agent, status, premium or due date changed.
CREATE FUNCTION ${tenant_schema}.agent_book_figures_from_policies() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_changes ${tenant_schema}.agent_book_change[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(ROW(n.agent_id, n.status, n.premium_amount, n.next_payment_date, 1)::${tenant_schema}.agent_book_change)
          INTO v_changes
          FROM new_rows n
         WHERE n.agent_id IS NOT NULL AND n.status IN ('active', 'lapsed');
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(ROW(o.agent_id, o.status, o.premium_amount, o.next_payment_date, -1)::${tenant_schema}.agent_book_change)
          INTO v_changes
          FROM old_rows o
         WHERE o.agent_id IS NOT NULL AND o.status IN ('active', 'lapsed');
    ELSE
        SELECT array_agg(c.change)
          INTO v_changes
          FROM (SELECT ROW(n.agent_id, n.status, n.premium_amount, n.next_payment_date, 1)::${tenant_schema}.agent_book_change AS change,
                       o.agent_id AS old_agent, o.status AS old_status, o.premium_amount AS old_premium,
                       o.next_payment_date AS old_due
                  FROM new_rows n JOIN old_rows o ON o.policy_id = n.policy_id
                 WHERE (n.agent_id, n.status, n.premium_amount, n.next_payment_date)
                       IS DISTINCT FROM (o.agent_id, o.status, o.premium_amount, o.next_payment_date)) moved,
               LATERAL (VALUES (moved.change),
                               (ROW(moved.old_agent, moved.old_status, moved.old_premium, moved.old_due, -1)::${tenant_schema}.agent_book_change)) c (change)
         WHERE (c.change).agent_id IS NOT NULL AND (c.change).status IN ('active', 'lapsed');
    END IF;
    PERFORM ${tenant_schema}.apply_agent_book_changes(v_changes);
    RETURN NULL;
END
$$;

CREATE TRIGGER agent_book_figures_insert
    AFTER INSERT ON ${tenant_schema}.insurance_policies
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ${tenant_schema}.agent_book_figures_from_policies();
CREATE TRIGGER agent_book_figures_update
    AFTER UPDATE ON ${tenant_schema}.insurance_policies
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ${tenant_schema}.agent_book_figures_from_policies();
CREATE TRIGGER agent_book_figures_delete
    AFTER DELETE ON ${tenant_schema}.insurance_policies
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ${tenant_schema}.agent_book_figures_from_policies();

-- Customers per agent: +1 where a customer is added or moved to, -1 where removed or moved from.
CREATE FUNCTION ${tenant_schema}.agent_book_figures_from_policyholders() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO ${tenant_schema}.agent_book_figures AS f (agent_id, policyholders)
        SELECT n.agent_id, count(*) FROM new_rows n WHERE n.agent_id IS NOT NULL
         GROUP BY n.agent_id ORDER BY n.agent_id
        ON CONFLICT (agent_id) DO UPDATE SET policyholders = f.policyholders + excluded.policyholders;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO ${tenant_schema}.agent_book_figures AS f (agent_id, policyholders)
        SELECT o.agent_id, -count(*) FROM old_rows o WHERE o.agent_id IS NOT NULL
         GROUP BY o.agent_id ORDER BY o.agent_id
        ON CONFLICT (agent_id) DO UPDATE SET policyholders = f.policyholders + excluded.policyholders;
    ELSE
        INSERT INTO ${tenant_schema}.agent_book_figures AS f (agent_id, policyholders)
        SELECT moved.agent_id, sum(moved.sign)
          FROM (SELECT n.agent_id, 1 AS sign FROM new_rows n JOIN old_rows o ON o.policyholder_id = n.policyholder_id
                 WHERE n.agent_id IS DISTINCT FROM o.agent_id
                UNION ALL
                SELECT o.agent_id, -1 FROM new_rows n JOIN old_rows o ON o.policyholder_id = n.policyholder_id
                 WHERE n.agent_id IS DISTINCT FROM o.agent_id) moved
         WHERE moved.agent_id IS NOT NULL
         GROUP BY moved.agent_id HAVING sum(moved.sign) <> 0 ORDER BY moved.agent_id
        ON CONFLICT (agent_id) DO UPDATE SET policyholders = f.policyholders + excluded.policyholders;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER agent_book_figures_insert
    AFTER INSERT ON ${tenant_schema}.policyholders
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ${tenant_schema}.agent_book_figures_from_policyholders();
CREATE TRIGGER agent_book_figures_update
    AFTER UPDATE ON ${tenant_schema}.policyholders
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ${tenant_schema}.agent_book_figures_from_policyholders();
CREATE TRIGGER agent_book_figures_delete
    AFTER DELETE ON ${tenant_schema}.policyholders
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ${tenant_schema}.agent_book_figures_from_policyholders();

-- Recomputes both tables from the book. Runs as the owner with this tenant and the system role set for its
-- duration (row level security is forced on the tables it reads, for the owner too), as
-- refresh_agent_dashboard_metrics() (V022) does. Writers wait while it runs (the lock), so a write is counted
-- either in the recount or on top of it, never twice or not at all.
CREATE FUNCTION ${tenant_schema}.rebuild_agent_book_figures() RETURNS void
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_caller_tenant text := current_setting('app.tenant_id', true);
    v_caller_role   text := current_setting('app.user_role', true);
BEGIN
    PERFORM set_config('app.tenant_id', '${tenant_id}', true),
            set_config('app.user_role', 'system', true);
    LOCK TABLE ${tenant_schema}.agent_book_figures, ${tenant_schema}.agent_book_due IN SHARE ROW EXCLUSIVE MODE;
    DELETE FROM ${tenant_schema}.agent_book_due;
    DELETE FROM ${tenant_schema}.agent_book_figures;
    INSERT INTO ${tenant_schema}.agent_book_figures
           (agent_id, policyholders, active_policies, active_premium, lapsed_policies)
    SELECT coalesce(h.agent_id, p.agent_id), coalesce(h.customers, 0), coalesce(p.active, 0),
           coalesce(p.premium, 0), coalesce(p.lapsed, 0)
      FROM (SELECT agent_id, count(*) AS customers
              FROM ${tenant_schema}.policyholders WHERE agent_id IS NOT NULL GROUP BY agent_id) h
      FULL JOIN (SELECT agent_id,
                        count(*) FILTER (WHERE status = 'active') AS active,
                        sum(premium_amount) FILTER (WHERE status = 'active') AS premium,
                        count(*) FILTER (WHERE status = 'lapsed') AS lapsed
                   FROM ${tenant_schema}.insurance_policies
                  WHERE agent_id IS NOT NULL AND status IN ('active', 'lapsed')
                  GROUP BY agent_id) p ON p.agent_id = h.agent_id;
    INSERT INTO ${tenant_schema}.agent_book_due (agent_id, due_date, policies, premium)
    SELECT agent_id, next_payment_date, count(*), sum(premium_amount)
      FROM ${tenant_schema}.insurance_policies
     WHERE status = 'active' AND agent_id IS NOT NULL AND next_payment_date IS NOT NULL
     GROUP BY agent_id, next_payment_date;
    PERFORM set_config('app.tenant_id', coalesce(v_caller_tenant, ''), true),
            set_config('app.user_role', coalesce(v_caller_role, ''), true);
END
$$;

REVOKE EXECUTE ON FUNCTION ${tenant_schema}.apply_agent_book_changes(${tenant_schema}.agent_book_change[]) FROM PUBLIC, agent_mitra_app;
REVOKE EXECUTE ON FUNCTION ${tenant_schema}.rebuild_agent_book_figures() FROM PUBLIC, agent_mitra_app;

SELECT ${tenant_schema}.rebuild_agent_book_figures();

COMMENT ON TABLE ${tenant_schema}.agent_book_figures IS
    'Per agent: customers, active policies and their premium, lapsed policies; kept by triggers (V161)';
COMMENT ON TABLE ${tenant_schema}.agent_book_due IS
    'Per agent and due date: active policies and their premium; kept by triggers (V161)';
