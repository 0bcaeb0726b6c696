package dev.murmur.notification.live;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live streams open on this instance, by account. It only fans out: what to send comes from
 * Kafka ({@link LiveConsumer}), which every API instance reads in full, so a browser gets its events
 * whichever instance it is connected to.
 */
@ApplicationScoped
public class LiveHub {

    private final Map<Long, Set<MultiEmitter<? super LiveEvent>>> streams = new ConcurrentHashMap<>();

    /**
     * A stream of {@code accountId}'s events. It is registered before {@code first} is emitted, so
     * a client that has read {@code first} misses nothing sent after. It ends when the client goes.
     */
    public Multi<LiveEvent> subscribe(long accountId, LiveEvent first) {
        return Multi.createFrom().emitter(emitter -> {
            streams.computeIfAbsent(accountId, k -> ConcurrentHashMap.newKeySet()).add(emitter);
            emitter.onTermination(() -> streams.computeIfPresent(accountId, (k, set) -> {
                set.remove(emitter);
                return set.isEmpty() ? null : set;
            }));
            emitter.emit(first);
        }, BackPressureStrategy.BUFFER);
    }

    /** The accounts with at least one open stream here. */
    public Set<Long> connected() {
        return Set.copyOf(streams.keySet());
    }

    /** Whether any browser is connected to this instance. */
    public boolean anyConnected() {
        return !streams.isEmpty();
    }

    public boolean isConnected(long accountId) {
        return streams.containsKey(accountId);
    }

    public void send(long accountId, LiveEvent event) {
        Set<MultiEmitter<? super LiveEvent>> set = streams.get(accountId);
        if (set != null) {
            set.forEach(e -> e.emit(event));
        }
    }
}
