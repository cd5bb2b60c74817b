package com.agentmitra.domain.book;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentityRulesTest {

    @Nested
    class Pans {
        @Test
        void aPersonsPanIsReadUpperCase() {
            assertThat(Pan.parse("abcpe1234f")).isEqualTo(Parsed.valid(new Pan("ABCPE1234F")));
        }

        @ParameterizedTest
        @ValueSource(strings = {"ABCPE1234", "ABCP11234F", "1BCPE1234F", "ABCPE12345"})
        void aWrongShapeIsRefusedNamingTheFormat(String typed) {
            assertThat(Pan.parse(typed)).isEqualTo(
                    Parsed.invalid("must be a PAN: five letters, four digits, one letter (AAAAA9999A)"));
        }

        @Test
        void aFourthLetterThatIsNoHolderTypeIsRefused() {
            assertThat(Pan.parse("ABCXE1234F")).isInstanceOf(Parsed.Invalid.class);
        }
    }

    @Nested
    class AadhaarNumbers {
        @Test
        void aValidNumberIsKeptOnlyMaskedWithItsLastFourDigits() {
            Parsed<Aadhaar> parsed = Aadhaar.parse("2341 2341 2346");

            assertThat(parsed).isEqualTo(Parsed.valid(new Aadhaar("XXXX-XXXX-2346", "2346")));
            assertThat(parsed.toString()).doesNotContain("234123412346").doesNotContain("2341 2341");
        }

        @Test
        void aWrongCheckDigitIsRefusedWithoutEchoingTheNumber() {
            Parsed<Aadhaar> parsed = Aadhaar.parse("234123412347");

            assertThat(parsed).isInstanceOf(Parsed.Invalid.class);
            assertThat(((Parsed.Invalid<Aadhaar>) parsed).message()).doesNotContain("2341");
        }

        @ParameterizedTest
        @ValueSource(strings = {"12345678901", "1234567890123", "023412341234", "134123412346", "ABCD12341234"})
        void numbersOfTheWrongShapeOrStartAreRefused(String typed) {
            assertThat(Aadhaar.parse(typed)).isInstanceOf(Parsed.Invalid.class);
        }

        @Test
        void verhoeffCheckDigitsAgreeWithValidation() {
            for (String base : new String[] {"23412341234", "49876543210", "56781234567"}) {
                assertThat(Verhoeff.isValid(base + Verhoeff.checkDigit(base))).isTrue();
            }
        }
    }

    @Nested
    class EmailAddresses {
        @Test
        void theDomainIsStoredLowerCase() {
            assertThat(EmailAddress.parse(" Asha.K@Example.COM ")).isEqualTo(
                    Parsed.valid(new EmailAddress("Asha.K@example.com")));
        }

        @ParameterizedTest
        @ValueSource(strings = {"asha", "asha@", "asha@example", "as ha@example.com", "@example.com"})
        void malformedAddressesAreRefused(String typed) {
            assertThat(EmailAddress.parse(typed)).isInstanceOf(Parsed.Invalid.class);
        }
    }

}
