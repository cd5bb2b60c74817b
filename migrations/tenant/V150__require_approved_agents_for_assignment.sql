-- Issue 19: an agent who is not approved (status pending_approval or rejected) cannot be given customers or
-- callbacks, whoever writes: the portal, the importer, the callback API, the sweeper, a migration.
--
-- * policyholders.agent_id and callback_requests.agent_id: a row inserted with, or moved to, such an agent is
--   refused (check_violation, constraint name agent_not_approved). A row that stays with its agent is left alone.
-- * agent_callback_capacity: such an agent's capacity row is never available, so auto-assignment (which only
--   takes available capacity) never picks them and never fails on the check above; approving an agent leaves
--   the row unavailable until the agent (or an administrator) turns availability on.
-- * agents: moving an agent to pending_approval or rejected takes their capacity out of auto-assignment at once.

CREATE FUNCTION ${tenant_schema}.require_approved_agent() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_status text;
BEGIN
    IF NEW.agent_id IS NULL THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.agent_id IS NOT DISTINCT FROM OLD.agent_id THEN
        RETURN NEW;
    END IF;
    SELECT a.status::text INTO v_status FROM ${tenant_schema}.agents a WHERE a.agent_id = NEW.agent_id;
    IF v_status IN ('pending_approval', 'rejected') THEN
        RAISE EXCEPTION 'agent % is not approved (%): it cannot be given customers or callbacks', NEW.agent_id, v_status
            USING ERRCODE = 'check_violation', CONSTRAINT = 'agent_not_approved', TABLE = TG_TABLE_NAME;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER policyholders_require_approved_agent
    BEFORE INSERT OR UPDATE OF agent_id ON ${tenant_schema}.policyholders
    FOR EACH ROW EXECUTE FUNCTION ${tenant_schema}.require_approved_agent();

CREATE TRIGGER callback_requests_require_approved_agent
    BEFORE INSERT OR UPDATE OF agent_id ON ${tenant_schema}.callback_requests
    FOR EACH ROW EXECUTE FUNCTION ${tenant_schema}.require_approved_agent();

CREATE FUNCTION ${tenant_schema}.unavailable_unless_approved() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NEW.is_available AND EXISTS (SELECT 1 FROM ${tenant_schema}.agents a
                                     WHERE a.agent_id = NEW.agent_id
                                       AND a.status IN ('pending_approval', 'rejected')) THEN
        NEW.is_available := false;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER agent_callback_capacity_unavailable_unless_approved
    BEFORE INSERT OR UPDATE ON ${tenant_schema}.agent_callback_capacity
    FOR EACH ROW EXECUTE FUNCTION ${tenant_schema}.unavailable_unless_approved();

CREATE FUNCTION ${tenant_schema}.withdraw_capacity_of_unapproved_agent() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    UPDATE ${tenant_schema}.agent_callback_capacity k
       SET is_available = false
     WHERE k.agent_id = NEW.agent_id AND k.is_available;
    RETURN NULL;
END
$$;

CREATE TRIGGER agents_withdraw_capacity_unless_approved
    AFTER INSERT OR UPDATE OF status ON ${tenant_schema}.agents
    FOR EACH ROW
    WHEN (NEW.status IN ('pending_approval', 'rejected'))
    EXECUTE FUNCTION ${tenant_schema}.withdraw_capacity_of_unapproved_agent();

REVOKE EXECUTE ON FUNCTION ${tenant_schema}.require_approved_agent(),
    ${tenant_schema}.unavailable_unless_approved(),
    ${tenant_schema}.withdraw_capacity_of_unapproved_agent() FROM PUBLIC;
