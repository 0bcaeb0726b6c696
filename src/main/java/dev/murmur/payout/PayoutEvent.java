package dev.murmur.payout;

import dev.murmur.engagement.EngagementEvent;
import dev.murmur.moderation.ModerationEvent;
import dev.murmur.outbox.EventSchema;
import dev.murmur.trend.TrendCreditEvent;

import java.util.List;

/**
 * What the payout worker applies from the engagements topic: an engagement, a trend credit or a
 * moderation decision. Each names the creator whose reward-policy state applying it reads.
 */
sealed interface PayoutEvent {

    long creatorId();

    record Engagement(EngagementEvent event) implements PayoutEvent {
        @Override
        public long creatorId() {
            return event.creatorId();
        }
    }

    record TrendCredit(TrendCreditEvent event) implements PayoutEvent {
        @Override
        public long creatorId() {
            return event.accountId();
        }
    }

    record Moderation(ModerationEvent event) implements PayoutEvent {
        @Override
        public long creatorId() {
            return event.creatorId();
        }
    }

    /**
     * How the worker reads the topic's records: moderation and trend credit events by their type,
     * anything else as an engagement. Unknown fields are allowed (a newer producer may add some).
     */
    List<EventSchema<?, ? extends PayoutEvent>> SCHEMAS = List.of(
            new EventSchema<>("a moderation event", type -> type != null && type.startsWith(ModerationEvent.TYPE_PREFIX),
                    ModerationEvent.class, true, PayoutEvent::moderationProblem, Moderation::new),
            new EventSchema<>("a trend credit event", TrendCreditEvent.TYPE::equals, TrendCreditEvent.class, true,
                    (t, type) -> t.schemaVersion() != TrendCreditEvent.SCHEMA_VERSION || t.credits() <= 0 || t.trendId() == null
                            || t.occurredAt() == null ? "trend credit needs schemaVersion 1, a trend, a time and credits > 0" : null,
                    TrendCredit::new),
            new EventSchema<>("an engagement event", type -> true, EngagementEvent.class, true, PayoutEvent::engagementProblem,
                    Engagement::new));

    private static String engagementProblem(EngagementEvent event, String type) {
        if (event.kind() == null || event.action() == null || event.occurredAt() == null) {
            return "kind, action and occurredAt are required";
        }
        if (event.schemaVersion() != EngagementEvent.SCHEMA_VERSION) {
            return "unsupported schemaVersion " + event.schemaVersion();
        }
        if (!event.type().equals(type)) {
            return "ce_type " + type + " does not match the payload (" + event.type() + ")";
        }
        return null;
    }

    private static String moderationProblem(ModerationEvent m, String type) {
        if (m.schemaVersion() != ModerationEvent.SCHEMA_VERSION || m.occurredAt() == null || !type.equals(m.action())) {
            return "moderation event needs schemaVersion 1, a time and an action matching ce_type";
        }
        boolean removal = type.equals(ModerationEvent.POST_REMOVED);
        if (!removal && !type.equals(ModerationEvent.ACCOUNT_SUSPENDED) && !type.equals(ModerationEvent.ACCOUNT_REINSTATED)) {
            return "unknown moderation event type " + type;
        }
        if (removal != (m.postId() != null)) {
            return "postId is required for a post removal, and only there";
        }
        return null;
    }
}
