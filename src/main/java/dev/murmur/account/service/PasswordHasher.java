package dev.murmur.account.service;

import dev.murmur.limit.LimitsConfig;
import dev.murmur.problem.ProblemType;
import dev.murmur.problem.TooManyRequestsException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Argon2id password hashes in PHC string format (salt and parameters travel with the hash).
 *
 * <p>Each computation takes a core and 16 MiB on purpose, so a flood of logins or sign-ups could take
 * the whole machine. At most {@code murmur.limits.password-hashes-at-once} run at once; a further one
 * waits up to {@code murmur.limits.password-hash-wait} for a slot, then gets 429 rate-limited.
 */
@ApplicationScoped
public class PasswordHasher {

    private final Argon2PasswordEncoder encoder = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    /** Verified against when the handle is unknown, so both paths cost the same time. */
    private final String decoy = encoder.encode("decoy-password-for-unknown-handles");
    private final Semaphore slots;
    private final Duration wait;

    @Inject
    public PasswordHasher(LimitsConfig limits) {
        this(limits.passwordHashesAtOnce().orElse(Runtime.getRuntime().availableProcessors()), limits.passwordHashWait());
    }

    PasswordHasher(int atOnce, Duration wait) {
        this.slots = new Semaphore(atOnce, true);
        this.wait = wait;
    }

    public String hash(String password) {
        return limited(() -> encoder.encode(password));
    }

    public boolean matches(String password, String hash) {
        return limited(() -> encoder.matches(password, hash));
    }

    public void burnTime(String password) {
        limited(() -> encoder.matches(password, decoy));
    }

    /** Runs one Argon2 computation in a slot, or throws 429 when none frees up in time. */
    <T> T limited(Supplier<T> computation) {
        boolean acquired;
        try {
            acquired = slots.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw new TooManyRequestsException(ProblemType.RATE_LIMITED,
                    "Too many password checks are running; try again in a second", 1);
        }
        try {
            return computation.get();
        } finally {
            slots.release();
        }
    }
}
