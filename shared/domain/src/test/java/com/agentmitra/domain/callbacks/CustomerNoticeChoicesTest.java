package com.agentmitra.domain.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.domain.callbacks.CustomerNoticeChoices.Decision;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CustomerNoticeChoicesTest {

    private static final boolean CONSENTED = true;
    private static final boolean NOT_CONSENTED = false;
    private static final boolean STATED = true;
    private static final boolean NEVER_STATED = false;
    private static final boolean UPDATES_ON = true;
    private static final boolean UPDATES_OFF = false;

    @Nested
    class ACustomerWhoConsentedToUtilityMessages {

        @Test
        void isToldWithCallbackUpdatesOn() {
            var choices = new CustomerNoticeChoices(CONSENTED, STATED, UPDATES_ON);

            assertThat(choices.forCallbackFrom("mobile")).isEqualTo(Decision.SEND);
            assertThat(choices.forCallbackFrom("whatsapp")).isEqualTo(Decision.SEND);
        }

        @Test
        void isNotToldOnceTheySwitchedCallbackUpdatesOff() {
            var choices = new CustomerNoticeChoices(CONSENTED, STATED, UPDATES_OFF);

            assertThat(choices.forCallbackFrom("mobile")).isEqualTo(Decision.CALLBACK_UPDATES_OFF);
            assertThat(choices.forCallbackFrom("whatsapp")).isEqualTo(Decision.CALLBACK_UPDATES_OFF);
        }
    }

    @Nested
    class ACustomerWithoutUtilityConsent {

        @Test
        void isNotToldAboutACallbackAskedForInTheAppOrByTheAgent() {
            var choices = new CustomerNoticeChoices(NOT_CONSENTED, NEVER_STATED, UPDATES_ON);

            assertThat(choices.forCallbackFrom("mobile")).isEqualTo(Decision.NOT_OPTED_IN);
            assertThat(choices.forCallbackFrom("portal")).isEqualTo(Decision.NOT_OPTED_IN);
        }

        @Test
        void whoNeverSaidYesOrNoIsAnsweredOnWhatsappWhereTheyAsked() {
            var choices = new CustomerNoticeChoices(NOT_CONSENTED, NEVER_STATED, UPDATES_ON);

            assertThat(choices.forCallbackFrom("whatsapp")).isEqualTo(Decision.SEND);
        }

        @Test
        void whoSaidNoIsNotToldEvenWhereTheyAsked() {
            var choices = new CustomerNoticeChoices(NOT_CONSENTED, STATED, UPDATES_ON);

            assertThat(choices.forCallbackFrom("whatsapp")).isEqualTo(Decision.NOT_OPTED_IN);
        }

        @Test
        void whoSwitchedCallbackUpdatesOffIsNotToldEvenWhereTheyAsked() {
            var choices = new CustomerNoticeChoices(NOT_CONSENTED, NEVER_STATED, UPDATES_OFF);

            assertThat(choices.forCallbackFrom("whatsapp")).isEqualTo(Decision.CALLBACK_UPDATES_OFF);
        }
    }

    @Test
    void aPersonWithNoLanguageStoredIsWrittenToInEnglishAndAStoredCodeIsKeptAsItIs() {
        assertThat(CallbackNotifications.language(null)).isEqualTo("en");
        assertThat(CallbackNotifications.language(" ")).isEqualTo("en");
        assertThat(CallbackNotifications.language("hi")).isEqualTo("hi");
        assertThat(CallbackNotifications.language("mr")).isEqualTo("mr");
    }
}
