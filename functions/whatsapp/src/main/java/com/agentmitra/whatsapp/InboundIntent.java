package com.agentmitra.whatsapp;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What an inbound message asks of us (issue 8): stop or restart marketing, a call back, or nothing special.
 * STOP and START must be the whole message (so "please don't stop my policy" opts nobody out); a call back is a
 * quick-reply button or a phrase anywhere in the text. English and Hindi (Devanagari and common Latin spellings).
 */
enum InboundIntent {
    STOP_MARKETING,
    START_MARKETING,
    CALLBACK,
    OTHER;

    private static final Set<String> STOP = Set.of("stop", "unsubscribe", "stop all", "opt out", "optout",
            "रोकें", "रोको", "बंद", "बंद करें", "बंद करो", "अनसब्सक्राइब", "band karo", "band karein", "roko");
    private static final Set<String> START = Set.of("start", "subscribe", "unstop", "opt in", "शुरू", "शुरू करें",
            "शुरू करो", "चालू करें", "shuru karo");
    private static final List<String> CALLBACK_PHRASES = List.of("call me", "call back", "callback", "please call",
            "कॉल करें", "कॉल बैक", "फ़ोन करें", "फोन करें", "कॉल करो", "फोन करो", "call karo", "call kijiye");
    /** The payload of our templates' quick-reply button. */
    static final String CALLBACK_BUTTON_PAYLOAD = "CALLBACK_REQUEST";

    static InboundIntent of(Optional<String> text, Optional<String> buttonPayload) {
        if (buttonPayload.isPresent() && buttonPayload.get().strip().equalsIgnoreCase(CALLBACK_BUTTON_PAYLOAD)) {
            return CALLBACK;
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
        return CALLBACK_PHRASES.stream().anyMatch(words::contains) ? CALLBACK : OTHER;
    }

    private static String normalised(String text) {
        String nfc = Normalizer.normalize(text, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        return nfc.replaceAll("[\\p{Punct}।॥]+", " ").replaceAll("\\s+", " ").strip();
    }
}
