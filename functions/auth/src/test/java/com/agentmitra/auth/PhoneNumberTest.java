package com.agentmitra.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumberTest {

    @ParameterizedTest
    @ValueSource(strings = {"+919000000001", "9000000001", "09000000001", "+91 90000 00001", "+91-90000-00001",
            "919000000001"})
    void normalisesWhatPeopleTypeToE164(String typed) {
        assertThat(PhoneNumber.parse(typed)).map(PhoneNumber::e164).contains("+919000000001");
    }

    @ParameterizedTest
    @ValueSource(strings = {"5000000001", "+911123456789", "+14155550100", "90000", "not a phone", "",
            "+9190000000011"})
    void refusesAnythingButAnIndianMobile(String typed) {
        assertThat(PhoneNumber.parse(typed)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void printsOnlyTheLastFourDigits() {
        assertThat(PhoneNumber.parse("+919000000001").orElseThrow().toString()).isEqualTo("***0001");
    }
}
