-- Role-based access control (seed §2.2). A user's primary role is users.role; user_roles
-- adds further roles. Permissions are granted to roles through role_permissions only.

CREATE TABLE ${tenant_schema}.roles (
    role_id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id        uuid         NOT NULL DEFAULT '${tenant_id}'::uuid
                     CHECK (tenant_id = '${tenant_id}'::uuid),
    role_name        varchar(100) NOT NULL UNIQUE,   -- system roles: a user_role_enum label
    role_description text,
    is_system_role   boolean      NOT NULL DEFAULT false,
    created_at       timestamptz  NOT NULL DEFAULT now()
);

CREATE TABLE ${tenant_schema}.permissions (
    permission_id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id              uuid         NOT NULL DEFAULT '${tenant_id}'::uuid
                           CHECK (tenant_id = '${tenant_id}'::uuid),
    permission_name        varchar(100) NOT NULL UNIQUE,  -- resource:action, e.g. policy:read
    permission_description text,
    resource_type          varchar(50),
    action                 varchar(50),
    created_at             timestamptz  NOT NULL DEFAULT now()
);

CREATE TABLE ${tenant_schema}.user_roles (
    assignment_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id     uuid        NOT NULL DEFAULT '${tenant_id}'::uuid
                  CHECK (tenant_id = '${tenant_id}'::uuid),
    user_id       uuid        NOT NULL REFERENCES ${tenant_schema}.users (user_id) ON DELETE CASCADE,
    role_id       uuid        NOT NULL REFERENCES ${tenant_schema}.roles (role_id) ON DELETE CASCADE,
    assigned_by   uuid        REFERENCES ${tenant_schema}.users (user_id) ON DELETE SET NULL,
    assigned_at   timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz,
    UNIQUE (user_id, role_id)
);

CREATE TABLE ${tenant_schema}.role_permissions (
    assignment_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id     uuid        NOT NULL DEFAULT '${tenant_id}'::uuid
                  CHECK (tenant_id = '${tenant_id}'::uuid),
    role_id       uuid        NOT NULL REFERENCES ${tenant_schema}.roles (role_id) ON DELETE CASCADE,
    permission_id uuid        NOT NULL REFERENCES ${tenant_schema}.permissions (permission_id) ON DELETE CASCADE,
    granted_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (role_id, permission_id)
);

CREATE INDEX idx_user_roles_role ON ${tenant_schema}.user_roles (role_id);
CREATE INDEX idx_role_permissions_permission ON ${tenant_schema}.role_permissions (permission_id);

CALL shared.enable_tenant_isolation('${tenant_schema}.roles');
CALL shared.enable_tenant_isolation('${tenant_schema}.permissions');
CALL shared.enable_tenant_isolation('${tenant_schema}.user_roles');
CALL shared.enable_tenant_isolation('${tenant_schema}.role_permissions');
