package dev.murmur.common;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;
import java.time.Duration;

/** One clock for the whole app, so time can be reasoned about (and replaced) in one place. */
public class ClockProducer {

    @Produces
    @ApplicationScoped
    Clock clock() {
        // PostgreSQL keeps microseconds; ticking in microseconds keeps Java and SQL times equal.
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }
}
