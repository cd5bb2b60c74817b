package com.agentmitra.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.config.Secret;
import com.agentmitra.data.jooq.shared.enums.WhatsappSendStatusEnum;
import com.agentmitra.messaging.WhatsappMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The sender's and webhook's rules, without a database. */
class WhatsappRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-25T06:30:00Z");

    @Nested
    class GraphErrors {
        @Test
        void throttlingAndTemporaryErrorsAreTransientWhateverTheHttpStatus() {
            for (int code : List.of(130429, 131056, 4, 80007, 1, 2, 131000, 131016, 133004, 131057)) {
                assertThat(GraphError.classify(400, code)).as("code %d", code).isEqualTo(GraphError.TRANSIENT);
                assertThat(GraphError.classify(429, code)).isEqualTo(GraphError.TRANSIENT);
            }
        }

        @Test
        void payloadAuthRecipientAndTemplateErrorsArePermanentEvenOn5xx() {
            for (int code : List.of(100, 190, 131026, 131047, 131050, 132000, 132001, 132015, 131030, 10, 250)) {
                assertThat(GraphError.classify(500, code)).as("code %d", code).isEqualTo(GraphError.PERMANENT);
            }
        }

        @Test
        void unknownCodesFollowTheStatus() {
            assertThat(GraphError.classify(503, 999_999)).isEqualTo(GraphError.TRANSIENT);
            assertThat(GraphError.classify(400, 999_999)).isEqualTo(GraphError.PERMANENT);
        }

        @Test
        void a5xxWithoutAGraphErrorIsAmbiguousAndA200WithoutIdToo() {
            assertThat(HttpGraphApi.interpret(502, "<html>bad gateway</html>")).isInstanceOf(GraphApi.Ambiguous.class);
            assertThat(HttpGraphApi.interpret(200, "{}")).isInstanceOf(GraphApi.Ambiguous.class);
            assertThat(HttpGraphApi.interpret(200, "{\"messages\":[{\"id\":\"wamid.X\"}]}"))
                    .isEqualTo(new GraphApi.Accepted("wamid.X", null));
        }
    }

    @Nested
    class Sending {
        private final ApprovedTemplate reminder = new ApprovedTemplate("premium_due_reminder", "en", "UTILITY", 2,
                "approved", false);
        private final ApprovedTemplate greeting = new ApprovedTemplate("birthday_greeting", "en", "MARKETING", 0,
                "approved", false);

        private WhatsappMessage template(String purpose, String name, int parameters) {
            return WhatsappMessage.template("k", "LIC", "+919000000001", purpose,
                    new WhatsappMessage.Template(name, "en", java.util.Collections.nCopies(parameters, "x")), NOW);
        }

        /** A customer who agreed to utility messages; {@code optIn}: to marketing too. */
        private Recipient customer(boolean optIn, Instant lastInbound) {
            return new Recipient(Optional.of(UUID.randomUUID()), Optional.empty(), true, optIn, Set.of(),
                    Optional.ofNullable(lastInbound));
        }

        @Test
        void aBroadcastOrAMarketingTemplateNeedsOptIn() {
            assertThat(SendRule.decide(template("broadcast", "premium_due_reminder", 2), Optional.of(reminder),
                    customer(false, null), NOW)).isEqualTo(new SendRule.Refused(131050, "no marketing opt-in"));
            assertThat(SendRule.decide(template("reminder", "birthday_greeting", 0), Optional.of(greeting),
                    customer(false, null), NOW)).isInstanceOf(SendRule.Refused.class);
            assertThat(SendRule.decide(template("greeting", "birthday_greeting", 0), Optional.of(greeting),
                    customer(true, null), NOW)).isInstanceOf(SendRule.Allowed.class);
        }

        @Test
        void aUtilityReminderNeedsNoMarketingConsent() {
            assertThat(SendRule.decide(template("reminder", "premium_due_reminder", 2), Optional.of(reminder),
                    customer(false, null), NOW)).isInstanceOf(SendRule.Allowed.class);
        }

        @Test
        void theTemplateMustBeApprovedAndGetExactlyItsParameters() {
            assertThat(SendRule.decide(template("reminder", "premium_due_reminder", 3), Optional.of(reminder),
                    Recipient.unknown(), NOW)).extracting(d -> ((SendRule.Refused) d).code()).isEqualTo(132000);
            assertThat(SendRule.decide(template("reminder", "x", 0), Optional.empty(), Recipient.unknown(), NOW))
                    .extracting(d -> ((SendRule.Refused) d).code()).isEqualTo(132001);
            ApprovedTemplate paused = new ApprovedTemplate("premium_due_reminder", "en", "UTILITY", 2, "paused", false);
            assertThat(SendRule.decide(template("reminder", "premium_due_reminder", 2), Optional.of(paused),
                    Recipient.unknown(), NOW)).isInstanceOf(SendRule.Refused.class);
        }

        @Test
        void freeTextOnlyInsideTheTwentyFourHourWindow() {
            WhatsappMessage text = WhatsappMessage.text("k", "LIC", "+919000000001", "callback", "hi", NOW);
            assertThat(SendRule.decide(text, Optional.empty(), customer(false, NOW.minus(Duration.ofHours(23))), NOW))
                    .isInstanceOf(SendRule.Allowed.class);
            assertThat(SendRule.decide(text, Optional.empty(), customer(false, NOW.minus(Duration.ofHours(25))), NOW))
                    .extracting(d -> ((SendRule.Refused) d).code()).isEqualTo(131047);
            assertThat(SendRule.decide(text, Optional.empty(), Recipient.unknown(), NOW))
                    .isInstanceOf(SendRule.Refused.class);
        }

        @Test
        void templateParametersLoseNewlinesTabsAndLongRunsOfSpaces() {
            assertThat(MessageBody.sanitised("Ravi\nKumar\t  x        y")).isEqualTo("Ravi Kumar   x    y");
        }
    }

    @Nested
    class Claims {
        private final Duration grace = Duration.ofMinutes(2);

        @Test
        void onlyQueuedOrRetryRowsAreClaimedAtOnce() {
            assertThat(ClaimRule.of(new ClaimRule.Row(WhatsappSendStatusEnum.queued, null, NOW, null), NOW, grace))
                    .isInstanceOf(ClaimRule.Claimable.class);
            assertThat(ClaimRule.of(new ClaimRule.Row(WhatsappSendStatusEnum.retry, null, NOW, null), NOW, grace))
                    .isInstanceOf(ClaimRule.Claimable.class);
            assertThat(ClaimRule.of(new ClaimRule.Row(WhatsappSendStatusEnum.accepted, null, NOW, "wamid"), NOW, grace))
                    .isInstanceOf(ClaimRule.Finished.class);
            assertThat(ClaimRule.of(new ClaimRule.Row(WhatsappSendStatusEnum.failed, null, NOW, null), NOW, grace))
                    .isInstanceOf(ClaimRule.Finished.class);
        }

        @Test
        void aLiveLeaseOrAFreshUnknownOutcomeHoldsTheMessage() {
            assertThat(ClaimRule.of(new ClaimRule.Row(WhatsappSendStatusEnum.sending, NOW.plusSeconds(20), NOW, null),
                    NOW, grace)).isInstanceOf(ClaimRule.Held.class);
            assertThat(ClaimRule.of(new ClaimRule.Row(WhatsappSendStatusEnum.unknown, null, NOW.minusSeconds(60), null),
                    NOW, grace)).isInstanceOf(ClaimRule.Held.class);
        }

        @Test
        void afterTheGracePeriodAnUnknownOrAbandonedSendIsNeverTriedAgain() {
            // issue 21: at most once; it may have gone out, so it stays unsettled for a status or a person
            assertThat(ClaimRule.of(new ClaimRule.Row(WhatsappSendStatusEnum.unknown, null, NOW.minusSeconds(121), null),
                    NOW, grace)).isEqualTo(new ClaimRule.Unsettled("outcome unknown and no status came", false));
            assertThat(ClaimRule.of(new ClaimRule.Row(WhatsappSendStatusEnum.sending, NOW.minusSeconds(121),
                    NOW.minusSeconds(151), null), NOW, grace))
                    .isEqualTo(new ClaimRule.Unsettled("its sender stopped mid-send and no status came", true));
            assertThat(RedeliveryDelay.after(new SenderService.Unsettled(java.util.UUID.randomUUID(), "x"), 2, grace))
                    .isEmpty();
        }

        @Test
        void retriesBackOffAndThePairLimitWaitsFourToTheX() {
            var retry = new SenderService.RetryLater("x", Optional.of(130429));
            assertThat(RedeliveryDelay.after(retry, 1, grace)).contains(Duration.ofSeconds(15));
            assertThat(RedeliveryDelay.after(retry, 3, grace)).contains(Duration.ofSeconds(60));
            var pair = new SenderService.RetryLater("x", Optional.of(131056));
            assertThat(RedeliveryDelay.after(pair, 2, grace)).contains(Duration.ofSeconds(16));
            assertThat(RedeliveryDelay.after(new SenderService.Unknown("x"), 1, grace)).contains(grace);
            assertThat(RedeliveryDelay.after(new SenderService.Failed(131026), 1, grace)).isEmpty();
        }
    }

    @Nested
    class PairSlots {

        @Test
        void aNumberWithNothingNearIsSentNowAndEachOtherSlotKeepsItsDistance() {
            assertThat(PairPacing.firstFree(NOW, List.of())).isEqualTo(NOW);
            assertThat(PairPacing.firstFree(NOW, List.of(NOW.minusSeconds(7)))).isEqualTo(NOW);
            assertThat(PairPacing.firstFree(NOW, List.of(NOW.minusSeconds(1))))
                    .isEqualTo(NOW.minusSeconds(1).plus(PairPacing.SPACING));
            // a chain of held slots: the first free one after the last
            List<Instant> chain = List.of(NOW, NOW.plus(PairPacing.SPACING), NOW.plus(PairPacing.SPACING.multipliedBy(2)));
            assertThat(PairPacing.firstFree(NOW, chain)).isEqualTo(NOW.plus(PairPacing.SPACING.multipliedBy(3)));
            // a gap wide enough between two slots is used
            assertThat(PairPacing.firstFree(NOW, List.of(NOW.minusSeconds(2), NOW.plusSeconds(20))))
                    .isEqualTo(NOW.minusSeconds(2).plus(PairPacing.SPACING));
            // a gap too narrow is not
            assertThat(PairPacing.firstFree(NOW, List.of(NOW.minusSeconds(2), NOW.plusSeconds(8))))
                    .isEqualTo(NOW.plusSeconds(8).plus(PairPacing.SPACING));
        }

        @Test
        void aHeldMessageIsClaimedAtItsSlotAndWaitsAgainWhenItComesBackEarly() {
            Duration grace = Duration.ofMinutes(2);
            assertThat(ClaimRule.of(new ClaimRule.Row(WhatsappSendStatusEnum.held, null, NOW, null, NOW.plusSeconds(1)),
                    NOW, grace)).isInstanceOf(ClaimRule.Claimable.class);
            assertThat(ClaimRule.of(new ClaimRule.Row(WhatsappSendStatusEnum.held, null, NOW, null, NOW.minusSeconds(30)),
                    NOW, grace)).isInstanceOf(ClaimRule.Claimable.class);
            assertThat(ClaimRule.of(new ClaimRule.Row(WhatsappSendStatusEnum.held, null, NOW, null, NOW.plusSeconds(1000)),
                    NOW, grace)).isEqualTo(new ClaimRule.Waiting(NOW.plusSeconds(1000)));
            // a held message that cannot go back on the queue waits by its visibility, at least a second
            assertThat(RedeliveryDelay.after(new SenderService.Paced(NOW.plusSeconds(30), Duration.ofSeconds(30)), 1,
                    grace)).contains(Duration.ofSeconds(30));
            assertThat(RedeliveryDelay.after(new SenderService.Paced(NOW, Duration.ZERO), 1, grace))
                    .contains(Duration.ofSeconds(1));
        }
    }

    @Nested
    class Webhooks {
        private final Secret secret = Secret.of("app-secret");

        @Test
        void aSignatureMustBeTheHmacOfTheExactBytes() {
            byte[] body = "{\"a\": 1}".getBytes(StandardCharsets.UTF_8);
            String good = "sha256=" + WebhookSignature.sign(body, secret);

            assertThat(WebhookSignature.valid(body, Optional.of(good), secret)).isTrue();
            assertThat(WebhookSignature.valid(body, Optional.of(good.toUpperCase().replace("SHA256", "sha256")), secret))
                    .isTrue();
            assertThat(WebhookSignature.valid("{\"a\":1}".getBytes(StandardCharsets.UTF_8), Optional.of(good), secret))
                    .isFalse();
            assertThat(WebhookSignature.valid(body, Optional.empty(), secret)).isFalse();
            assertThat(WebhookSignature.valid(body, Optional.of("sha1=abc"), secret)).isFalse();
            assertThat(WebhookSignature.valid(body, Optional.of(good), Secret.of(""))).isFalse();
        }

        @Test
        void theHandshakeAnswersOnlyOurVerifyToken() {
            Secret token = Secret.of("verify");
            assertThat(VerificationHandshake.answer(Optional.of("subscribe"), Optional.of("verify"), Optional.of("42"),
                    token)).contains("42");
            assertThat(VerificationHandshake.answer(Optional.of("subscribe"), Optional.of("guess"), Optional.of("42"),
                    token)).isEmpty();
            assertThat(VerificationHandshake.answer(Optional.of("unsubscribe"), Optional.of("verify"), Optional.of("42"),
                    token)).isEmpty();
        }

        @Test
        void statusesMoveOnlyForwardAndFailedOnlyBeforeDelivery() {
            assertThat(StatusChange.moves(null, "sent")).isTrue();
            assertThat(StatusChange.moves("sent", "delivered")).isTrue();
            assertThat(StatusChange.moves("delivered", "read")).isTrue();
            assertThat(StatusChange.moves("read", "delivered")).isFalse();
            assertThat(StatusChange.moves("delivered", "sent")).isFalse();
            assertThat(StatusChange.moves("delivered", "delivered")).isFalse();
            assertThat(StatusChange.moves("sent", "failed")).isTrue();
            assertThat(StatusChange.moves("delivered", "failed")).isFalse();
            assertThat(StatusChange.moves("failed", "read")).isFalse();
        }

        @Test
        void stopAndStartMustBeTheWholeMessageInEnglishOrHindi() {
            assertThat(InboundIntent.of(Optional.of(" STOP "), Optional.empty())).isEqualTo(InboundIntent.STOP_MARKETING);
            assertThat(InboundIntent.of(Optional.of("Unsubscribe."), Optional.empty())).isEqualTo(InboundIntent.STOP_MARKETING);
            assertThat(InboundIntent.of(Optional.of("बंद करो"), Optional.empty())).isEqualTo(InboundIntent.STOP_MARKETING);
            assertThat(InboundIntent.of(Optional.of("रोकें"), Optional.empty())).isEqualTo(InboundIntent.STOP_MARKETING);
            assertThat(InboundIntent.of(Optional.of("start"), Optional.empty())).isEqualTo(InboundIntent.START_MARKETING);
            assertThat(InboundIntent.of(Optional.of("शुरू करें"), Optional.empty())).isEqualTo(InboundIntent.START_MARKETING);
            assertThat(InboundIntent.of(Optional.of("please don't stop my policy"), Optional.empty()))
                    .isEqualTo(InboundIntent.OTHER);
        }

        @Test
        void aCallBackIsAQuickReplyButtonOrAPhrase() {
            assertThat(InboundIntent.of(Optional.of("Call me back"), Optional.of("CALLBACK_REQUEST")))
                    .isEqualTo(InboundIntent.CALLBACK);
            assertThat(InboundIntent.of(Optional.of("Can you please call me tomorrow?"), Optional.empty()))
                    .isEqualTo(InboundIntent.CALLBACK);
            assertThat(InboundIntent.of(Optional.of("कृपया मुझे कॉल करें"), Optional.empty()))
                    .isEqualTo(InboundIntent.CALLBACK);
        }

        @Test
        void stopAndStartAreConfirmedOnlyWhenTheyChangeSomething() {
            Instant said = NOW.plusSeconds(60);
            assertThat(ConsentChange.of(InboundIntent.STOP_MARKETING, true, Optional.of(NOW), said)).contains(false);
            assertThat(ConsentChange.of(InboundIntent.STOP_MARKETING, false, Optional.empty(), said)).contains(false);
            assertThat(ConsentChange.of(InboundIntent.STOP_MARKETING, false, Optional.of(NOW), said)).isEmpty();
            assertThat(ConsentChange.of(InboundIntent.START_MARKETING, false, Optional.of(NOW), said)).contains(true);
            assertThat(ConsentChange.of(InboundIntent.START_MARKETING, true, Optional.of(NOW), said)).isEmpty();
            assertThat(ConsentChange.of(InboundIntent.OTHER, true, Optional.of(NOW), said)).isEmpty();
        }

        @Test
        void whatTheCustomerSaidLastWinsWhateverTheOrderOfArrival() {
            Instant stopSaid = NOW.minusSeconds(30);
            // START said at NOW was applied first; the STOP said before it arrives late and changes nothing
            assertThat(ConsentChange.of(InboundIntent.STOP_MARKETING, true, Optional.of(NOW), stopSaid)).isEmpty();
            // and the other way round
            assertThat(ConsentChange.of(InboundIntent.START_MARKETING, false, Optional.of(NOW), stopSaid)).isEmpty();
            // the same second (WhatsApp's timestamps are whole seconds): applied in arrival order
            assertThat(ConsentChange.of(InboundIntent.START_MARKETING, false, Optional.of(NOW), NOW)).contains(true);
            assertThat(ConsentChange.of(InboundIntent.STOP_MARKETING, true, Optional.of(NOW.plusMillis(700)), NOW))
                    .contains(false);
        }
    }

    @Nested
    class ConsentAtSendTime {
        private final ApprovedTemplate reminder = new ApprovedTemplate("premium_due_reminder", "hi", "UTILITY", 1,
                "approved", false);

        private WhatsappMessage message(String purpose) {
            return WhatsappMessage.template("k", "LIC", "+919000000001", purpose,
                    new WhatsappMessage.Template("premium_due_reminder", "hi", List.of("x")), NOW);
        }

        private Recipient customer(boolean utility, boolean marketing, Set<NotificationCategory> off) {
            return new Recipient(Optional.of(UUID.randomUUID()), Optional.empty(), utility, marketing, off,
                    Optional.of(NOW.minus(Duration.ofHours(1))));
        }

        @Test
        void aUtilityTemplateToACustomerNeedsTheirUtilityConsent() {
            assertThat(SendRule.decide(message("reminder"), Optional.of(reminder), customer(false, true, Set.of()), NOW))
                    .isEqualTo(new SendRule.Refused(null, "no WhatsApp utility consent"));
            assertThat(SendRule.decide(message("callback"), Optional.of(reminder), customer(false, true, Set.of()), NOW))
                    .isInstanceOf(SendRule.Refused.class);
            assertThat(SendRule.decide(message("reminder"), Optional.of(reminder), customer(true, false, Set.of()), NOW))
                    .isInstanceOf(SendRule.Allowed.class);
        }

        @Test
        void codesConsentTextsRepliesInTheWindowAndNonCustomersNeedNoUtilityConsent() {
            Recipient undecided = customer(false, false, Set.of());
            assertThat(SendRule.decide(message("password_reset"), Optional.of(reminder), undecided, NOW))
                    .isInstanceOf(SendRule.Allowed.class);
            assertThat(SendRule.decide(message("consent"), Optional.of(reminder), undecided, NOW))
                    .isInstanceOf(SendRule.Allowed.class);
            WhatsappMessage question = WhatsappMessage.text("q", "LIC", "+919000000001", "consent", "Reply YES", NOW);
            WhatsappMessage reply = WhatsappMessage.text("r", "LIC", "+919000000001", "callback", "At 4 pm", NOW);
            assertThat(SendRule.decide(question, Optional.empty(), undecided, NOW)).isInstanceOf(SendRule.Allowed.class);
            assertThat(SendRule.decide(reply, Optional.empty(), undecided, NOW)).isInstanceOf(SendRule.Allowed.class);
            // an agent's or manager's number: their notices are not a customer's consent to give
            assertThat(SendRule.decide(message("callback"), Optional.of(reminder), Recipient.unknown(), NOW))
                    .isInstanceOf(SendRule.Allowed.class);
        }

        @Test
        void aCategoryTheCustomerSwitchedOffStopsItsMessages() {
            assertThat(SendRule.decide(message("reminder"), Optional.of(reminder),
                    customer(true, true, Set.of(NotificationCategory.PREMIUM_REMINDERS)), NOW))
                    .isEqualTo(new SendRule.Refused(null, "the customer switched off premium reminders"));
            assertThat(SendRule.decide(message("callback"), Optional.of(reminder),
                    customer(true, true, Set.of(NotificationCategory.CALLBACK_UPDATES)), NOW))
                    .isEqualTo(new SendRule.Refused(null, "the customer switched off callback updates"));
            assertThat(SendRule.decide(message("callback"), Optional.of(reminder),
                    customer(true, true, Set.of(NotificationCategory.PREMIUM_REMINDERS)), NOW))
                    .isInstanceOf(SendRule.Allowed.class);
            assertThat(SendRule.decide(message("otp"), Optional.of(reminder),
                    customer(true, true, Set.of(NotificationCategory.values())), NOW))
                    .isInstanceOf(SendRule.Allowed.class);
            assertThat(NotificationCategory.of("greeting")).contains(NotificationCategory.GREETINGS_AND_OFFERS);
            assertThat(NotificationCategory.of("broadcast")).contains(NotificationCategory.GREETINGS_AND_OFFERS);
        }
    }

    @Nested
    class Languages {
        private ApprovedTemplate row(String language, String status) {
            return new ApprovedTemplate("maturity_reminder", language, "UTILITY", 2, status, false);
        }

        @Test
        void anApprovedTemplateInTheAskedLanguageIsSentInIt() {
            assertThat(LanguageFallback.choose("hi", List.of(row("en", "approved"), row("hi", "approved"))))
                    .contains(row("hi", "approved"));
        }

        @Test
        void aTemplateMissingOrNotApprovedInTheAskedLanguageGoesInEnglish() {
            assertThat(LanguageFallback.choose("ta", List.of(row("en", "approved")))).contains(row("en", "approved"));
            assertThat(LanguageFallback.choose("hi", List.of(row("en", "approved"), row("hi", "paused"))))
                    .contains(row("en", "approved"));
        }

        @Test
        void whenEnglishDoesNotHelpTheAskedRowStaysForTheRefusal() {
            assertThat(LanguageFallback.choose("hi", List.of(row("en", "pending"), row("hi", "paused"))))
                    .contains(row("hi", "paused"));
            assertThat(LanguageFallback.choose("hi", List.of())).isEmpty();
            assertThat(LanguageFallback.choose("en", List.of(row("en", "rejected")))).contains(row("en", "rejected"));
        }
    }

    @Nested
    class ConsentReplies {

        @Test
        void yesAndNoMustBeTheWholeMessageInEnglishOrHindi() {
            for (String yes : List.of("YES", "yes.", " Y ", "haan", "Ji", "हाँ", "हां", "जी", "जी हाँ")) {
                assertThat(InboundIntent.of(Optional.of(yes), Optional.empty())).as(yes)
                        .isEqualTo(InboundIntent.CONSENT_YES);
            }
            for (String no : List.of("No", "nahi", "नहीं")) {
                assertThat(InboundIntent.of(Optional.of(no), Optional.empty())).as(no).isEqualTo(InboundIntent.CONSENT_NO);
            }
            assertThat(InboundIntent.of(Optional.of("Yes"), Optional.of("CONSENT_YES"))).isEqualTo(InboundIntent.CONSENT_YES);
            assertThat(InboundIntent.of(Optional.of("yes but call me first"), Optional.empty()))
                    .isEqualTo(InboundIntent.CALLBACK);
            assertThat(InboundIntent.of(Optional.of("yes I paid"), Optional.empty())).isEqualTo(InboundIntent.OTHER);
            assertThat(InboundIntent.of(Optional.of("ok"), Optional.empty())).isEqualTo(InboundIntent.OTHER);
            // STOP keeps its meaning
            assertThat(InboundIntent.of(Optional.of("stop"), Optional.empty())).isEqualTo(InboundIntent.STOP_MARKETING);
        }

        @Test
        void yesGivesAndNoWithdrawsUtilityConsentOnlyWhenItChangesSomething() {
            assertThat(ConsentChange.purposeOf(InboundIntent.CONSENT_YES)).contains(ConsentChange.Purpose.WHATSAPP_UTILITY);
            assertThat(ConsentChange.purposeOf(InboundIntent.STOP_MARKETING))
                    .contains(ConsentChange.Purpose.WHATSAPP_MARKETING);
            assertThat(ConsentChange.of(InboundIntent.CONSENT_YES, false, Optional.empty(), NOW)).contains(true);
            assertThat(ConsentChange.of(InboundIntent.CONSENT_YES, true, Optional.of(NOW.minusSeconds(5)), NOW)).isEmpty();
            assertThat(ConsentChange.of(InboundIntent.CONSENT_NO, false, Optional.empty(), NOW)).contains(false);
            assertThat(ConsentChange.of(InboundIntent.CONSENT_NO, true, Optional.of(NOW.minusSeconds(5)), NOW))
                    .contains(false);
            // said before the customer's latest statement: nothing
            assertThat(ConsentChange.of(InboundIntent.CONSENT_YES, false, Optional.of(NOW), NOW.minusSeconds(60))).isEmpty();
        }

        @Test
        void theQuestionIsKeyedPerCustomerAndBusinessDayAndNamesItsNotice() {
            UUID customer = UUID.fromString("00000000-0000-4000-8000-000000000001");
            // 20:00 UTC is the next day in India
            String key = ConsentQuestion.idempotencyKey(customer, Instant.parse("2026-11-25T20:00:00Z"),
                    "wa-utility-2026-12-hi");

            assertThat(key).isEqualTo("consent-question:" + customer + ":2026-11-26:wa-utility-2026-12-hi");
            assertThat(ConsentQuestion.noticeOf(key)).contains("wa-utility-2026-12-hi");
            assertThat(ConsentQuestion.utilityNotice("ta")).isEqualTo("wa-utility-2026-12-en");
            assertThat(ConsentQuestion.text("{{business}} will send reminders.", "LIC of India", "en"))
                    .isEqualTo("{{business}} will send reminders.".replace("{{business}}", "LIC of India")
                            + "\n\nReply YES to agree.");
        }

        @Test
        void evidenceQuotesWhatTheCustomerSent() {
            assertThat(ConsentChange.evidence("STOP", "")).isEqualTo("replied \"STOP\"");
            assertThat(ConsentChange.evidence(" हाँ ", " to the consent question"))
                    .isEqualTo("replied \"हाँ\" to the consent question");
        }
    }
}
