package com.agentmitra.imports.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HeaderMatcherTest {

    private static ColumnMapping map(HeaderMatcher matcher, String... headers) {
        return matcher.map("Sheet1", 1, List.of(headers));
    }

    /**
     * Headers as agents abbreviate them in their registers, after LIC's own forms (premium receipts and policy status
     * statements: "Pol No", "Name of Assured", "D.O.C.", "Plan/Term", "Mode", "Inst. Prem.", "S.A.", "FUP"): each
     * word may be short ("Cust", "Prem", "Amt", "No.", "Mob", "Dt", "Comm", "Freq"), in any combination.
     */
    @Nested
    class AbbreviatedHeaders {

        @Test
        void eachAbbreviationAndCombinationMapsToItsField() {
            Map<String, BookField> written = new java.util.LinkedHashMap<>();
            written.put("Cust", BookField.NAME);
            written.put("Cust Name", BookField.NAME);
            written.put("Cust. Name", BookField.NAME);
            written.put("Name of Cust", BookField.NAME);
            written.put("Prem", BookField.PREMIUM);
            written.put("Amt", BookField.PREMIUM);
            written.put("Prem Amt", BookField.PREMIUM);
            written.put("Prem. Amt. (Rs.)", BookField.PREMIUM);
            written.put("Inst. Prem.", BookField.PREMIUM);
            written.put("Pol No.", BookField.POLICY_NUMBER);
            written.put("Pol. No", BookField.POLICY_NUMBER);
            written.put("PolNo", BookField.POLICY_NUMBER);
            written.put("Mob No", BookField.PHONE);
            written.put("Mob. No.", BookField.PHONE);
            written.put("Ph. No.", BookField.PHONE);
            written.put("Cust Mob No", BookField.PHONE);
            written.put("S.A.", BookField.SUM_ASSURED);
            written.put("S. A.", BookField.SUM_ASSURED);
            written.put("SA Amt", BookField.SUM_ASSURED);
            written.put("DOC", BookField.START_DATE);
            written.put("D.O.C.", BookField.START_DATE);
            written.put("Date of Comm.", BookField.START_DATE);
            written.put("Comm. Dt", BookField.START_DATE);
            written.put("FUP", BookField.NEXT_DUE_DATE);
            written.put("FUP Date", BookField.NEXT_DUE_DATE);
            written.put("F.U.P. Dt", BookField.NEXT_DUE_DATE);
            written.put("Due Dt", BookField.NEXT_DUE_DATE);
            written.put("Prem Freq", BookField.FREQUENCY);
            written.put("Mat. Dt", BookField.MATURITY_DATE);
            written.put("Cust ID", BookField.CUSTOMER_ID);

            written.forEach((header, field) -> assertThat(map(HeaderMatcher.synonymsOnly(), header).column(field))
                    .as(header).hasValue(0));
        }

        @Test
        void aRegisterWrittenInAbbreviationsHasEveryRequiredColumnAndItsSerialNumberStaysUnmapped() {
            ColumnMapping mapping = map(HeaderMatcher.synonymsOnly(), "S.No.", "Cust Name", "Mob No", "Pol No.",
                    "Plan", "S.A.", "Prem Amt", "Mode", "DOC", "FUP Date");

            assertThat(mapping.missingRequired()).isEmpty();
            assertThat(mapping.describe()).containsEntry("Pol No.", "policy.policy_number")
                    .containsEntry("Prem Amt", "policy.premium_amount").containsEntry("FUP Date", "policy.next_payment_date")
                    .containsEntry("DOC", "policy.start_date").containsEntry("S.A.", "policy.sum_assured");
            assertThat(mapping.unmapped()).containsExactly("S.No.");
        }

        @Test
        void aNumberColumnThatSaysNotWhatItNumbersIsLeftAlone() {
            for (String serial : List.of("No.", "S.No.", "Sr. No.", "Sl No")) {
                assertThat(map(HeaderMatcher.synonymsOnly(), serial).describe()).as(serial).isEmpty();
            }
        }

        @Test
        void aHeaderRowOfAbbreviationsIsFound() {
            assertThat(HeaderMatcher.synonymsOnly().score(List.of("Cust Name", "Mob No", "Pol No.", "Prem Amt")))
                    .isEqualTo(4);
        }
    }

    @Nested
    class Synonyms {

        @Test
        void abbreviationsPunctuationAndCaseAllMatch() {
            ColumnMapping mapping = map(HeaderMatcher.synonymsOnly(), "NAME", "Mobile No.", "Policy No", "DOB",
                    "S.A.", "Instl. Premium", "MODE", "D.O.C.");

            assertThat(mapping.describe()).containsExactly(
                    Map.entry("NAME", "policyholder.name"), Map.entry("Mobile No.", "policyholder.phone_number"),
                    Map.entry("Policy No", "policy.policy_number"), Map.entry("DOB", "policyholder.date_of_birth"),
                    Map.entry("S.A.", "policy.sum_assured"), Map.entry("Instl. Premium", "policy.premium_amount"),
                    Map.entry("MODE", "policy.premium_frequency"), Map.entry("D.O.C.", "policy.start_date"));
        }

        @Test
        void hindiHeadersMatch() {
            ColumnMapping mapping = map(HeaderMatcher.synonymsOnly(), "नाम", "मोबाइल नंबर", "पॉलिसी नंबर", "योजना",
                    "बीमा राशि", "प्रीमियम", "मोड", "प्रारंभ तिथि", "फ़ोन");

            assertThat(mapping.missingRequired()).isEmpty();
            assertThat(mapping.column(BookField.PHONE)).hasValue(1);
            assertThat(mapping.column(BookField.POLICY_NUMBER)).hasValue(2);
        }

        @Test
        void consentColumnsMatchInEnglishAndHindiEachToItsPurpose() {
            for (String utility : List.of("WhatsApp Consent", "Consent", "WhatsApp Opt-in", "Opt In",
                    "WhatsApp Permission", "सहमति", "व्हाट्सएप सहमति", "WhatsApp सहमति", "WhatsApp Consent (Y/N)")) {
                ColumnMapping mapping = map(HeaderMatcher.synonymsOnly(), "Name", "WhatsApp No", utility,
                        "Marketing Consent");

                assertThat(mapping.column(BookField.UTILITY_CONSENT)).as(utility).hasValue(2);
                assertThat(mapping.column(BookField.PHONE)).as(utility).hasValue(1);
                assertThat(mapping.column(BookField.MARKETING_CONSENT)).as(utility).hasValue(3);
            }
            for (String marketing : List.of("Offers", "विपणन सहमति", "WhatsApp Marketing Consent")) {
                ColumnMapping mapping = map(HeaderMatcher.synonymsOnly(), "Mobile", "Consent", marketing);

                assertThat(mapping.column(BookField.MARKETING_CONSENT)).as(marketing).hasValue(2);
                assertThat(mapping.column(BookField.UTILITY_CONSENT)).as(marketing).hasValue(1);
            }
        }

        @Test
        void longHeadersMatchLooselyByTheLongestSynonymTheyContain() {
            ColumnMapping mapping = map(HeaderMatcher.synonymsOnly(), "Name of the Policy Holder",
                    "Customer Mobile Number (10 digits)", "Sum Assured (Rs.)", "Next Premium Due Date");

            assertThat(mapping.column(BookField.NAME)).hasValue(0);
            assertThat(mapping.column(BookField.PHONE)).hasValue(1);
            assertThat(mapping.column(BookField.SUM_ASSURED)).hasValue(2);
            assertThat(mapping.column(BookField.NEXT_DUE_DATE)).hasValue(3);
        }

        @Test
        void eachFieldTakesItsLeftMostColumnAndUnknownHeadersStayUnmapped() {
            ColumnMapping mapping = map(HeaderMatcher.synonymsOnly(), "Mobile", "Phone", "Nominee Name", "Remarks");

            assertThat(mapping.column(BookField.PHONE)).hasValue(0);
            assertThat(mapping.unmapped()).containsExactly("Phone", "Nominee Name", "Remarks");
        }
    }

    @Nested
    class SavedTemplates {

        @Test
        void aSavedMappingWinsOverSynonyms() {
            HeaderMatcher matcher = HeaderMatcher.withTemplate(Map.of("Contact", "policyholder.phone_number",
                    "Mobile", "policyholder.customer_id"));

            ColumnMapping mapping = map(matcher, "Mobile", "Contact");

            assertThat(mapping.column(BookField.PHONE)).hasValue(1);
            assertThat(mapping.column(BookField.CUSTOMER_ID)).hasValue(0);
        }
    }

    @Nested
    class RequiredColumns {

        @Test
        void missingRequiredColumnsAreNamedByTheirLabels() {
            ColumnMapping mapping = map(HeaderMatcher.synonymsOnly(), "Customer Name", "Mobile", "Policy No", "Plan");

            assertThat(mapping.missingRequired()).containsExactly("Sum Assured", "Premium Amount", "Premium Frequency",
                    "Commencement Date");
        }

        @Test
        void aFirstNameColumnStandsInForTheFullName() {
            ColumnMapping mapping = map(HeaderMatcher.synonymsOnly(), "First Name", "Last Name", "Mobile", "Policy No",
                    "Plan", "SA", "Premium", "Mode", "DOC");

            assertThat(mapping.missingRequired()).isEmpty();
        }
    }

    @Test
    void aTitleRowScoresBelowAHeaderRow() {
        HeaderMatcher matcher = HeaderMatcher.synonymsOnly();

        assertThat(matcher.score(List.of("Ramesh's LIC customer list - March 2025"))).isLessThan(HeaderSearch.MIN_FIELDS);
        assertThat(matcher.score(List.of("Name", "Mobile", "Policy No"))).isGreaterThanOrEqualTo(HeaderSearch.MIN_FIELDS);
    }
}
