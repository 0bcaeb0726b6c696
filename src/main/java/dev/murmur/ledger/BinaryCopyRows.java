package dev.murmur.ledger;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Rows for {@code COPY ... FROM STDIN (FORMAT binary)}, PostgreSQL's binary copy format
 * (https://www.postgresql.org/docs/15/sql-copy.html, "Binary Format"): each value in the type's
 * binary send form, so neither side formats or parses text (timestamps and UUIDs were most of the
 * text form's cost on both sides; docs/benchmarks.md, "Pipeline"). The caller writes the columns of
 * each row in the order of the COPY's column list.
 */
final class BinaryCopyRows {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    /** PostgreSQL's epoch for timestamps and dates. */
    private static final long PG_EPOCH_SECONDS = 946_684_800L; // 2000-01-01T00:00:00Z
    private static final long PG_EPOCH_DAY = LocalDate.of(2000, 1, 1).toEpochDay();
    private static final int NULL = -1;

    private final short columns;
    private ByteBuffer out; // big-endian, as the format wants

    BinaryCopyRows(int columns, int expectedRows) {
        this.columns = (short) columns;
        this.out = ByteBuffer.allocate(32 + expectedRows * (2 + columns * 12));
        room(SIGNATURE.length + 8).put(SIGNATURE).putInt(0).putInt(0); // flags: no OIDs; no header extension
    }

    BinaryCopyRows row() {
        room(2).putShort(columns);
        return this;
    }

    BinaryCopyRows uuid(UUID value) {
        if (value == null) {
            room(4).putInt(NULL);
        } else {
            room(20).putInt(16).putLong(value.getMostSignificantBits()).putLong(value.getLeastSignificantBits());
        }
        return this;
    }

    BinaryCopyRows int8(Long value) {
        if (value == null) {
            room(4).putInt(NULL);
        } else {
            room(12).putInt(8).putLong(value);
        }
        return this;
    }

    BinaryCopyRows text(String value) {
        if (value == null) {
            room(4).putInt(NULL);
        } else {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            room(4 + utf8.length).putInt(utf8.length).put(utf8);
        }
        return this;
    }

    /**
     * A timestamptz: microseconds since 2000-01-01 UTC. Sub-microsecond digits are rounded half up,
     * as the text form would be (the app's clock ticks in microseconds, so there are none).
     */
    BinaryCopyRows timestamptz(Instant value) {
        long micros = Math.addExact(Math.multiplyExact(value.getEpochSecond() - PG_EPOCH_SECONDS, 1_000_000L),
                (value.getNano() + 500) / 1_000);
        room(12).putInt(8).putLong(micros);
        return this;
    }

    /** A date: days since 2000-01-01. */
    BinaryCopyRows date(LocalDate value) {
        if (value == null) {
            room(4).putInt(NULL);
        } else {
            room(8).putInt(4).putInt(Math.toIntExact(value.toEpochDay() - PG_EPOCH_DAY));
        }
        return this;
    }

    /** The rows, with the trailer. */
    InputStream finish() {
        room(2).putShort((short) -1);
        return new ByteArrayInputStream(out.array(), 0, out.position());
    }

    private ByteBuffer room(int bytes) {
        if (out.remaining() < bytes) {
            ByteBuffer larger = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + bytes));
            out = larger.put(out.flip());
        }
        return out;
    }
}
