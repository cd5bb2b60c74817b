package com.agentmitra.imports.values;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.domain.book.Parsed;
import com.agentmitra.domain.phone.PhoneNumber;
import com.agentmitra.imports.read.Cell;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CellValuesTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 25);

    private static <T> T valid(Parsed<T> parsed) {
        assertThat(parsed).isInstanceOf(Parsed.Valid.class);
        return ((Parsed.Valid<T>) parsed).value();
    }

    private static String invalid(Parsed<?> parsed) {
        assertThat(parsed).isInstanceOf(Parsed.Invalid.class);
        return ((Parsed.Invalid<?>) parsed).message();
    }

    @Nested
    class Dates {

        @ParameterizedTest
        @CsvSource({"15/01/2024,2024-01-15", "5/1/2024,2024-01-05", "15-01-2024,2024-01-15", "15.01.2024,2024-01-15",
                "15-Jan-24,2024-01-15", "15-JAN-2024,2024-01-15", "15 Jan 2024,2024-01-15", "2024-01-15,2024-01-15",
                "15/01/2024 00:00:00,2024-01-15", "03/04/2024,2024-04-03"})
        void textIsReadDayFirst(String text, LocalDate expected) {
            assertThat(valid(CellDate.parse(Cell.text(text), CellDate.Century.PAST, TODAY))).isEqualTo(expected);
        }

        @Test
        void excelSerialsCountFromThe1900EpochIncludingItsPhantomLeapDay() {
            assertThat(valid(CellDate.parse(Cell.number("45306"), CellDate.Century.PAST, TODAY)))
                    .isEqualTo(LocalDate.of(2024, 1, 15));
            assertThat(valid(CellDate.parse(Cell.number("1"), CellDate.Century.PAST, TODAY)))
                    .isEqualTo(LocalDate.of(1900, 1, 1));
            assertThat(valid(CellDate.parse(Cell.number("45306.75"), CellDate.Century.PAST, TODAY)))
                    .isEqualTo(LocalDate.of(2024, 1, 15));
            assertThat(invalid(CellDate.parse(Cell.number("60"), CellDate.Century.PAST, TODAY))).contains("29/02/1900");
        }

        @ParameterizedTest
        @CsvSource({"31/02/2024", "29/02/2023", "32/01/2024", "15/13/2024", "31-Apr-24"})
        void impossibleDatesAreRejectedNotRolledOver(String text) {
            assertThat(invalid(CellDate.parse(Cell.text(text), CellDate.Century.PAST, TODAY))).isEqualTo("is not a real date");
        }

        @Test
        void twoDigitYearsFallInThePastForBirthDatesAndAheadForMaturity() {
            assertThat(valid(CellDate.parse(Cell.text("01-Mar-85"), CellDate.Century.PAST, TODAY)))
                    .isEqualTo(LocalDate.of(1985, 3, 1));
            assertThat(valid(CellDate.parse(Cell.text("01-Mar-45"), CellDate.Century.FUTURE, TODAY)))
                    .isEqualTo(LocalDate.of(2045, 3, 1));
        }

        @Test
        void wordsAreNotDates() {
            assertThat(invalid(CellDate.parse(Cell.text("next month"), CellDate.Century.PAST, TODAY)))
                    .contains("day first");
        }
    }

    @Nested
    class Phones {

        @ParameterizedTest
        @CsvSource({"9000000001", "+91 90000 00001", "+91-90000-00001", "090000 00001", "91 9000000001",
                "(+91) 9000000001"})
        void whateverAgentsTypeBecomesE164(String typed) {
            assertThat(valid(PhoneNumber.parse(CellText.phone(Cell.text(typed))))).isEqualTo(new PhoneNumber("+919000000001"));
        }

        @Test
        void aPhoneStoredAsANumberKeepsItsDigits() {
            assertThat(valid(PhoneNumber.parse(CellText.phone(Cell.number("9.000000001E9")))).e164())
                    .isEqualTo("+919000000001");
            assertThat(valid(PhoneNumber.parse(CellText.phone(Cell.number(919000000001d)))).e164())
                    .isEqualTo("+919000000001");
        }
    }

    @Nested
    class Amounts {

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {"1,00,000|100000", "₹ 2,500.50|2500.50", "Rs. 1,200|1200", "Rs 1200/-|1200",
                "INR 5,00,000|500000", "100000|100000"})
        void currencySignsAndAnyGroupingAreRead(String text, BigDecimal expected) {
            assertThat(valid(CellAmount.parse(Cell.text(text)))).isEqualByComparingTo(expected);
        }

        @Test
        void numbersCarryNoBinaryNoise() {
            assertThat(valid(CellAmount.parse(Cell.number("1234.5600000000001")))).isEqualTo(new BigDecimal("1234.56"));
        }

        @Test
        void wordsAreNotAmounts() {
            assertThat(invalid(CellAmount.parse(Cell.text("two lakh")))).contains("amount in rupees");
        }
    }

    @Nested
    class Names {

        @Test
        void aSalutationAndSurnameAreSplitOff() {
            assertThat(CellText.PersonName.split("Smt. Sunita Devi Sharma"))
                    .isEqualTo(new CellText.PersonName("Smt.", "Sunita Devi", "Sharma"));
            assertThat(CellText.PersonName.split("Ramesh")).isEqualTo(new CellText.PersonName(null, "Ramesh", null));
        }

        @Test
        void formulaLookingTextIsRecognised() {
            assertThat(CellText.looksLikeFormula("=HYPERLINK(\"x\")")).isTrue();
            assertThat(CellText.looksLikeFormula("@SUM(A1)")).isTrue();
            assertThat(CellText.looksLikeFormula("+91 90000 00001")).isFalse();
            assertThat(CellText.looksLikeFormula("Ramesh")).isFalse();
        }
    }
}
