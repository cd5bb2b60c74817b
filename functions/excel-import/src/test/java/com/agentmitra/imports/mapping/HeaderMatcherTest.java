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
