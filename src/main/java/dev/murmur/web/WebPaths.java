package dev.murmur.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Builds the web app's own URLs from user data. */
final class WebPaths {

    private WebPaths() {
    }

    /** One path segment, percent-encoded (hashtags may hold any letter). */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
