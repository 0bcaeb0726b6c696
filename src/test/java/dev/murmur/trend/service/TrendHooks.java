package dev.murmur.trend.service;

import io.quarkus.test.Mock;
import jakarta.enterprise.context.ApplicationScoped;

/** The tests' trend detector checkpoint, like PayoutHooks: does nothing unless a test sets it. */
@Mock
@ApplicationScoped
public class TrendHooks extends TrendCheckpoints {

    private volatile Runnable afterWrite = () -> { };

    public void afterWrite(Runnable hook) {
        this.afterWrite = hook;
    }

    @Override
    void written() {
        afterWrite.run();
    }

    public void reset() {
        afterWrite = () -> { };
    }
}
