package dev.murmur.trend.detect;

import java.util.List;

/**
 * One account's part of a trend, in basis points of the trend's credit, and why.
 *
 * @param roles   ORIGINATOR and/or AMPLIFIER
 * @param reasons human-readable, e.g. "first use at 2025-03-01T10:04:00Z (#2 of the earliest accounts)"
 */
public record Share(long accountId, int bps, List<String> roles, List<String> reasons) {

    public Share {
        roles = List.copyOf(roles);
        reasons = List.copyOf(reasons);
    }
}
