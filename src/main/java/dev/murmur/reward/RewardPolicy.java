package dev.murmur.reward;

import dev.murmur.engagement.EngagementEvent;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

/**
 * Reward policy v1, in one place: what one engagement event is worth. Pure: it sees the event and
 * the state it needs (the credit standing for this reader, post and kind; what the reader has
 * already given the creator today) and returns a decision. The payout worker loads that state and
 * writes the decision. Published in docs/rewards.md; rule names are stable, clients see them.
 */
public final class RewardPolicy {

    /** Stable rule names, recorded as the reason of each credit or refusal. */
    public static final class Rule {
        public static final String WEIGHT = "weight";
        public static final String NEW_ACCOUNT = "new-account";
        public static final String EMPTY_ACCOUNT = "empty-account";
        public static final String DAILY_CAP = "daily-cap";
        public static final String UNDO = "undo";
        public static final String SELF = "self-engagement";
        public static final String DUPLICATE = "duplicate";
        public static final String NOTHING_TO_UNDO = "nothing-to-undo";
        public static final String MODERATION = "moderation";

        private Rule() {
        }
    }

    /** The credit a reader's engagement earned and still holds. */
    public record Standing(long amount, Long sourcePostId, LocalDate grantedDay) {
    }

    public sealed interface Decision permits Grant, Reverse, Reject {
        String rule();
    }

    /** Credit the creator {@code amount}; {@code day} is the cap day it counts against. */
    public record Grant(long amount, String rule, LocalDate day) implements Decision {
    }

    /** Take back a standing credit, and give the reader's cap for that day back. */
    public record Reverse(long amount, String rule, LocalDate day) implements Decision {
    }

    /** Nothing to credit, and why. */
    public record Reject(String rule, String detail) implements Decision {
    }

    private final RewardRules rules;

    public RewardPolicy(RewardRules rules) {
        this.rules = Objects.requireNonNull(rules);
    }

    public RewardRules rules() {
        return rules;
    }

    /**
     * @param standing          the credit standing for (reader, post, kind), if any
     * @param usedToday         credits this reader has given this creator on the event's UTC day
     * @param creatorSuspended  whether moderation has suspended the creator (its credits were reversed then)
     */
    public Decision decide(EngagementEvent event, Optional<Standing> standing, long usedToday, boolean creatorSuspended) {
        if (event.readerId() == event.creatorId()) {
            return new Reject(Rule.SELF, "self-engagement earns nothing");
        }
        if (event.action() == EngagementEvent.Action.REMOVED) {
            return undo(event, standing);
        }
        if (creatorSuspended) {
            return SUSPENDED;
        }
        if (standing.isPresent()) {
            return new Reject(Rule.DUPLICATE, "one " + kind(event) + " per reader and post counts");
        }
        long weight = rules.weights().get(event.kind());
        String rule = Rule.WEIGHT;
        if (isNew(event)) {
            weight = weight * rules.newAccountPercent() / 100;
            rule = Rule.NEW_ACCOUNT;
        } else if (isEmpty(event) && rules.emptyAccountPercent() < 100) {
            weight = weight * rules.emptyAccountPercent() / 100;
            rule = Rule.EMPTY_ACCOUNT;
        }
        if (weight <= 0) {
            return new Reject(rule, kind(event) + " is weighted 0 under rule " + rule);
        }
        long left = rules.dailyCap() - usedToday;
        if (left <= 0) {
            return new Reject(Rule.DAILY_CAP, "reader reached the daily cap of " + rules.dailyCap() + " for this creator");
        }
        if (left < weight) {
            return new Grant(left, Rule.DAILY_CAP, day(event));
        }
        return new Grant(weight, rule, day(event));
    }

    private static final Reject SUSPENDED = new Reject(Rule.MODERATION, "the creator is suspended by moderation");

    /**
     * A trend credit is booked as the trend detector awarded it (its rules are in the detector),
     * unless moderation has the creator suspended.
     */
    public Optional<Reject> refuseTrendCredit(boolean creatorSuspended) {
        return creatorSuspended ? Optional.of(SUSPENDED) : Optional.empty();
    }

    /** Content removed by moderation loses every credit it earned. */
    public Reverse moderate(Standing standing) {
        return new Reverse(standing.amount(), Rule.MODERATION, standing.grantedDay());
    }

    private Decision undo(EngagementEvent event, Optional<Standing> standing) {
        if (standing.isEmpty()) {
            return new Reject(Rule.NOTHING_TO_UNDO, "no credit stands for this " + kind(event));
        }
        // A reader's second reply earns nothing (one per post); deleting it must not undo the first.
        if (!Objects.equals(standing.get().sourcePostId(), event.sourcePostId())
                && event.kind() != EngagementEvent.Kind.LIKE && event.kind() != EngagementEvent.Kind.REPOST) {
            return new Reject(Rule.NOTHING_TO_UNDO, "the credited " + kind(event) + " is another post");
        }
        return new Reverse(standing.get().amount(), Rule.UNDO, standing.get().grantedDay());
    }

    private boolean isNew(EngagementEvent event) {
        return event.readerSince() != null
                && Duration.between(event.readerSince(), event.occurredAt()).compareTo(rules.newAccountAge()) < 0;
    }

    /** A reader with nothing of their own: no post, reply or quote that stands. Unknown counts as not empty. */
    private static boolean isEmpty(EngagementEvent event) {
        return event.readerPosts() != null && event.readerPosts() == 0;
    }

    public static LocalDate day(EngagementEvent event) {
        return LocalDate.ofInstant(event.occurredAt(), ZoneOffset.UTC);
    }

    private static String kind(EngagementEvent event) {
        return event.kind().name().toLowerCase();
    }
}
