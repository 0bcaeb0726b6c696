package dev.murmur.account.service;

import dev.murmur.problem.TooManyRequestsException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** At most the configured number of Argon2 computations run at once; a further one waits, then gets 429. */
class PasswordHasherLimitTest {

    @Test
    void shouldRefuseAComputationWhenNoSlotFreesUpInTime() throws Exception {
        PasswordHasher hasher = new PasswordHasher(1, Duration.ofMillis(100));
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Boolean> holder = CompletableFuture.supplyAsync(() -> hasher.limited(() -> {
            inside.countDown();
            try {
                return release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }));
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

        long start = System.nanoTime();
        assertThatThrownBy(() -> hasher.hash("a password"))
                .isInstanceOfSatisfying(TooManyRequestsException.class, e -> {
                    assertThat(e.type().status()).isEqualTo(429);
                    assertThat(e.retryAfterSeconds()).isEqualTo(1);
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("waited for a slot first").isGreaterThanOrEqualTo(Duration.ofMillis(90));
        assertThatThrownBy(() -> hasher.burnTime("a password")).isInstanceOf(TooManyRequestsException.class);

        release.countDown();
        assertThat(holder.get(10, TimeUnit.SECONDS)).isTrue();
        String hash = hasher.hash("a password"); // the slot is free again
        assertThat(hasher.matches("a password", hash)).isTrue();
    }

    @Test
    void shouldLetAWaitingComputationRunWhenASlotFreesUp() throws Exception {
        PasswordHasher hasher = new PasswordHasher(1, Duration.ofSeconds(10));
        CountDownLatch inside = new CountDownLatch(1);
        CompletableFuture<String> holder = CompletableFuture.supplyAsync(() -> hasher.limited(() -> {
            inside.countDown();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return "done";
        }));
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(hasher.matches("x", hasher.hash("x"))).isTrue();
        assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo("done");
    }
}
