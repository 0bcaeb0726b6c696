package dev.murmur.trend.service;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The moment of a trend detector batch that matters for exactly-once: its rows are written, inside
 * the transaction. Nothing happens there in production; a test alternative (src/test
 * {@code TrendHooks}) crashes the batch there.
 */
@ApplicationScoped
public class TrendCheckpoints {

    /** Inside the applying transaction, after every write of the batch. */
    void written() {
        // nothing to do in production
    }
}
