-- Issue 14: Idempotency-Key on every POST that creates something. A client that did not hear the answer sends the
-- same request again with the same key; the first answer is replayed instead of creating a second resource. Keys are
-- per caller (two users may pick the same key) and live 24 hours. request_hash is SHA-256 of the method, path and
-- canonical JSON body: the same key with another request is refused (422). in_progress rows are leased
-- (locked_until): a duplicate arriving while the first is running is told to retry (409); a lease left by a function
-- that died ends, and the key may then be used again.

CREATE TABLE ${tenant_schema}.idempotency_keys (
    user_id           uuid         NOT NULL,
    idempotency_key   varchar(255) NOT NULL,
    tenant_id         uuid         NOT NULL DEFAULT '${tenant_id}'::uuid
                      CHECK (tenant_id = '${tenant_id}'::uuid),
    request_hash      char(64)     NOT NULL,
    status            varchar(20)  NOT NULL CHECK (status IN ('in_progress', 'done')),
    locked_until      timestamptz,
    response_status   integer,
    response_headers  jsonb,
    response_body     text,
    created_at        timestamptz  NOT NULL DEFAULT now(),
    expires_at        timestamptz  NOT NULL,
    PRIMARY KEY (user_id, idempotency_key)
);

CREATE INDEX idx_idempotency_keys_expires ON ${tenant_schema}.idempotency_keys (expires_at);

CALL shared.enable_tenant_isolation('${tenant_schema}.idempotency_keys');

-- a caller sees only their own keys
CREATE POLICY own_keys ON ${tenant_schema}.idempotency_keys AS RESTRICTIVE FOR ALL
    USING (user_id = shared.current_user_id() OR shared.current_app_role() = 'system')
    WITH CHECK (user_id = shared.current_user_id() OR shared.current_app_role() = 'system');
