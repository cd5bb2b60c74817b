package com.agentmitra.policies.holders;

import com.agentmitra.domain.book.PolicyholderFields;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

/**
 * The JSON body of {@code POST /policyholders} and {@code PATCH /policyholders/{id}} (where an absent or null field
 * keeps the recorded value). {@code aadhaar} is the full number; only its masked form is kept.
 */
public record PolicyholderBody(
        UUID agentId,
        String customerId,
        String salutation,
        String firstName,
        String lastName,
        String phone,
        String email,
        LocalDate dateOfBirth,
        String gender,
        String pan,
        String aadhaar,
        Map<String, Object> address,
        String preferredLanguage) {

    PolicyholderFields fields(UUID defaultAgent) {
        return new PolicyholderFields(agentId != null ? agentId : defaultAgent, customerId, salutation, firstName,
                lastName, phone, email, dateOfBirth, gender, pan, aadhaar, address, preferredLanguage);
    }

    /** This patch laid over the recorded person; the Aadhaar is taken only if the patch carries one. */
    PolicyholderFields over(PolicyholderView recorded) {
        return new PolicyholderFields(
                agentId != null ? agentId : recorded.agentId(),
                customerId != null ? customerId : recorded.customerId(),
                salutation != null ? salutation : recorded.salutation(),
                firstName != null ? firstName : recorded.firstName(),
                lastName != null ? lastName : recorded.lastName(),
                phone != null ? phone : recorded.phone(),
                email != null ? email : recorded.email(),
                dateOfBirth != null ? dateOfBirth : recorded.dateOfBirth(),
                gender != null ? gender : recorded.gender(),
                pan != null ? pan : recorded.pan(),
                aadhaar,
                address != null ? address : recorded.address(),
                preferredLanguage != null ? preferredLanguage : recorded.preferredLanguage());
    }

    @Override
    public String toString() {
        return "PolicyholderBody[agentId=" + agentId + "]";
    }
}
