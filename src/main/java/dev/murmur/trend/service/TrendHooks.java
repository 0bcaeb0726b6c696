package dev.murmur.trend.service;

import jakarta.enterprise.context.ApplicationScoped;

/** Fault injection for the trend detector's batch transaction, like PayoutHooks; does nothing unless a test sets it. */
@ApplicationScoped
public class TrendHooks {

    private volatile Runnable afterWrite = () -> { };

    public void afterWrite(Runnable hook) {
        this.afterWrite = hook;
    }

    void runAfterWrite() {
        afterWrite.run();
    }

    public void reset() {
        afterWrite = () -> { };
    }
}
