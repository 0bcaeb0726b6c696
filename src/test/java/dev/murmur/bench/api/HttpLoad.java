package dev.murmur.bench.api;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Drives HTTP load at the app, on virtual threads.
 *
 * <p>{@link #constantRate} is open-loop: request i is due at start + i / rate whatever happened to
 * earlier ones, and its latency is counted from that due time, so a stall shows up in the
 * percentiles instead of silently lowering the offered rate (no coordinated omission, as in wrk2).
 * {@link #saturate} is closed-loop: a fixed number of clients send back to back, for throughput.
 */
final class HttpLoad {

    /**
     * With this many requests unanswered, further ones are not sent and count as errors (dropped).
     * Each one in flight holds a connection, and a socket in the app: with 4,000, an overloaded app
     * (a loaded machine) ran out of its 20,000 file descriptors across scenarios and died.
     */
    private static final int MAX_IN_FLIGHT = 1_000;

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    private final ProcessStats app;

    HttpLoad(ProcessStats app) {
        this.app = app;
    }

    LoadResult constantRate(String name, Supplier<HttpRequest> next, double rate, Duration warmup, Duration measure) {
        run(next, rate, warmup, new Recorder(3), new AtomicLong(), new AtomicLong());
        Recorder recorder = new Recorder(3);
        AtomicLong errors = new AtomicLong();
        AtomicLong dropped = new AtomicLong();
        Sample before = Sample.take(app);
        long sent = run(next, rate, measure, recorder, errors, dropped);
        Sample after = Sample.take(app);
        Histogram histogram = recorder.getIntervalHistogram();
        double seconds = after.wallSeconds - before.wallSeconds;
        return new LoadResult(name, sent / (measure.toNanos() / 1e9), (histogram.getTotalCount() - errors.get()) / seconds,
                histogram, errors.get() + dropped.get(), after.appCpuPercent(before), app.rssMb(), after.loadCpuPercent(before),
                after.dbCpuPercent(before));
    }

    LoadResult saturate(String name, Supplier<HttpRequest> next, int clients, Duration warmup, Duration measure) {
        closedLoop(next, clients, warmup, new Recorder(3), new AtomicLong());
        Recorder recorder = new Recorder(3);
        AtomicLong errors = new AtomicLong();
        Sample before = Sample.take(app);
        closedLoop(next, clients, measure, recorder, errors);
        Sample after = Sample.take(app);
        Histogram histogram = recorder.getIntervalHistogram();
        double seconds = after.wallSeconds - before.wallSeconds;
        double achieved = (histogram.getTotalCount() - errors.get()) / seconds;
        return new LoadResult(name, Double.NaN, achieved, histogram, errors.get(), after.appCpuPercent(before),
                app.rssMb(), after.loadCpuPercent(before), after.dbCpuPercent(before));
    }

    /** Sends one request and returns its body, failing on an error status; for set-up steps. */
    String fetch(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 400) {
                throw new IllegalStateException(request.method() + " " + request.uri() + " answered " + response.statusCode()
                        + ": " + response.body());
            }
            return response.body();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private long run(Supplier<HttpRequest> next, double rate, Duration duration, Recorder recorder, AtomicLong errors,
                     AtomicLong dropped) {
        long periodNanos = (long) (1e9 / rate);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        AtomicLong inFlight = new AtomicLong();
        long sent = 0;
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long due = start; due < end; due = start + (++sent) * periodNanos) {
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                if (inFlight.get() >= MAX_IN_FLIGHT) {
                    dropped.incrementAndGet();
                    continue;
                }
                HttpRequest request = next.get();
                long intended = due;
                inFlight.incrementAndGet();
                senders.execute(() -> {
                    try {
                        send(request, intended, recorder, errors);
                    } finally {
                        inFlight.decrementAndGet();
                    }
                });
            }
            senders.shutdown();
            awaitQuietly(senders);
        }
        return sent;
    }

    private void closedLoop(Supplier<HttpRequest> next, int clients, Duration duration, Recorder recorder, AtomicLong errors) {
        long end = System.nanoTime() + duration.toNanos();
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                senders.execute(() -> {
                    while (System.nanoTime() < end) {
                        send(next.get(), System.nanoTime(), recorder, errors);
                    }
                });
            }
            senders.shutdown();
            awaitQuietly(senders);
        }
    }

    private void send(HttpRequest request, long intendedNanos, Recorder recorder, AtomicLong errors) {
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            // A redirect is an error too: the web home answers 303 to /login when its session is not accepted.
            if (response.statusCode() >= 300) {
                errors.incrementAndGet();
            }
        } catch (Exception e) {
            errors.incrementAndGet();
        }
        recorder.recordValue(Math.max(1, (System.nanoTime() - intendedNanos) / 1_000));
    }

    private static void awaitQuietly(ExecutorService senders) {
        try {
            if (!senders.awaitTermination(30, TimeUnit.SECONDS)) {
                senders.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** CPU of the app, of this process and of PostgreSQL, and the wall clock, at one moment. */
    private record Sample(double wallSeconds, double appCpu, double ownCpu, double dbCpu) {

        static Sample take(ProcessStats app) {
            return new Sample(System.nanoTime() / 1e9, app.cpuSeconds(), ProcessStats.ownCpuSeconds(),
                    ProcessStats.databaseCpuSeconds());
        }

        double dbCpuPercent(Sample before) {
            return 100 * (dbCpu - before.dbCpu) / (wallSeconds - before.wallSeconds);
        }

        double appCpuPercent(Sample before) {
            return 100 * (appCpu - before.appCpu) / (wallSeconds - before.wallSeconds);
        }

        double loadCpuPercent(Sample before) {
            return 100 * (ownCpu - before.ownCpu) / (wallSeconds - before.wallSeconds);
        }
    }
}
