package dev.murmur.timeline;

import java.util.List;

/** One page of a timeline. {@code nextCursor} is null on the last page. */
public record Page<T>(List<T> items, String nextCursor) {
}
