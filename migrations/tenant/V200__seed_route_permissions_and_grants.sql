-- Issue 19: route authorization reads the permission model. Every API route is mapped to one permission (or to
-- "public" / "self") in shared/lambda's route-permissions.txt, and the HTTP layer lets a caller through only when one
-- of their roles holds that permission. This file adds the permissions the routes need that V006 did not have, and
-- sets the grants so that a role holds a route's permission exactly when today's code lets that role reach the route
-- (the code checks stay as a second gate). Where a route reaches every role today (row level security narrowing
-- what each sees), every role gets its permission, guests included: revoking it is now an administrator's choice.
-- super_admin holds every permission (V006's '*': it is granted every permission here too, and the HTTP layer treats
-- super_admin as holding every permission whatever its rows say).

SELECT set_config('app.tenant_id', '${tenant_id}', true), set_config('app.user_role', 'system', true);

INSERT INTO ${tenant_schema}.permissions (permission_name, permission_description, resource_type, action) VALUES
    ('user:mfa_reset',        'Reset another user''s two-factor sign-in',                    'user',         'admin'),
    ('policyholder:export',   'Export a customer''s data (access request)',                  'policyholder', 'read'),
    ('policyholder:erase',    'Erase a customer''s personal data',                           'policyholder', 'delete'),
    ('profile:erase',         'Erase own personal data (customers)',                         'profile',      'delete'),
    ('callback:update',       'Change a callback''s status (a customer: cancel their own)',  'callback',     'update'),
    ('callback:rate',         'Rate a completed callback (customers)',                       'callback',     'update'),
    ('callback:capacity',     'Read and set agents'' callback capacity',                     'callback',     'admin'),
    ('callback:configure',    'Manage callback escalation rules, queues and reply templates', 'callback',    'admin'),
    ('conversation:read',     'Read WhatsApp conversations, notes and canned replies',       'conversation', 'read'),
    ('conversation:write',    'Write notes and canned replies',                              'conversation', 'create'),
    ('conversation:assign',   'Hand a conversation to another agent',                        'conversation', 'update'),
    ('report:create',         'Request report files',                                        'report',       'create'),
    ('dashboard:update',      'Arrange own portal dashboard',                                'dashboard',    'update'),
    ('event:record',          'Send app usage events',                                       'event',        'create'),
    ('audit:read',            'Read the audit trail',                                        'audit',        'read'),
    ('whatsapp:templates',    'Read WhatsApp templates and their approval state',            'whatsapp',     'read'),
    ('content:view',          'Browse, watch and rate content',                              'content',      'read'),
    ('content:publish',       'Add, change and delete content',                              'content',      'create'),
    ('content:moderate',      'Approve, reject and feature content',                         'content',      'admin'),
    ('content:share',         'Share content with customers',                                'content',      'create'),
    ('content:analytics',     'Read content analytics',                                      'content',      'read')
ON CONFLICT (permission_name) DO NOTHING;

-- Grants that today's code lets through and V006 did not give.
INSERT INTO ${tenant_schema}.role_permissions (role_id, permission_id)
SELECT r.role_id, p.permission_id
FROM (VALUES
    -- user administration: regional managers create, change, suspend and reactivate agents of their region
    ('regional_manager', 'user:manage'),
    ('insurance_provider_admin', 'user:mfa_reset'),
    ('insurance_provider_admin', 'role:manage'),
    ('insurance_provider_admin', 'tenant:configure'),
    ('insurance_provider_admin', 'callback:configure'),
    ('insurance_provider_admin', 'audit:read'),
    ('insurance_provider_admin', 'whatsapp:templates'),
    -- customers and their policies: every role reads (row level security decides what), staff write
    ('policyholder', 'policyholder:read'), ('guest', 'policyholder:read'),
    ('regional_manager', 'policyholder:create'), ('support_staff', 'policyholder:create'),
    ('regional_manager', 'policyholder:update'), ('support_staff', 'policyholder:update'),
    ('guest', 'policy:read'),
    ('regional_manager', 'policy:create'), ('support_staff', 'policy:create'),
    ('regional_manager', 'policy:update'), ('support_staff', 'policy:update'),
    ('guest', 'payment:read'),
    ('regional_manager', 'payment:record'), ('support_staff', 'payment:record'),
    ('insurance_provider_admin', 'policyholder:export'), ('regional_manager', 'policyholder:export'),
    ('senior_agent', 'policyholder:export'), ('junior_agent', 'policyholder:export'),
    ('policyholder', 'policyholder:export'), ('support_staff', 'policyholder:export'), ('guest', 'policyholder:export'),
    ('insurance_provider_admin', 'policyholder:erase'), ('regional_manager', 'policyholder:erase'),
    ('senior_agent', 'policyholder:erase'), ('junior_agent', 'policyholder:erase'),
    ('support_staff', 'policyholder:erase'),
    ('guest', 'profile:update'),
    ('policyholder', 'profile:erase'),
    -- callbacks
    ('insurance_provider_admin', 'callback:create'), ('regional_manager', 'callback:create'),
    ('insurance_provider_admin', 'callback:resolve'), ('regional_manager', 'callback:resolve'),
    ('insurance_provider_admin', 'callback:update'), ('regional_manager', 'callback:update'),
    ('senior_agent', 'callback:update'), ('junior_agent', 'callback:update'),
    ('policyholder', 'callback:update'), ('support_staff', 'callback:update'),
    ('policyholder', 'callback:rate'),
    ('insurance_provider_admin', 'callback:capacity'), ('regional_manager', 'callback:capacity'),
    ('senior_agent', 'callback:capacity'), ('junior_agent', 'callback:capacity'), ('support_staff', 'callback:capacity'),
    -- conversations: agents, managers and staff; handing a thread over: managers and staff
    ('insurance_provider_admin', 'conversation:read'), ('regional_manager', 'conversation:read'),
    ('senior_agent', 'conversation:read'), ('junior_agent', 'conversation:read'), ('support_staff', 'conversation:read'),
    ('insurance_provider_admin', 'conversation:write'), ('regional_manager', 'conversation:write'),
    ('senior_agent', 'conversation:write'), ('junior_agent', 'conversation:write'),
    ('support_staff', 'conversation:write'),
    ('insurance_provider_admin', 'conversation:assign'), ('regional_manager', 'conversation:assign'),
    ('senior_agent', 'conversation:assign'), ('support_staff', 'conversation:assign'),
    ('insurance_provider_admin', 'whatsapp:send'), ('regional_manager', 'whatsapp:send'),
    ('support_staff', 'whatsapp:send'),
    -- reports and dashboards: agents, managers and staff
    ('support_staff', 'report:read'),
    ('insurance_provider_admin', 'report:create'), ('regional_manager', 'report:create'),
    ('senior_agent', 'report:create'), ('junior_agent', 'report:create'), ('support_staff', 'report:create'),
    ('insurance_provider_admin', 'dashboard:update'), ('regional_manager', 'dashboard:update'),
    ('senior_agent', 'dashboard:update'), ('junior_agent', 'dashboard:update'), ('support_staff', 'dashboard:update'),
    ('insurance_provider_admin', 'event:record'), ('regional_manager', 'event:record'),
    ('senior_agent', 'event:record'), ('junior_agent', 'event:record'), ('policyholder', 'event:record'),
    ('support_staff', 'event:record'),
    -- imports: whoever has an agent book starts one; everyone reads (row level security decides what)
    ('regional_manager', 'import:run'),
    ('policyholder', 'import:read'), ('guest', 'import:read'),
    ('senior_agent', 'template:manage'), ('junior_agent', 'template:manage'),
    -- content library (issue 18)
    ('insurance_provider_admin', 'content:view'), ('regional_manager', 'content:view'),
    ('senior_agent', 'content:view'), ('junior_agent', 'content:view'), ('policyholder', 'content:view'),
    ('support_staff', 'content:view'),
    ('insurance_provider_admin', 'content:publish'), ('regional_manager', 'content:publish'),
    ('senior_agent', 'content:publish'), ('junior_agent', 'content:publish'), ('support_staff', 'content:publish'),
    ('insurance_provider_admin', 'content:moderate'), ('support_staff', 'content:moderate'),
    ('insurance_provider_admin', 'content:share'), ('regional_manager', 'content:share'),
    ('senior_agent', 'content:share'), ('junior_agent', 'content:share'), ('support_staff', 'content:share'),
    ('insurance_provider_admin', 'content:analytics'), ('regional_manager', 'content:analytics'),
    ('senior_agent', 'content:analytics'), ('junior_agent', 'content:analytics'),
    ('support_staff', 'content:analytics')
) AS g (role_name, permission_name)
JOIN ${tenant_schema}.roles r ON r.role_name = g.role_name
JOIN ${tenant_schema}.permissions p ON p.permission_name = g.permission_name
ON CONFLICT (role_id, permission_id) DO NOTHING;

-- super_admin: every permission, the new ones too.
INSERT INTO ${tenant_schema}.role_permissions (role_id, permission_id)
SELECT r.role_id, p.permission_id
FROM ${tenant_schema}.roles r CROSS JOIN ${tenant_schema}.permissions p
WHERE r.role_name = 'super_admin'
ON CONFLICT (role_id, permission_id) DO NOTHING;

-- V006 grants wider than any route lets through: the administration lists of users and agents are for
-- administrators (and, for agents, regional managers) only. Nothing read these rows before this file.
DELETE FROM ${tenant_schema}.role_permissions rp
USING ${tenant_schema}.roles r, ${tenant_schema}.permissions p
WHERE rp.role_id = r.role_id AND rp.permission_id = p.permission_id
  AND (r.role_name, p.permission_name) IN (
      ('regional_manager', 'user:read'), ('support_staff', 'user:read'),
      ('senior_agent', 'agent:read'), ('junior_agent', 'agent:read'), ('support_staff', 'agent:read'));
