-- Issue 19: access events. Who signed in, exported, downloaded a report or erased a customer, on what, when and from
-- which request, recorded where it happens in the same transaction as the act (an act that fails or rolls back
-- leaves no event), and listed in the audit trail the same way as changes: every row is copied into audit.audit_log
-- by the usual statement trigger (audit.record_changes, shared V051), so GET /audit?entity=access_events shows them
-- with the administrator's filters, cursor pages and archival (functions/archival moves audit_log rows with the
-- tenant's audit retention).
--
-- event            sign_in          a successful password (with its second factor, if any) or WhatsApp code sign-in
--                  sign_in_failed   a wrong password or second-factor code for an existing account (counted towards
--                                   its lockout, so at most five in a row before it locks: bounded); an identifier that
--                                   names no account is not recorded (it would store what someone typed)
--                  export           a report file asked for (POST /reports)
--                  report_download  a report file's download link handed out (GET /reports/{id})
--                  erasure          a customer's personal data erased (POST /policyholders/{id}/erasure, /me/erasure)
-- entity, entity_id  the record acted on: users (a sign-in: the account), portal_reports, policyholders. entity_id
--                  is the audit row's record id, so GET /audit?entity=access_events&entityId=<id> lists every access
--                  to that record (every sign-in of that account, every download of that report).
-- user_id, user_role who: the signed-in person (NULL only for a failed sign-in: nobody proved who they are).
-- request_id       the API request (API Gateway/Lambda request id) that did it, to find its logs. No source address,
--                  user agent, identifier typed, token, password or code is stored: the session row of a sign-in keeps
--                  its address under its own rules; the audit trail holds no more personal data than before.
-- detail           a small object of what the code knows beyond that (sign-in method, report type and format).
--
-- Writers insert as themselves: user_id must be the transaction's app.user_id (NULL with none) and user_role its
-- app.user_role, except that the backend's own work (system: the sign-in check, an erasure run as the backend for its
-- requester) names the role of the person it acts for. Only administrators of the tenant read the table (as they
-- read the audit trail); nobody updates or deletes a row. The rows here are the recording door; the audit trail is
-- where they are read, kept and archived.
--
-- The INSERT trigger's key argument is entity_id rather than the primary key: record_changes uses it only as the
-- audit row's record_id (there is no UPDATE to pair, the application role cannot update).

CREATE TABLE ${tenant_schema}.access_events (
    access_event_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id       uuid         NOT NULL DEFAULT '${tenant_id}'::uuid
                    CHECK (tenant_id = '${tenant_id}'::uuid),
    event           varchar(30)  NOT NULL
                    CHECK (event IN ('sign_in', 'sign_in_failed', 'export', 'report_download', 'erasure')),
    entity          varchar(63)  NOT NULL CHECK (entity ~ '^[a-z][a-z0-9_]{0,62}$'),
    entity_id       varchar(100) NOT NULL CHECK (entity_id <> ''),
    user_id         uuid,
    user_role       varchar(30),
    request_id      varchar(100),
    detail          jsonb        NOT NULL DEFAULT '{}'
                    CHECK (jsonb_typeof(detail) = 'object' AND octet_length(detail::text) <= 1000),
    occurred_at     timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT access_events_actor_known CHECK (event = 'sign_in_failed' OR (user_id IS NOT NULL AND user_role IS NOT NULL))
);

CALL shared.enable_tenant_isolation('${tenant_schema}.access_events');

CREATE POLICY administrators_read ON ${tenant_schema}.access_events AS RESTRICTIVE FOR SELECT
    USING (shared.current_app_role() IN ('insurance_provider_admin', 'super_admin'));

CREATE POLICY writers_insert_as_themselves ON ${tenant_schema}.access_events AS RESTRICTIVE FOR INSERT
    WITH CHECK (user_id IS NOT DISTINCT FROM shared.current_user_id()
                AND (user_role IS NOT DISTINCT FROM shared.current_app_role() OR shared.current_app_role() = 'system'));

REVOKE ALL ON ${tenant_schema}.access_events FROM agent_mitra_app;
GRANT SELECT, INSERT ON ${tenant_schema}.access_events TO agent_mitra_app;

CREATE TRIGGER audit_access_events_insert
    AFTER INSERT ON ${tenant_schema}.access_events
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit.record_changes('entity_id');
