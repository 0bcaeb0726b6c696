package dev.murmur.reward;

import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;

/** Builds the policy from configuration; the policy itself stays a plain class. */
public class RewardPolicyProducer {

    @Produces
    @Singleton
    RewardPolicy policy(RewardConfig config) {
        return new RewardPolicy(RewardRules.from(config));
    }
}
