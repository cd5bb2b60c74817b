package com.agentmitra.domain.book;

import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

/**
 * A policyholder as entered (API body, spreadsheet row), before validation: strings as typed. {@code aadhaar} is the
 * full number as typed; it lives only until {@link PolicyholderRules} has masked it.
 */
public record PolicyholderFields(
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

    public PolicyholderFields {
        address = address == null ? null : Map.copyOf(address);
    }

    @Override
    public String toString() {
        // never print the Aadhaar number (or the rest of a person's details) into a log
        return "PolicyholderFields[agentId=" + agentId + "]";
    }
}
