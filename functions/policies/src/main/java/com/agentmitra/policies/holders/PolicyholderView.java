package com.agentmitra.policies.holders;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

/** A policyholder as the API shows it: the Aadhaar number only masked. */
public record PolicyholderView(
        UUID id,
        UUID agentId,
        String customerId,
        String salutation,
        String firstName,
        String lastName,
        String fullName,
        String phone,
        String email,
        LocalDate dateOfBirth,
        String gender,
        String pan,
        String aadhaarMasked,
        Map<String, Object> address,
        String preferredLanguage,
        boolean whatsappUtilityOptIn,
        boolean whatsappMarketingOptIn,
        Instant createdAt,
        Instant updatedAt,
        /** Set when the person's data was erased on request: the name is a pseudonym, contact fields are gone. */
        Instant erasedAt) {

    @JsonIgnore
    public String etag() {
        return com.agentmitra.policies.ETag.of(updatedAt);
    }
}
