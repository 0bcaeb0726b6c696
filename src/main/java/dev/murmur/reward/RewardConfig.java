package dev.murmur.reward;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The reward policy's knobs. The published values and their reasons are in docs/rewards.md. */
@ConfigMapping(prefix = "murmur.reward")
public interface RewardConfig {

    /** murmur.reward.weights.*: credits per engagement kind. */
    Weights weights();

    /** murmur.reward.daily-cap: most credits one reader can give one creator per UTC day. */
    @WithDefault("20")
    long dailyCap();

    /** murmur.reward.new-account-age: readers whose account is younger than this are weighted down. */
    @WithDefault("PT72H")
    Duration newAccountAge();

    /** murmur.reward.new-account-percent: the weight a new account's engagement keeps, in percent (rounded down). */
    @WithDefault("50")
    int newAccountPercent();

    /**
     * murmur.reward.empty-account-percent: the weight kept by the engagement of a reader with no
     * post, reply or quote of their own, in percent (rounded down); 100 turns the rule off.
     */
    @WithDefault("50")
    int emptyAccountPercent();

    interface Weights {
        /** murmur.reward.weights.like */
        @WithDefault("2")
        long like();

        /** murmur.reward.weights.repost */
        @WithDefault("6")
        long repost();

        /** murmur.reward.weights.reply */
        @WithDefault("4")
        long reply();

        /** murmur.reward.weights.quote */
        @WithDefault("8")
        long quote();
    }
}
