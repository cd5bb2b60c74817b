package com.agentmitra.whatsapp;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What an inbound message asks of us (issues 8 and 13): stop or restart marketing, yes or no (an answer to our
 * consent question, counted only when that question was asked), a call back, or nothing special. STOP, START, yes
 * and no must be the whole message (so "please don't stop my policy" opts nobody out and "yes, but call me first"
 * agrees to nothing); a call back is a quick-reply button or a phrase anywhere in the text. English and Hindi
 * (Devanagari and common Latin spellings). "ok" is no yes: it acknowledges as often as it agrees.
 */
enum InboundIntent {
    STOP_MARKETING,
    START_MARKETING,
    CONSENT_YES,
    CONSENT_NO,
    CALLBACK,
    OTHER;

    private static final Set<String> STOP = Set.of("stop", "unsubscribe", "stop all", "opt out", "optout",
            "रोकें", "रोको", "बंद", "बंद करें", "बंद करो", "अनसब्सक्राइब", "band karo", "band karein", "roko");
    private static final Set<String> START = Set.of("start", "subscribe", "unstop", "opt in", "शुरू", "शुरू करें",
            "शुरू करो", "चालू करें", "shuru karo");
    private static final Set<String> YES = Set.of("yes", "y", "i agree", "agree", "haan", "haa", "ha", "han", "ji",
            "ji haan", "ji han", "हाँ", "हां", "हा", "जी", "जी हाँ", "जी हां", "सहमत", "मैं सहमत हूँ", "मैं सहमत हूं");
    private static final Set<String> NO = Set.of("no", "n", "nahi", "nahin", "nai", "na", "नहीं", "नही", "ना",
            "जी नहीं");
    private static final List<String> CALLBACK_PHRASES = List.of("call me", "call back", "callback", "please call",
            "कॉल करें", "कॉल बैक", "फ़ोन करें", "फोन करें", "कॉल करो", "फोन करो", "call karo", "call kijiye");
    /** The payload of our templates' quick-reply button. */
    static final String CALLBACK_BUTTON_PAYLOAD = "CALLBACK_REQUEST";
    /** The payloads of quick-reply buttons answering the consent question. */
    static final String CONSENT_YES_PAYLOAD = "CONSENT_YES";
    static final String CONSENT_NO_PAYLOAD = "CONSENT_NO";

    static InboundIntent of(Optional<String> text, Optional<String> buttonPayload) {
        if (buttonPayload.isPresent() && buttonPayload.get().strip().equalsIgnoreCase(CALLBACK_BUTTON_PAYLOAD)) {
            return CALLBACK;
        }
        if (buttonPayload.isPresent() && buttonPayload.get().strip().equalsIgnoreCase(CONSENT_YES_PAYLOAD)) {
            return CONSENT_YES;
        }
        if (buttonPayload.isPresent() && buttonPayload.get().strip().equalsIgnoreCase(CONSENT_NO_PAYLOAD)) {
            return CONSENT_NO;
        }
        if (text.isEmpty()) {
            return OTHER;
        }
        String words = normalised(text.get());
        if (STOP.contains(words)) {
            return STOP_MARKETING;
        }
        if (START.contains(words)) {
            return START_MARKETING;
        }
        if (YES.contains(words)) {
            return CONSENT_YES;
        }
        if (NO.contains(words)) {
            return CONSENT_NO;
        }
        return CALLBACK_PHRASES.stream().anyMatch(words::contains) ? CALLBACK : OTHER;
    }

    private static String normalised(String text) {
        String nfc = Normalizer.normalize(text, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        return nfc.replaceAll("[\\p{Punct}।॥]+", " ").replaceAll("\\s+", " ").strip();
    }
}
