-- Issue 13: the opt-in columns of policyholders are the current state of the consent ledger (V101), one purpose
-- each; each purpose keeps the time the customer made the statement that set it (said-at), so a statement made
-- earlier than the current one never overrides it, whatever order they arrive in. whatsapp_consent_updated_at (V009)
-- stays the time of the latest change of either purpose. Existing marketing changes (STOP/START) carried that time.
--
-- communication_preferences (V009) holds the customer's notification categories set in the app (PATCH /me):
-- {"premiumReminders": bool, "callbackUpdates": bool, "greetingsAndOffers": bool}; a missing key means on.
--
-- erased_at marks a person erased on request (DPDP Act 2023 s.12): their personal fields replaced by a pseudonym.
-- The audit trail records the erasure without its before-image (shared V061).

ALTER TABLE ${tenant_schema}.policyholders
    ADD COLUMN whatsapp_utility_consent_at   timestamptz,
    ADD COLUMN whatsapp_marketing_consent_at timestamptz,
    ADD COLUMN erased_at                     timestamptz;

UPDATE ${tenant_schema}.policyholders
   SET whatsapp_marketing_consent_at = whatsapp_consent_updated_at
 WHERE whatsapp_consent_updated_at IS NOT NULL;

ALTER TABLE ${tenant_schema}.users
    ADD COLUMN erased_at timestamptz;

-- an erased person's sessions end with their own reason
ALTER TABLE ${tenant_schema}.user_sessions DROP CONSTRAINT user_sessions_revoked_reason_check;
ALTER TABLE ${tenant_schema}.user_sessions ADD CONSTRAINT user_sessions_revoked_reason_check
    CHECK (revoked_reason IN ('logout', 'reuse_detected', 'password_changed', 'admin', 'user_deactivated',
                              'expired', 'erased'));

-- a closed callback of an erased customer keeps its record but not their number
ALTER TABLE ${tenant_schema}.callback_requests ALTER COLUMN customer_phone DROP NOT NULL;
