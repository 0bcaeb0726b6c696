package dev.murmur.notification.live;

/** One server-sent event for a browser: its name ({@code post}, {@code notification}) and its JSON data. */
public record LiveEvent(String name, String data) {

    public static final String POST = "post";
    public static final String NOTIFICATION = "notification";
}
