package dev.murmur.limit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.murmur.problem.ProblemType;
import dev.murmur.problem.TooManyRequestsException;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Token buckets (Bucket4j) per limit and key, in this process's memory (docs/decisions/0631-*). A
 * request that finds its bucket empty gets 429 rate-limited with a Retry-After of the seconds until a
 * unit is back. The buckets of a limit sit in a Caffeine cache bounded by
 * {@code murmur.limits.tracked-keys}, so a flood of distinct keys cannot grow memory without end.
 */
@ApplicationScoped
public class RateLimiter {

    private record Limiter(Rate rate, Cache<String, Bucket> buckets, Counter refused) {
    }

    private final boolean enabled;
    private final ClientAddress client;
    private final Map<Limit, Limiter> limiters = new EnumMap<>(Limit.class);

    public RateLimiter(LimitsConfig config, ClientAddress client, MeterRegistry metrics) {
        this.enabled = config.enabled();
        this.client = client;
        for (Limit limit : Limit.values()) {
            Rate rate = limit.rate(config);
            Cache<String, Bucket> buckets = Caffeine.newBuilder()
                    .maximumSize(config.trackedKeys())
                    .expireAfterAccess(rate.period())
                    .build();
            Counter refused = Counter.builder("murmur.limits.refused").description("Requests refused with 429 by a rate limit")
                    .tag("limit", limit.property()).register(metrics);
            limiters.put(limit, new Limiter(rate, buckets, refused));
        }
    }

    /** Takes one unit of {@code limit} for {@code key}, or throws 429 rate-limited. */
    public void take(Limit limit, String key) {
        if (!enabled) {
            return;
        }
        Limiter limiter = limiters.get(limit);
        ConsumptionProbe probe = bucket(limiter, key).tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            limiter.refused().increment();
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
            throw new TooManyRequestsException(ProblemType.RATE_LIMITED, "Limit " + limit.property() + " ("
                    + limiter.rate().count() + " per " + limiter.rate().period() + ") reached; try again in " + seconds + " s",
                    seconds);
        }
    }

    /** Takes one unit of {@code limit} for the current request's client address; nothing outside a request. */
    public void takeForClient(Limit limit) {
        client.current().ifPresent(address -> take(limit, address));
    }

    /** Gives back a unit taken for {@code key} (a login that succeeded is not a failure). */
    public void giveBack(Limit limit, String key) {
        if (!enabled) {
            return;
        }
        Limiter limiter = limiters.get(limit);
        Bucket bucket = limiter.buckets().getIfPresent(key);
        if (bucket != null) {
            bucket.addTokens(1);
        }
    }

    private static Bucket bucket(Limiter limiter, String key) {
        Rate rate = limiter.rate();
        return limiter.buckets().get(key, k -> Bucket.builder()
                .addLimit(l -> l.capacity(rate.count()).refillGreedy(rate.count(), rate.period()))
                .build());
    }
}
