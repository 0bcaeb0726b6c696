package dev.murmur.settlement.claim;

/**
 * How many blocks the chain listener asks for in one {@code eth_getLogs}: at most
 * {@code murmur.listener.block-range}, halved each time the provider refuses a range, and doubled
 * again after {@link #GROW_AFTER} full ranges in a row were read, so that one busy stretch of chain
 * does not slow the listener for good. A single block that is refused is not a range problem: the
 * listener reports that error and tries again next poll.
 */
final class LogRange {

    /** Full ranges read in a row before the range doubles again. */
    static final int GROW_AFTER = 8;

    private final int max;
    private int size;
    private int fullReads;

    LogRange(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("murmur.listener.block-range must be at least 1, not " + max);
        }
        this.max = max;
        this.size = max;
    }

    synchronized int size() {
        return size;
    }

    /**
     * The provider refused {@code blocks} blocks. Returns whether a smaller range is left to try (the
     * size is then at most half of {@code blocks}); false when {@code blocks} was already 1.
     */
    synchronized boolean refused(long blocks) {
        fullReads = 0;
        if (blocks <= 1) {
            return false;
        }
        size = (int) Math.max(1, Math.min(size, blocks / 2));
        return true;
    }

    /** {@code blocks} blocks were read. A full range counts towards growing back. */
    synchronized void read(long blocks) {
        if (blocks < size || size == max) {
            return;
        }
        if (++fullReads >= GROW_AFTER) {
            size = (int) Math.min(max, (long) size * 2);
            fullReads = 0;
        }
    }
}
