package dev.murmur.notification.live;

/** One server-sent event for a browser: its name ({@code post}, {@code notification}) and its JSON data. */
public record LiveEvent(String name, String data) {

    public static final String POST = "post";
    public static final String NOTIFICATION = "notification";

    /** The data of a {@code post} event: a post the viewer's home timeline shows, by its author's handle. */
    public record PostData(long postId, String author) {
    }

    /** The data of a {@code notification} event: the viewer's unread count now. */
    public record NotificationData(long unread) {
    }
}
