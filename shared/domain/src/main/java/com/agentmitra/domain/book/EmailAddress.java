package com.agentmitra.domain.book;

import java.util.Locale;
import java.util.regex.Pattern;

/** An e-mail address: one {@code @}, a dotted domain, no spaces; stored with a lower-case domain. */
public record EmailAddress(String value) {

    private static final Pattern SHAPE = Pattern.compile("[^@\\s]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+");

    public EmailAddress {
        if (value == null || value.length() > 255 || !SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("not an e-mail address");
        }
    }

    public static Parsed<EmailAddress> parse(String raw) {
        String text = raw == null ? "" : raw.strip();
        if (text.length() > 255 || !SHAPE.matcher(text).matches()) {
            return Parsed.invalid("must be an e-mail address such as name@example.com");
        }
        int at = text.lastIndexOf('@');
        return Parsed.valid(new EmailAddress(text.substring(0, at) + text.substring(at).toLowerCase(Locale.ROOT)));
    }
}
