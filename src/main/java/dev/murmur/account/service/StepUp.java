package dev.murmur.account.service;

import dev.murmur.account.AccessToken;
import dev.murmur.account.config.AuthConfig;
import dev.murmur.problem.ApiException;
import dev.murmur.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;

/**
 * Step-up for actions that move money or where it goes (decision 0616): linking or changing a wallet and
 * withdrawing need a token whose holder proved the password within {@code murmur.auth.step-up-window}, at
 * login or again through POST /api/auth/step-up. A stolen long-lived token alone cannot redirect payouts
 * or drain a balance.
 */
@ApplicationScoped
public class StepUp {

    private final AuthConfig config;
    private final Clock clock;

    public StepUp(AuthConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Refuses (403 step-up-required) unless the token proved the password recently enough for {@code action}. */
    @Transactional
    public void require(String tokenHash, String action) {
        AccessToken token = AccessToken.findById(tokenHash);
        Instant proved = token == null ? Instant.EPOCH : token.authenticatedAt;
        if (proved.plus(config.stepUpWindow()).isBefore(clock.instant())) {
            throw new ApiException(ProblemType.STEP_UP_REQUIRED, "To " + action + ", confirm your password first: POST /api/auth/step-up"
                    + " with {\"password\": ...} (or log in again); it stays confirmed for " + config.stepUpWindow().toMinutes() + " minutes");
        }
    }
}
