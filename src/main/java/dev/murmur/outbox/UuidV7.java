package dev.murmur.outbox;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * Time-ordered UUIDs (RFC 9562, version 7): 48 bits of Unix milliseconds, then a 12-bit counter
 * that keeps ids from one process increasing within a millisecond, then 62 random bits.
 * A dozen lines did not justify a dependency.
 */
public final class UuidV7 {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static long lastMillis;
    private static int counter;

    private UuidV7() {
    }

    public static UUID next(Clock clock) {
        long millis;
        int seq;
        synchronized (UuidV7.class) {
            millis = Math.max(clock.millis(), lastMillis);
            if (millis == lastMillis) {
                counter++;
                if (counter > 0xFFF) { // counter exhausted: borrow the next millisecond
                    millis++;
                    counter = 0;
                }
            } else {
                counter = RANDOM.nextInt(0x400); // random start leaves room to count up
            }
            lastMillis = millis;
            seq = counter;
        }
        long msb = (millis << 16) | 0x7000L | seq;
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
