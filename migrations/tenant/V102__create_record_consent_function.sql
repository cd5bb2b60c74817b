-- Issue 13: the one way consent changes. Appends the statement to the ledger (V101) and, when it is the customer's
-- latest statement for that purpose, makes it the current state on policyholders (V100), in the caller's
-- transaction. Every producer calls it: the API (agent_recorded, app), the Excel import (import) and the WhatsApp
-- webhook (whatsapp_reply), so one rule holds everywhere:
--   - the statement the customer made last wins, by said_at, whatever order statements arrive in; a statement
--     made at the same instant as the current one wins by arriving later (as STOP/START always did);
--   - an import's "no" never withdraws a "yes" the customer gave through any other source (an agent's register
--     may be months old; the customer's own word is not overruled by it);
--   - concurrent statements about one customer are applied one at a time (the customer's row is locked first).
-- Answers whether the statement became the current one. Runs as the caller (row level security applies: an agent
-- can record consent only for customers they may see; a customer only for themself). Times in the future are
-- refused (check_violation); an unknown customer raises no_data_found.

CREATE FUNCTION ${tenant_schema}.record_consent(
    p_policyholder_id uuid,
    p_purpose         varchar,
    p_granted         boolean,
    p_source          varchar,
    p_evidence        varchar,
    p_notice_version  varchar,
    p_said_at         timestamptz,
    p_import_id       uuid)
RETURNS boolean
LANGUAGE plpgsql
AS $$
DECLARE
    v_state      boolean;
    v_state_at   timestamptz;
    v_last_src   varchar;
    v_applied    boolean;
    v_user       text := nullif(pg_catalog.current_setting('app.user_id', true), '');
    v_user_id    uuid;
BEGIN
    IF p_said_at IS NULL OR p_said_at > pg_catalog.now() + interval '2 minutes' THEN
        RAISE EXCEPTION 'a consent statement cannot be made in the future' USING ERRCODE = 'check_violation';
    END IF;
    IF v_user ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
        v_user_id := v_user::uuid;
    END IF;

    SELECT CASE WHEN p_purpose = 'whatsapp_marketing' THEN p.whatsapp_marketing_opt_in ELSE p.whatsapp_utility_opt_in END,
           CASE WHEN p_purpose = 'whatsapp_marketing' THEN p.whatsapp_marketing_consent_at
                ELSE p.whatsapp_utility_consent_at END
      INTO v_state, v_state_at
      FROM ${tenant_schema}.policyholders p
     WHERE p.policyholder_id = p_policyholder_id
       FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no such customer' USING ERRCODE = 'no_data_found';
    END IF;

    v_applied := v_state_at IS NULL OR p_said_at >= v_state_at;
    IF v_applied AND p_source = 'import' AND NOT p_granted AND v_state THEN
        SELECT e.source INTO v_last_src
          FROM ${tenant_schema}.consent_events e
         WHERE e.policyholder_id = p_policyholder_id AND e.purpose = p_purpose AND e.applied
         ORDER BY e.said_at DESC, e.recorded_at DESC
         LIMIT 1;
        -- a "yes" with no ledger entry (set before the ledger existed) counts as given elsewhere
        v_applied := coalesce(v_last_src = 'import', false);
    END IF;

    INSERT INTO ${tenant_schema}.consent_events
        (policyholder_id, purpose, granted, source, evidence, notice_version, said_at, recorded_by,
         recorded_by_role, import_id, applied)
    VALUES (p_policyholder_id, p_purpose, p_granted, p_source, p_evidence, p_notice_version, p_said_at, v_user_id,
            nullif(pg_catalog.current_setting('app.user_role', true), ''), p_import_id, v_applied);

    IF v_applied THEN
        IF p_purpose = 'whatsapp_marketing' THEN
            UPDATE ${tenant_schema}.policyholders
               SET whatsapp_marketing_opt_in = p_granted, whatsapp_marketing_consent_at = p_said_at,
                   whatsapp_consent_updated_at = greatest(whatsapp_consent_updated_at, p_said_at)
             WHERE policyholder_id = p_policyholder_id;
        ELSE
            UPDATE ${tenant_schema}.policyholders
               SET whatsapp_utility_opt_in = p_granted, whatsapp_utility_consent_at = p_said_at,
                   whatsapp_consent_updated_at = greatest(whatsapp_consent_updated_at, p_said_at)
             WHERE policyholder_id = p_policyholder_id;
        END IF;
    END IF;
    RETURN v_applied;
END
$$;

REVOKE EXECUTE ON FUNCTION ${tenant_schema}.record_consent(uuid, varchar, boolean, varchar, varchar, varchar,
    timestamptz, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ${tenant_schema}.record_consent(uuid, varchar, boolean, varchar, varchar, varchar,
    timestamptz, uuid) TO agent_mitra_app;
