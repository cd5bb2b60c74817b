package com.agentmitra.domain.book;

import com.agentmitra.domain.phone.PhoneNumber;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** A validated policyholder, ready to be written: typed values, the Aadhaar number masked. */
public record PolicyholderDetails(
        UUID agentId,
        Optional<String> customerId,
        Optional<String> salutation,
        String firstName,
        Optional<String> lastName,
        PhoneNumber phone,
        Optional<EmailAddress> email,
        Optional<LocalDate> dateOfBirth,
        Optional<String> gender,
        Optional<Pan> pan,
        Optional<Aadhaar> aadhaar,
        Optional<Map<String, Object>> address,
        String preferredLanguage) {

    public PolicyholderDetails {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(firstName, "firstName");
        Objects.requireNonNull(phone, "phone");
        Objects.requireNonNull(preferredLanguage, "preferredLanguage");
        address = address.map(Map::copyOf);
        if (firstName.isBlank()) {
            throw new IllegalArgumentException("firstName is blank");
        }
    }

    /** The same person with the Aadhaar already on record (an edit that does not touch it). */
    public PolicyholderDetails withAadhaar(Optional<Aadhaar> recorded) {
        return new PolicyholderDetails(agentId, customerId, salutation, firstName, lastName, phone, email,
                dateOfBirth, gender, pan, recorded, address, preferredLanguage);
    }
}
