-- Every enum type of the system lives in schema shared, created before any table uses it,
-- so that all tenant schemas share one type (and one generated Java enum) per concept.

-- seed §2.2
CREATE TYPE shared.user_role_enum AS ENUM (
    'super_admin',
    'insurance_provider_admin',
    'regional_manager',
    'senior_agent',
    'junior_agent',
    'policyholder',
    'support_staff',
    'guest'
);

-- seed §2.2
CREATE TYPE shared.user_status_enum AS ENUM (
    'active',
    'inactive',
    'suspended',
    'pending_verification',
    'deactivated'
);

-- seed §2.3
CREATE TYPE shared.provider_status_enum AS ENUM ('active', 'inactive', 'suspended', 'under_maintenance');

-- seed §2.3
CREATE TYPE shared.agent_status_enum AS ENUM ('active', 'inactive', 'suspended', 'pending_approval', 'rejected');

-- seed §2.3
CREATE TYPE shared.policy_status_enum AS ENUM (
    'draft', 'pending_approval', 'under_review', 'approved', 'active',
    'lapsed', 'surrendered', 'matured', 'claimed', 'cancelled'
);

-- seed §2.4
CREATE TYPE shared.payment_status_enum AS ENUM ('pending', 'processing', 'completed', 'failed', 'refunded', 'cancelled');

-- seed §7
CREATE TYPE shared.callback_priority AS ENUM ('high', 'medium', 'low');

-- seed §7
CREATE TYPE shared.callback_status AS ENUM ('pending', 'assigned', 'in_progress', 'completed', 'cancelled', 'overdue');

-- seed §6 import_jobs.status (a VARCHAR there)
CREATE TYPE shared.import_status_enum AS ENUM ('pending', 'processing', 'completed', 'failed');

-- seed §6 import_records.status (a VARCHAR there)
CREATE TYPE shared.import_record_status_enum AS ENUM ('pending', 'success', 'failed', 'skipped');

-- Our own send state of an outbound WhatsApp message (specs/whatsapp-cloud-api.md §6);
-- Meta's delivery status (sent/delivered/read/failed) stays in whatsapp_messages.whatsapp_status.
CREATE TYPE shared.whatsapp_send_status_enum AS ENUM ('queued', 'sending', 'retry', 'unknown', 'accepted', 'failed');
