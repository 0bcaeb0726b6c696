package dev.murmur.outbox;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The moments of a relay pass that matter for at-least-once: before it takes any lane, and after the
 * broker acknowledged its records but before they are marked published. Nothing happens at them in
 * production; a test alternative (src/test {@code OutboxHooks}) stops or crashes the relay there.
 */
@ApplicationScoped
public class RelayCheckpoints {

    /** Before a pass takes any lane. */
    void beforePass() {
        // nothing to do in production
    }

    /** After the broker acknowledged a pass, before its rows are marked published. */
    void acknowledged() {
        // nothing to do in production
    }
}
