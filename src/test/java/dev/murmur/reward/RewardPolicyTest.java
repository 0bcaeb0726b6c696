package dev.murmur.reward;

import dev.murmur.engagement.EngagementEvent;
import dev.murmur.engagement.EngagementEvent.Action;
import dev.murmur.engagement.EngagementEvent.Kind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RewardPolicyTest {

    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    private static final Instant OLD = NOW.minus(Duration.ofDays(30));
    private final RewardPolicy policy = new RewardPolicy(new RewardRules(
            Map.of(Kind.LIKE, 2L, Kind.REPOST, 6L, Kind.REPLY, 4L, Kind.QUOTE, 8L), 10, Duration.ofHours(72), 50, 50));

    private static EngagementEvent event(Kind kind, Action action, long reader, long creator, Instant readerSince) {
        return EngagementEvent.of(kind, action, reader, readerSince, 3L, creator, 100, null, NOW);
    }

    @Test
    void shouldGrantTheWeightOfTheKind() {
        assertThat(policy.decide(event(Kind.LIKE, Action.ADDED, 1, 2, OLD), Optional.empty(), 0, false))
                .isEqualTo(new RewardPolicy.Grant(2, RewardPolicy.Rule.WEIGHT, LocalDate.of(2025, 3, 1)));
        assertThat(policy.decide(event(Kind.QUOTE, Action.ADDED, 1, 2, OLD), Optional.empty(), 0, false))
                .isEqualTo(new RewardPolicy.Grant(8, RewardPolicy.Rule.WEIGHT, LocalDate.of(2025, 3, 1)));
    }

    @Test
    void shouldRefuseEngagementsWithASuspendedCreatorButLetAnUndoFindNothing() {
        assertThat(policy.decide(event(Kind.LIKE, Action.ADDED, 1, 2, OLD), Optional.empty(), 0, true))
                .isInstanceOf(RewardPolicy.Reject.class).extracting(RewardPolicy.Decision::rule).isEqualTo(RewardPolicy.Rule.MODERATION);
        // The suspension reversed every standing credit, so an unlike finds nothing to undo.
        assertThat(policy.decide(event(Kind.LIKE, Action.REMOVED, 1, 2, OLD), Optional.empty(), 0, true))
                .isInstanceOf(RewardPolicy.Reject.class).extracting(RewardPolicy.Decision::rule).isEqualTo(RewardPolicy.Rule.NOTHING_TO_UNDO);
        assertThat(policy.decide(event(Kind.LIKE, Action.ADDED, 1, 2, OLD), Optional.empty(), 0, false))
                .isInstanceOf(RewardPolicy.Grant.class);
    }

    @Test
    void shouldRefuseTrendCreditsOnlyForASuspendedCreator() {
        assertThat(policy.refuseTrendCredit(true)).get().extracting(RewardPolicy.Decision::rule).isEqualTo(RewardPolicy.Rule.MODERATION);
        assertThat(policy.refuseTrendCredit(false)).isEmpty();
    }

    @Test
    void shouldNotRewardSelfEngagement() {
        assertThat(policy.decide(event(Kind.LIKE, Action.ADDED, 2, 2, OLD), Optional.empty(), 0, false))
                .isInstanceOf(RewardPolicy.Reject.class).extracting(RewardPolicy.Decision::rule).isEqualTo(RewardPolicy.Rule.SELF);
    }

    @Test
    void shouldCountOneEngagementPerReaderPostAndKind() {
        var standing = Optional.of(new RewardPolicy.Standing(2, null, LocalDate.of(2025, 3, 1)));
        assertThat(policy.decide(event(Kind.LIKE, Action.ADDED, 1, 2, OLD), standing, 2, false).rule()).isEqualTo(RewardPolicy.Rule.DUPLICATE);
    }

    @Test
    void shouldReverseExactlyWhatWasGrantedOnUndo() {
        var standing = Optional.of(new RewardPolicy.Standing(1, null, LocalDate.of(2025, 2, 27)));
        assertThat(policy.decide(event(Kind.LIKE, Action.REMOVED, 1, 2, OLD), standing, 0, false))
                .isEqualTo(new RewardPolicy.Reverse(1, RewardPolicy.Rule.UNDO, LocalDate.of(2025, 2, 27)));
        assertThat(policy.decide(event(Kind.LIKE, Action.REMOVED, 1, 2, OLD), Optional.empty(), 0, false).rule())
                .isEqualTo(RewardPolicy.Rule.NOTHING_TO_UNDO);
    }

    @Test
    void shouldNotLetDeletingASecondReplyUndoTheFirst() {
        var standing = Optional.of(new RewardPolicy.Standing(4, 500L, LocalDate.of(2025, 3, 1)));
        var deleteSecond = EngagementEvent.of(Kind.REPLY, Action.REMOVED, 1, OLD, 3L, 2, 100, 501L, NOW);
        var deleteFirst = EngagementEvent.of(Kind.REPLY, Action.REMOVED, 1, OLD, 3L, 2, 100, 500L, NOW);
        assertThat(policy.decide(deleteSecond, standing, 4, false).rule()).isEqualTo(RewardPolicy.Rule.NOTHING_TO_UNDO);
        assertThat(policy.decide(deleteFirst, standing, 4, false)).isInstanceOf(RewardPolicy.Reverse.class);
    }

    @Test
    void shouldCapCreditsPerReaderAndCreatorPerDay() {
        assertThat(policy.decide(event(Kind.REPOST, Action.ADDED, 1, 2, OLD), Optional.empty(), 7, false))
                .isEqualTo(new RewardPolicy.Grant(3, RewardPolicy.Rule.DAILY_CAP, LocalDate.of(2025, 3, 1)));
        assertThat(policy.decide(event(Kind.LIKE, Action.ADDED, 1, 2, OLD), Optional.empty(), 10, false).rule())
                .isEqualTo(RewardPolicy.Rule.DAILY_CAP);
    }

    @Test
    void shouldWeightNewAccountsDown() {
        assertThat(policy.decide(event(Kind.REPOST, Action.ADDED, 1, 2, NOW.minus(Duration.ofHours(1))), Optional.empty(), 0, false))
                .isEqualTo(new RewardPolicy.Grant(3, RewardPolicy.Rule.NEW_ACCOUNT, LocalDate.of(2025, 3, 1)));
        var tiny = new RewardPolicy(new RewardRules(Map.of(Kind.LIKE, 1L, Kind.REPOST, 1L, Kind.REPLY, 1L, Kind.QUOTE, 1L),
                10, Duration.ofHours(72), 50, 50));
        assertThat(tiny.decide(event(Kind.LIKE, Action.ADDED, 1, 2, NOW), Optional.empty(), 0, false).rule())
                .isEqualTo(RewardPolicy.Rule.NEW_ACCOUNT);
        assertThat(tiny.decide(event(Kind.LIKE, Action.ADDED, 1, 2, NOW), Optional.empty(), 0, false))
                .isInstanceOf(RewardPolicy.Reject.class);
    }

    @Test
    void shouldWeightEmptyAccountsDownUnlessTheyAreNewOrUnknown() {
        EngagementEvent empty = EngagementEvent.of(Kind.REPOST, Action.ADDED, 1, OLD, 0L, 2, 100, null, NOW);
        assertThat(policy.decide(empty, Optional.empty(), 0, false))
                .isEqualTo(new RewardPolicy.Grant(3, RewardPolicy.Rule.EMPTY_ACCOUNT, LocalDate.of(2025, 3, 1)));
        // One post of their own is enough; an event that does not say (written before the field) is not empty.
        assertThat(policy.decide(EngagementEvent.of(Kind.REPOST, Action.ADDED, 1, OLD, 1L, 2, 100, null, NOW), Optional.empty(), 0, false))
                .isEqualTo(new RewardPolicy.Grant(6, RewardPolicy.Rule.WEIGHT, LocalDate.of(2025, 3, 1)));
        assertThat(policy.decide(EngagementEvent.of(Kind.REPOST, Action.ADDED, 1, OLD, null, 2, 100, null, NOW), Optional.empty(), 0, false))
                .isEqualTo(new RewardPolicy.Grant(6, RewardPolicy.Rule.WEIGHT, LocalDate.of(2025, 3, 1)));
        // New and empty: the new-account rule applies, once.
        EngagementEvent newAndEmpty = EngagementEvent.of(Kind.REPOST, Action.ADDED, 1, NOW.minus(Duration.ofHours(1)), 0L, 2, 100, null, NOW);
        assertThat(policy.decide(newAndEmpty, Optional.empty(), 0, false))
                .isEqualTo(new RewardPolicy.Grant(3, RewardPolicy.Rule.NEW_ACCOUNT, LocalDate.of(2025, 3, 1)));
        // 100 % turns the rule off.
        var off = new RewardPolicy(new RewardRules(Map.of(Kind.LIKE, 2L, Kind.REPOST, 6L, Kind.REPLY, 4L, Kind.QUOTE, 8L),
                10, Duration.ofHours(72), 50, 100));
        assertThat(off.decide(empty, Optional.empty(), 0, false)).isEqualTo(new RewardPolicy.Grant(6, RewardPolicy.Rule.WEIGHT, LocalDate.of(2025, 3, 1)));
    }

    @Test
    void shouldReverseModeratedContent() {
        assertThat(policy.moderate(new RewardPolicy.Standing(6, null, LocalDate.of(2025, 3, 1))))
                .isEqualTo(new RewardPolicy.Reverse(6, RewardPolicy.Rule.MODERATION, LocalDate.of(2025, 3, 1)));
    }
}
