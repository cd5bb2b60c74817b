-- Issue 13: record_consent() (V102) for a whole batch at once, for the Excel import. Called once per statement, it
-- cost about 1.1 ms each (a PL/pgSQL call, a locked read, an INSERT and an UPDATE each with its audit statement
-- trigger): a register with a consent column on every one of 100,000 rows spent 127 s there. record_consents()
-- applies the same rules to arrays of statements made at one time from one source: every customer named is locked
-- first (in id order, as record_consent's callers do), then one INSERT appends every statement to the ledger and one
-- UPDATE sets the current state of every customer whose statement became current (both purposes of a customer in the
-- same row update: two updates of one row in one statement would lose one). A customer and purpose named twice in
-- one call is taken once, as first given. Answers how many statements were recorded and how many became current.
-- The rules are record_consent's, stated again here on sets; the import module's consent tests hold through it.

CREATE FUNCTION ${tenant_schema}.record_consents(
    p_policyholder_ids uuid[],
    p_purposes         varchar[],
    p_granted          boolean[],
    p_evidence         varchar[],
    p_source           varchar,
    p_notice_version   varchar,
    p_said_at          timestamptz,
    p_import_id        uuid)
RETURNS TABLE (recorded bigint, applied bigint)
LANGUAGE plpgsql
AS $$
DECLARE
    v_user    text := nullif(pg_catalog.current_setting('app.user_id', true), '');
    v_user_id uuid;
    v_role    text := nullif(pg_catalog.current_setting('app.user_role', true), '');
BEGIN
    IF p_said_at IS NULL OR p_said_at > pg_catalog.now() + interval '2 minutes' THEN
        RAISE EXCEPTION 'a consent statement cannot be made in the future' USING ERRCODE = 'check_violation';
    END IF;
    IF cardinality(p_policyholder_ids) IS DISTINCT FROM cardinality(p_purposes)
       OR cardinality(p_policyholder_ids) IS DISTINCT FROM cardinality(p_granted)
       OR cardinality(p_policyholder_ids) IS DISTINCT FROM cardinality(p_evidence) THEN
        RAISE EXCEPTION 'record_consents() takes arrays of one length' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF v_user ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
        v_user_id := v_user::uuid;
    END IF;

    PERFORM 1 FROM ${tenant_schema}.policyholders p
      WHERE p.policyholder_id = ANY (p_policyholder_ids)
      ORDER BY p.policyholder_id
        FOR UPDATE;

    RETURN QUERY
    WITH input AS (
        SELECT DISTINCT ON (t.id, t.purpose) t.id, t.purpose, t.granted, t.evidence
          FROM unnest(p_policyholder_ids, p_purposes, p_granted, p_evidence) WITH ORDINALITY
               AS t(id, purpose, granted, evidence, n)
         ORDER BY t.id, t.purpose, t.n),
    judged AS (
        SELECT i.id, i.purpose, i.granted, i.evidence,
               (s.state_at IS NULL OR p_said_at >= s.state_at)
               AND NOT (p_source = 'import' AND NOT i.granted AND s.state
                        AND coalesce((SELECT e.source = 'import'
                                        FROM ${tenant_schema}.consent_events e
                                       WHERE e.policyholder_id = i.id AND e.purpose = i.purpose AND e.applied
                                       ORDER BY e.said_at DESC, e.recorded_at DESC
                                       LIMIT 1), false) IS NOT TRUE) AS applied
          FROM input i
          JOIN ${tenant_schema}.policyholders p ON p.policyholder_id = i.id
         CROSS JOIN LATERAL (SELECT CASE WHEN i.purpose = 'whatsapp_marketing' THEN p.whatsapp_marketing_opt_in
                                         ELSE p.whatsapp_utility_opt_in END AS state,
                                    CASE WHEN i.purpose = 'whatsapp_marketing' THEN p.whatsapp_marketing_consent_at
                                         ELSE p.whatsapp_utility_consent_at END AS state_at) s),
    ledger AS (
        INSERT INTO ${tenant_schema}.consent_events
            (policyholder_id, purpose, granted, source, evidence, notice_version, said_at, recorded_by,
             recorded_by_role, import_id, applied)
        SELECT j.id, j.purpose, j.granted, p_source, j.evidence, p_notice_version, p_said_at, v_user_id, v_role,
               p_import_id, j.applied
          FROM judged j
        RETURNING 1),
    latest AS (
        SELECT j.id,
               bool_or(j.applied AND j.purpose = 'whatsapp_utility') AS utility,
               bool_or(j.granted) FILTER (WHERE j.applied AND j.purpose = 'whatsapp_utility') AS utility_granted,
               bool_or(j.applied AND j.purpose = 'whatsapp_marketing') AS marketing,
               bool_or(j.granted) FILTER (WHERE j.applied AND j.purpose = 'whatsapp_marketing') AS marketing_granted
          FROM judged j
         GROUP BY j.id),
    changed AS (
        UPDATE ${tenant_schema}.policyholders p
           SET whatsapp_utility_opt_in = CASE WHEN c.utility THEN c.utility_granted ELSE p.whatsapp_utility_opt_in END,
               whatsapp_utility_consent_at = CASE WHEN c.utility THEN p_said_at ELSE p.whatsapp_utility_consent_at END,
               whatsapp_marketing_opt_in = CASE WHEN c.marketing THEN c.marketing_granted
                                                ELSE p.whatsapp_marketing_opt_in END,
               whatsapp_marketing_consent_at = CASE WHEN c.marketing THEN p_said_at
                                                    ELSE p.whatsapp_marketing_consent_at END,
               whatsapp_consent_updated_at = greatest(p.whatsapp_consent_updated_at, p_said_at)
          FROM latest c
         WHERE p.policyholder_id = c.id AND (c.utility OR c.marketing)
        RETURNING 1)
    SELECT (SELECT count(*) FROM ledger)::bigint, (SELECT count(*) FROM judged j WHERE j.applied)::bigint;
END
$$;

REVOKE EXECUTE ON FUNCTION ${tenant_schema}.record_consents(uuid[], varchar[], boolean[], varchar[], varchar, varchar,
    timestamptz, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ${tenant_schema}.record_consents(uuid[], varchar[], boolean[], varchar[], varchar, varchar,
    timestamptz, uuid) TO agent_mitra_app;
