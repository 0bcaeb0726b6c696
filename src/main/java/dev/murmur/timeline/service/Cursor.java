package dev.murmur.timeline.service;

import dev.murmur.problem.ApiException;
import dev.murmur.problem.ProblemType;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * A keyset position in a reverse-chronological list: the (created_at, id) of the last item seen.
 * Opaque to clients (base64url), so the encoding can change without breaking them. Timelines and
 * the moderation log page with it (docs/decisions/0003-keyset-cursor-pagination.md).
 */
public record Cursor(Instant createdAt, long id) {

    public String encode() {
        long micros = createdAt.getEpochSecond() * 1_000_000L + createdAt.getNano() / 1_000;
        return Base64.getUrlEncoder().withoutPadding().encodeToString((micros + ":" + id).getBytes(StandardCharsets.US_ASCII));
    }

    public static Cursor decode(String encoded) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.US_ASCII).split(":");
            if (parts.length != 2) {
                throw new IllegalArgumentException("two parts expected");
            }
            long micros = Long.parseLong(parts[0]);
            long id = Long.parseLong(parts[1]);
            return new Cursor(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L), id);
        } catch (IllegalArgumentException e) {
            throw ApiException.field(ProblemType.VALIDATION_FAILED, "cursor", "is not a cursor this API issued");
        }
    }
}
