package dev.murmur.notification;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Notifications and the live push. */
@ConfigMapping(prefix = "murmur.notifications")
public interface NotificationConfig {

    /**
     * murmur.notifications.enabled: whether this instance runs the notification consumer (it drives
     * mp.messaging.incoming.notifications.enabled). Its default comes from murmur.role: on in all
     * and worker, off in api.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * murmur.notifications.group-window: a LIKE, REPOST or FOLLOW joins an unread notification of
     * the same kind and subject only if that notification started less than this long ago; after
     * that, or once it was read, a new notification starts.
     */
    @WithDefault("PT24H")
    Duration groupWindow();

    /** murmur.notifications.actors-shown: how many of a notification's most recent actors the API lists. */
    @WithDefault("3")
    int actorsShown();

    /**
     * murmur.notifications.live-enabled: whether this instance serves the live push (GET /api/live)
     * from its own Kafka consumer (it drives mp.messaging.incoming.live.enabled). Its default comes
     * from murmur.role: on in all and api, off in worker.
     */
    @WithDefault("true")
    boolean liveEnabled();

    /** murmur.notifications.live-keepalive: how often an idle live stream gets an SSE comment, so proxies keep it open. */
    @WithDefault("PT20S")
    Duration liveKeepalive();
}
