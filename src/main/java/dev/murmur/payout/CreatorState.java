package dev.murmur.payout;

import dev.murmur.ledger.PolicyLine;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What the reward policy needs to know about one creator: the credit standing under each reader's
 * engagement with the creator's posts, and what each reader gave the creator on each day. Built from
 * the creator's credit lines ({@link #of}); the worker then keeps it in step with the lines it
 * writes ({@link #granted}, {@link #reversed}). Only the thread applying the creator's partition
 * touches it.
 */
final class CreatorState {

    /** A reader's engagement with a post, of one kind: the key under which a credit stands. */
    record EngagementKey(long readerId, long postId, String kind) {
    }

    /** A credit that stands: the grant line's event, its amount, the reply or quote that earned it, its cap day. */
    record Credit(UUID eventId, long amount, Long sourcePostId, LocalDate day) {
    }

    private record ReaderDay(long readerId, LocalDate day) {
    }

    private final long creatorId;
    private final Map<EngagementKey, Credit> standing = new HashMap<>();
    private final Map<ReaderDay, Long> given = new HashMap<>();
    private boolean suspended;

    private CreatorState(long creatorId) {
        this.creatorId = creatorId;
    }

    /**
     * The state the lines of one creator describe (grants no reversal took back, and net sums per
     * reader and day), and whether moderation has the creator suspended.
     */
    static CreatorState of(long creatorId, List<PolicyLine> lines, boolean suspended) {
        CreatorState state = new CreatorState(creatorId);
        state.suspended = suspended;
        Set<UUID> takenBack = new HashSet<>();
        List<PolicyLine> grants = new ArrayList<>();
        for (PolicyLine line : lines) {
            if (line.creatorId() != creatorId) {
                throw new IllegalArgumentException("line " + line.eventId() + " is creator " + line.creatorId() + "'s");
            }
            if (line.amount() > 0) {
                grants.add(line);
            } else if (line.reverses() != null) {
                takenBack.add(line.reverses());
            }
            if (line.readerId() != null) {
                state.given.merge(new ReaderDay(line.readerId(), line.creditDay()), line.amount(), Long::sum);
            }
        }
        for (PolicyLine g : grants) {
            if (takenBack.contains(g.eventId()) || g.readerId() == null) {
                continue;
            }
            Credit other = state.standing.put(new EngagementKey(g.readerId(), g.postId(), g.kind()),
                    new Credit(g.eventId(), g.amount(), g.sourcePostId(), g.creditDay()));
            if (other != null) {
                throw new IllegalStateException("two credits stand for one engagement: " + other.eventId() + ", " + g.eventId());
            }
        }
        return state;
    }

    long creatorId() {
        return creatorId;
    }

    Credit standing(EngagementKey key) {
        return standing.get(key);
    }

    /** Net credits {@code readerId} gave this creator, counted against {@code day}. */
    long given(long readerId, LocalDate day) {
        return given.getOrDefault(new ReaderDay(readerId, day), 0L);
    }

    void granted(EngagementKey key, Credit credit) {
        standing.put(key, credit);
        given.merge(new ReaderDay(key.readerId(), credit.day()), credit.amount(), Long::sum);
    }

    void reversed(EngagementKey key, Credit credit) {
        standing.remove(key);
        given.merge(new ReaderDay(key.readerId(), credit.day()), -credit.amount(), Long::sum);
    }

    /** Whether moderation has suspended the creator: engagements with the creator earn nothing. */
    boolean suspended() {
        return suspended;
    }

    void suspend() {
        suspended = true;
    }

    void reinstate() {
        suspended = false;
    }

    /** The credits standing on one post, or on all of the creator's posts when {@code postId} is null. */
    Map<EngagementKey, Credit> standingOn(Long postId) {
        Map<EngagementKey, Credit> found = new HashMap<>();
        standing.forEach((key, credit) -> {
            if (postId == null || key.postId() == postId) {
                found.put(key, credit);
            }
        });
        return found;
    }
}
