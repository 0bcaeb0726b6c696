package dev.murmur.reward;

import dev.murmur.engagement.EngagementEvent.Kind;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/** The policy's parameters as plain values, so the policy can be tested without Quarkus. */
public record RewardRules(Map<Kind, Long> weights, long dailyCap, Duration newAccountAge, int newAccountPercent,
                          int emptyAccountPercent) {

    public RewardRules {
        weights = Map.copyOf(weights);
        for (Kind kind : Kind.values()) {
            if (weights.getOrDefault(kind, -1L) < 0) {
                throw new IllegalArgumentException("murmur.reward.weights." + kind.name().toLowerCase() + " must be >= 0");
            }
        }
        if (dailyCap < 0 || newAccountPercent < 0 || newAccountPercent > 100 || emptyAccountPercent < 0 || emptyAccountPercent > 100) {
            throw new IllegalArgumentException(
                    "murmur.reward.daily-cap must be >= 0, new-account-percent and empty-account-percent within 0..100");
        }
    }

    public static RewardRules from(RewardConfig config) {
        Map<Kind, Long> weights = new EnumMap<>(Kind.class);
        weights.put(Kind.LIKE, config.weights().like());
        weights.put(Kind.REPOST, config.weights().repost());
        weights.put(Kind.REPLY, config.weights().reply());
        weights.put(Kind.QUOTE, config.weights().quote());
        return new RewardRules(weights, config.dailyCap(), config.newAccountAge(), config.newAccountPercent(),
                config.emptyAccountPercent());
    }
}
