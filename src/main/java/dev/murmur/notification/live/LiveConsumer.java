package dev.murmur.notification.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.murmur.account.service.AccountService;
import dev.murmur.notification.NotificationsChanged;
import dev.murmur.notification.service.NotificationService;
import dev.murmur.outbox.Topics;
import dev.murmur.post.PostEvent;
import dev.murmur.social.service.SocialGraph;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The live push's Kafka side, on every API instance: a consumer in a group of its own
 * ({@code murmur-live-<instance uuid>}, starting at the end, committing nothing) over the posts
 * topic and the notification signals, so every instance sees every event and tells its own
 * connected browsers (docs/decisions/0713-live-push-from-kafka.md). It keeps nothing: a browser
 * that reconnects reads the API again. Errors are logged and skipped, never retried: a live hint
 * lost is a hint, not data.
 */
@ApplicationScoped
public class LiveConsumer {

    /** The channel name, shared with application.properties and tests. */
    public static final String CHANNEL = "live";

    private static final Logger LOG = Logger.getLogger(LiveConsumer.class);

    private final LiveHub hub;
    private final SocialGraph social;
    private final AccountService accounts;
    private final NotificationService notifications;
    private final ObjectMapper json;

    public LiveConsumer(LiveHub hub, SocialGraph social, AccountService accounts, NotificationService notifications, ObjectMapper json) {
        this.hub = hub;
        this.social = social;
        this.accounts = accounts;
        this.notifications = notifications;
        this.json = json.copy().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    @Incoming(CHANNEL)
    @Blocking
    @ActivateRequestContext // reads (follows, mutes, the unread count) outside any transaction
    public void consume(ConsumerRecords<String, String> batch) {
        // Whole polls, and nothing read or parsed while no browser is connected here: every post and
        // every notification signal reaches every API instance, most of them with nobody to tell.
        if (!hub.anyConnected()) {
            return;
        }
        batch.forEach(this::consume);
    }

    private void consume(ConsumerRecord<String, String> record) {
        try {
            String type = header(record, "ce_type");
            if (Topics.POSTS.equals(record.topic()) && PostEvent.CREATED.equals(type)) {
                post(json.readValue(record.value(), PostEvent.class));
            } else if (Topics.NOTIFICATIONS.equals(record.topic()) && NotificationsChanged.TYPE.equals(type)) {
                changed(json.readValue(record.value(), NotificationsChanged.class));
            }
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warnf("Live push skipped %s at offset %d: %s", record.topic(), record.offset(), e.toString());
        }
    }

    /** A new post goes to the connected viewers whose home timeline shows it. */
    private void post(PostEvent e) throws JsonProcessingException {
        Set<Long> connected = hub.connected();
        if (connected.isEmpty()) {
            return;
        }
        Set<Long> audience = social.homeAudienceAmong(e.authorId(), connected);
        if (audience.isEmpty()) {
            return;
        }
        LiveEvent event = new LiveEvent(LiveEvent.POST,
                json.writeValueAsString(new LiveEvent.PostData(e.postId(), accounts.require(e.authorId()).handle)));
        audience.forEach(viewer -> hub.send(viewer, event));
    }

    /** The unread count is read again here, so a signal that arrives late never shows an old number. */
    private void changed(NotificationsChanged e) throws JsonProcessingException {
        if (hub.isConnected(e.accountId())) {
            hub.send(e.accountId(), unread(json, notifications.unreadCount(e.accountId())));
        }
    }

    static LiveEvent unread(ObjectMapper json, long unread) throws JsonProcessingException {
        return new LiveEvent(LiveEvent.NOTIFICATION, json.writeValueAsString(new LiveEvent.NotificationData(unread)));
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
