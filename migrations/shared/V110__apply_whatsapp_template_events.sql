-- Issue 19: Meta's message_template_status_update and message_template_quality_update webhooks keep each
-- template's approval status and quality current, so a template Meta paused, disabled or rejected is refused by
-- the sender (it sends only approved ones, and says why) and GET /whatsapp/templates shows what Meta decided.
--
-- The application role only reads shared.whatsapp_templates (V014): this is its one door to change them, for work
-- that runs without a signed-in person (the inbound consumer), never for a request on someone's behalf.
-- status_reason: Meta's reason for a status (NONE is kept as no reason); status_event_at and quality_event_at: the
-- time of the event last applied, so a late or repeated delivery of an older event changes nothing.
ALTER TABLE shared.whatsapp_templates
    ADD COLUMN IF NOT EXISTS status_reason    varchar(200),
    ADD COLUMN IF NOT EXISTS status_event_at  timestamptz,
    ADD COLUMN IF NOT EXISTS quality_event_at timestamptz;

CREATE FUNCTION shared.apply_whatsapp_template_event(p_name varchar, p_language varchar, p_status varchar,
        p_reason varchar, p_quality varchar, p_at timestamptz) RETURNS integer
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_language varchar;
    v_rows integer := 0;
    v_more integer;
BEGIN
    IF shared.current_user_id() IS NOT NULL THEN
        RAISE EXCEPTION 'only the WhatsApp webhook applies Meta''s template events' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_name IS NULL OR p_language IS NULL OR p_at IS NULL THEN
        RAISE EXCEPTION 'a template event names the template, its language and when' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_status IS NOT NULL AND p_status NOT IN ('pending', 'approved', 'rejected', 'paused', 'disabled') THEN
        RAISE EXCEPTION 'not a template status: %', p_status USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_quality IS NOT NULL AND p_quality NOT IN ('GREEN', 'YELLOW', 'RED', 'UNKNOWN') THEN
        RAISE EXCEPTION 'not a template quality: %', p_quality USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- Meta names a language with its locale where it has one (en_US); ours are kept as registered (en, hi): the
    -- exact name first, else the language part
    SELECT t.language INTO v_language
      FROM shared.whatsapp_templates t
     WHERE t.template_name = p_name AND t.language IN (p_language, split_part(p_language, '_', 1))
     ORDER BY t.language = p_language DESC
     LIMIT 1;
    IF v_language IS NULL THEN
        RETURN 0;
    END IF;
    IF p_status IS NOT NULL THEN
        UPDATE shared.whatsapp_templates
           SET approval_status = p_status,
               status_reason = left(nullif(nullif(btrim(p_reason), ''), 'NONE'), 200),
               status_event_at = p_at
         WHERE template_name = p_name AND language = v_language
           AND (status_event_at IS NULL OR status_event_at <= p_at);
        GET DIAGNOSTICS v_rows = ROW_COUNT;
    END IF;
    IF p_quality IS NOT NULL THEN
        UPDATE shared.whatsapp_templates
           SET quality_rating = p_quality, quality_event_at = p_at
         WHERE template_name = p_name AND language = v_language
           AND (quality_event_at IS NULL OR quality_event_at <= p_at);
        GET DIAGNOSTICS v_more = ROW_COUNT;
        v_rows := v_rows + v_more;
    END IF;
    RETURN v_rows;
END
$$;

REVOKE ALL ON FUNCTION shared.apply_whatsapp_template_event(varchar, varchar, varchar, varchar, varchar, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION shared.apply_whatsapp_template_event(varchar, varchar, varchar, varchar, varchar, timestamptz) TO agent_mitra_app;
