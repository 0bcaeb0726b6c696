package dev.murmur.outbox;

import java.util.function.Function;
import java.util.function.Predicate;

/**
 * How a consumer reads one kind of event: which {@code ce_type} values it covers, the payload class,
 * the checks a payload must pass beyond its JSON shape, and what the consumer makes of it.
 *
 * @param name     what the payload is, for error messages ("an engagement event")
 * @param covers   whether a {@code ce_type} (possibly null) is this kind of event
 * @param payload  the class the JSON payload is read as
 * @param tolerant whether unknown fields are allowed (a newer producer may add some); else they make
 *                 the record malformed, as the application's strict JSON does
 * @param problem  what is wrong with a payload read, given its {@code ce_type}, or null if nothing
 * @param as       what the consumer makes of a valid payload
 * @param <P>      the payload type
 * @param <T>      the consumer's event type
 */
public record EventSchema<P, T>(String name, Predicate<String> covers, Class<P> payload, boolean tolerant,
                                Problem<P> problem, Function<P, T> as) {

    /** The checks on a payload read: an error message, or null when it is valid. */
    @FunctionalInterface
    public interface Problem<P> {
        String of(P payload, String type);
    }
}
