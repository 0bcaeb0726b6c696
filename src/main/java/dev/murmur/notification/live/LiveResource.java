package dev.murmur.notification.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.murmur.account.security.CurrentAccount;
import dev.murmur.notification.NotificationConfig;
import dev.murmur.notification.service.NotificationService;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

/**
 * GET /api/live: the caller's live updates as Server-Sent Events (docs/api.md, "Live updates").
 * The first event is the current unread count; then {@code post} when an account the caller
 * follows (or the caller) posts, {@code notification} when the caller's notifications change, and
 * a comment every murmur.notifications.live-keepalive. Works with whatever authenticated the request.
 */
@Path("/api/live")
public class LiveResource {

    private final LiveHub hub;
    private final NotificationService notifications;
    private final CurrentAccount current;
    private final NotificationConfig config;
    private final ObjectMapper json;

    public LiveResource(LiveHub hub, NotificationService notifications, CurrentAccount current, NotificationConfig config,
                        ObjectMapper json) {
        this.hub = hub;
        this.notifications = notifications;
        this.current = current;
        this.config = config;
        this.json = json;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Authenticated
    @Blocking // the unread count is read from the database before the stream starts
    public Multi<OutboundSseEvent> live(@Context Sse sse) throws JsonProcessingException {
        long accountId = current.id();
        LiveEvent first = LiveConsumer.unread(json, notifications.unreadCount(accountId));
        Multi<OutboundSseEvent> events = hub.subscribe(accountId, first)
                .map(e -> sse.newEventBuilder().name(e.name()).data(e.data()).build());
        Multi<OutboundSseEvent> keepalive = Multi.createFrom().ticks().every(config.liveKeepalive())
                .map(tick -> sse.newEventBuilder().comment("keepalive").build());
        return Multi.createBy().merging().streams(events, keepalive);
    }
}
