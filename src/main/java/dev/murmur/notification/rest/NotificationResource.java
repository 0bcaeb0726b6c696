package dev.murmur.notification.rest;

import dev.murmur.account.security.CurrentAccount;
import dev.murmur.notification.NotificationPage;
import dev.murmur.notification.service.NotificationService;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The caller's notifications (docs/api.md, "Notifications"). */
@Path("/api/notifications")
@Produces(MediaType.APPLICATION_JSON)
public class NotificationResource {

    /** The unread count, as GET unread-count and POST read answer it. */
    public record UnreadCount(long unread) {
    }

    private final NotificationService notifications;
    private final CurrentAccount current;

    public NotificationResource(NotificationService notifications, CurrentAccount current) {
        this.notifications = notifications;
        this.current = current;
    }

    /** Grouped notifications, newest first, paged by opaque cursors: pass {@code nextCursor} back as {@code cursor}. */
    @GET
    @Authenticated
    public NotificationPage list(@QueryParam("cursor") String cursor, @QueryParam("limit") @DefaultValue("20") int limit) {
        return notifications.page(current.id(), cursor, limit);
    }

    @GET
    @Path("/unread-count")
    @Authenticated
    public UnreadCount unreadCount() {
        return new UnreadCount(notifications.unreadCount(current.id()));
    }

    /** Marks every notification read; answers the unread count afterwards (0 unless something arrived meanwhile). */
    @POST
    @Path("/read")
    @Authenticated
    public UnreadCount markRead() {
        long id = current.id();
        notifications.markRead(id);
        return new UnreadCount(notifications.unreadCount(id));
    }
}
