package com.agentmitra.domain.phone;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.domain.book.Parsed;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumberTest {

    /** {@link PhoneNumber#parse}: any valid number, as a customer's in the book. */
    @Nested
    class ForTheBook {
        @ParameterizedTest
        @ValueSource(strings = {"+91 98765 43210", "098765 43210", "9876543210", "+91-98765-43210", "(+91) 9876543210"})
        void anIndianMobileWrittenAnyCommonWayBecomesE164(String typed) {
            assertThat(PhoneNumber.parse(typed)).isEqualTo(Parsed.valid(new PhoneNumber("+919876543210")));
        }

        @Test
        void aForeignNumberWithItsCountryCodeIsKept() {
            assertThat(PhoneNumber.parse("+44 20 7946 0958")).isEqualTo(Parsed.valid(new PhoneNumber("+442079460958")));
        }

        @ParameterizedTest
        @ValueSource(strings = {"12345", "not a phone", "+91 98765", "+1 000 000 0000", ""})
        void somethingThatIsNotAValidNumberIsRefused(String typed) {
            assertThat(PhoneNumber.parse(typed)).isInstanceOf(Parsed.Invalid.class);
        }

        /** libphonenumber reads letters as keypad digits (98765ABCDE is 9876522233): a phone cell never means that. */
        @ParameterizedTest
        @ValueSource(strings = {"98765ABCDE", "1-800-FLOWERS", "+1 800 FLOWERS", "+91 98765 4321O", "9876543210 ext 12",
                "1E40000000", "+91 98765 43210 (Mob)"})
        void aNumberHoldingLettersIsRefusedNotTurnedIntoKeypadDigits(String typed) {
            assertThat(PhoneNumber.parse(typed)).isEqualTo(Parsed.invalid("is not a phone number: it holds letters"));
        }

        @Test
        void aHostileLengthIsRefusedBeforeParsing() {
            assertThat(PhoneNumber.parse("9".repeat(10_000))).isInstanceOf(Parsed.Invalid.class);
        }
    }

    /** {@link PhoneNumber#indianMobile}: sign-in by WhatsApp code takes only an Indian mobile. */
    @Nested
    class ForSignIn {

        @ParameterizedTest
        @ValueSource(strings = {"+919000000001", "9000000001", "09000000001", "+91 90000 00001", "+91-90000-00001",
                "919000000001"})
        void normalisesWhatPeopleTypeToE164(String typed) {
            assertThat(PhoneNumber.indianMobile(typed)).map(PhoneNumber::e164).contains("+919000000001");
        }

        @ParameterizedTest
        @ValueSource(strings = {"5000000001", "+911123456789", "+14155550100", "90000", "not a phone", "",
                "+9190000000011"})
        void refusesAnythingButAnIndianMobile(String typed) {
            assertThat(PhoneNumber.indianMobile(typed)).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"98765ABCDE", "90000WHATS", "+91 9000 FLOWER"})
        void refusesANumberHoldingLetters(String typed) {
            assertThat(PhoneNumber.indianMobile(typed)).isEmpty();
        }

        @Test
        void printsOnlyTheLastFourDigits() {
            assertThat(PhoneNumber.indianMobile("+919000000001").orElseThrow().toString()).isEqualTo("***0001");
        }
    }
}
