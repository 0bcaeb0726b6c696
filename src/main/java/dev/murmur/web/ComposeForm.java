package dev.murmur.web;

import java.util.UUID;

/**
 * The compose box. {@code key} is the Idempotency-Key its post goes out with: a double click or a
 * retry sends the same key and gets the same post. A new form gets a new key.
 */
public record ComposeForm(String text, Long replyTo, Long quoteOf, String key, FormErrors errors, String status,
                          int max, PostCard context) {

    public static ComposeForm empty(Long replyTo, Long quoteOf, int max, PostCard context, String status) {
        return new ComposeForm("", replyTo, quoteOf, UUID.randomUUID().toString(), FormErrors.NONE, status, max, context);
    }

    public String placeholder() {
        if (replyTo != null) {
            return "Write your reply";
        }
        return quoteOf != null ? "Add your comment" : "What's happening?";
    }

    public String button() {
        if (replyTo != null) {
            return "Reply";
        }
        return quoteOf != null ? "Quote" : "Post";
    }

    /** Idempotency-Key for htmx's hx-headers (the key is a UUID: nothing to escape). */
    public String hxHeaders() {
        return "{\"Idempotency-Key\": \"" + key + "\"}";
    }
}
