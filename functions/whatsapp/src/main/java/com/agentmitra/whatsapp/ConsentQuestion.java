package com.agentmitra.whatsapp;

import com.agentmitra.domain.time.BusinessDay;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;

/**
 * The question that asks a customer for utility consent on WhatsApp (issue 13; Meta requires an opt-in that names
 * the business, DPDP Act 2023 s.5-6 one given on a notice): when a customer with no utility consent decision yet
 * writes to us, we answer once, in the service window they just opened, with the notice of their language
 * ({@code shared.consent_notices} {@code wa-utility-2026-12-<en|hi>}, the business named) and how to agree. Asked at
 * most once a business day per customer: the idempotency key names the customer, the day (Asia/Kolkata) and the
 * notice, so the sender sends it once and the answer can name the notice it was given on. A yes or no counts only
 * within 24 hours after a question was sent to that customer.
 */
final class ConsentQuestion {

    static final String KEY_PREFIX = "consent-question:";
    static final Duration ANSWER_WINDOW = Duration.ofHours(24);
    private static final ZoneId BUSINESS_ZONE = BusinessDay.INDIA;
    private static final String UTILITY_NOTICE = "wa-utility-2026-12-";
    private static final String MARKETING_NOTICE = "wa-marketing-2026-12-";

    private ConsentQuestion() {}

    /** The languages our notices and texts exist in: Hindi for a customer who prefers it, else English. */
    static String language(String preferredLanguage) {
        return "hi".equals(preferredLanguage) ? "hi" : "en";
    }

    static String utilityNotice(String preferredLanguage) {
        return UTILITY_NOTICE + language(preferredLanguage);
    }

    static String marketingNotice(String preferredLanguage) {
        return MARKETING_NOTICE + language(preferredLanguage);
    }

    /** The key of the question to this customer on the business day of {@code at}, on that notice. */
    static String idempotencyKey(UUID policyholderId, Instant at, String noticeVersion) {
        return dayPrefix(policyholderId, at) + noticeVersion;
    }

    /** Every key of a question to this customer on the business day of {@code at}, whatever its notice. */
    static String dayPrefix(UUID policyholderId, Instant at) {
        return KEY_PREFIX + policyholderId + ":" + LocalDate.ofInstant(at, BUSINESS_ZONE) + ":";
    }

    /** The notice a question was asked on, read back from its key. */
    static Optional<String> noticeOf(String idempotencyKey) {
        int last = idempotencyKey.lastIndexOf(':');
        return idempotencyKey.startsWith(KEY_PREFIX) && last > 0 && last < idempotencyKey.length() - 1
                ? Optional.of(idempotencyKey.substring(last + 1)) : Optional.empty();
    }

    /** The question: the notice with the business named, then how to agree. */
    static String text(String noticeBody, String business, String preferredLanguage) {
        String notice = noticeBody.replace("{{business}}", business);
        return "hi".equals(language(preferredLanguage))
                ? notice + "\n\nसहमति देने के लिए हाँ (YES) लिखकर भेजें।"
                : notice + "\n\nReply YES to agree.";
    }

    /** The one short confirmation of an answer that changed something. */
    static String confirmation(boolean agreed, String business, String preferredLanguage) {
        boolean hindi = "hi".equals(language(preferredLanguage));
        if (agreed) {
            return hindi
                    ? "धन्यवाद। " + business + " आपको प्रीमियम रिमाइंडर और पॉलिसी की सूचनाएँ WhatsApp पर भेजेगा। आप इन्हें"
                            + " कभी भी ऐप में या अपने एजेंट से कहकर बंद कर सकते हैं।"
                    : "Thank you. " + business + " will send you premium reminders and policy notices on WhatsApp. You"
                            + " can stop them at any time in the app or by asking your agent.";
        }
        return hindi
                ? "ठीक है। हम आपको WhatsApp पर प्रीमियम रिमाइंडर और पॉलिसी की सूचनाएँ नहीं भेजेंगे। आप कभी भी ऐप में या"
                        + " अपने एजेंट के ज़रिए सहमति दे सकते हैं।"
                : "Understood. We will not send you premium reminders or policy notices on WhatsApp. You can agree at"
                        + " any time in the app or through your agent.";
    }
}
