package dev.murmur.period;

import java.time.Instant;

/** A reward period as services and APIs see it. */
public record Period(long id, Instant startsAt, Instant endsAt, long budget, Status status, Instant closedAt) {

    public enum Status { OPEN, CLOSED }
}
