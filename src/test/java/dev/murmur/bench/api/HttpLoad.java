package dev.murmur.bench.api;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Drives HTTP load at the app with Vert.x's HTTP client on one event loop: kept-alive HTTP/1.1
 * connections, no thread per request. The load generator shares the machine's two cores with the
 * app and PostgreSQL, so its own CPU per request matters: the JDK's {@code HttpClient} on virtual
 * threads, which this replaced, took 1.1-1.3 ms of CPU per request, a fifth of a home page's whole
 * budget on this machine (docs/benchmarks.md, "Committed reads").
 *
 * <p>{@link #constantRate} is open-loop: request i is due at start + i / rate whatever happened to
 * earlier ones, and its latency is counted from that due time, so a stall shows up in the
 * percentiles instead of silently lowering the offered rate (no coordinated omission, as in wrk2).
 * {@link #saturate} is closed-loop: a fixed number of clients send back to back, for throughput.
 */
final class HttpLoad implements AutoCloseable {

    /**
     * With this many requests unanswered, further ones are not sent and count as errors (dropped).
     * Each one in flight holds a connection, and a socket in the app: with 4,000, an overloaded app
     * (a loaded machine) ran out of its 20,000 file descriptors across scenarios and died.
     */
    private static final int MAX_IN_FLIGHT = 1_000;
    private static final long TIMEOUT_MS = 30_000;

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    private final HttpClient client;
    private final ProcessStats app;

    HttpLoad(String base, ProcessStats app) {
        URI uri = URI.create(base);
        this.client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(uri.getHost()).setDefaultPort(uri.getPort())
                        .setKeepAlive(true).setConnectTimeout(5_000),
                new PoolOptions().setHttp1MaxSize(MAX_IN_FLIGHT));
        this.app = app;
    }

    LoadResult constantRate(String name, Supplier<BenchRequest> next, double rate, Duration warmup, Duration measure) {
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

    LoadResult saturate(String name, Supplier<BenchRequest> next, int clients, Duration warmup, Duration measure) {
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
    String fetch(BenchRequest request) {
        try {
            Answer answer = exchange(request, true).toCompletionStage().toCompletableFuture().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            if (answer.status() >= 400) {
                throw new IllegalStateException(request.method() + " " + request.path() + " answered " + answer.status()
                        + ": " + answer.body());
            }
            return answer.body();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(request.path() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /** A response's status, and its body when asked for (otherwise read and dropped). */
    private record Answer(int status, String body) {
    }

    private Future<Answer> exchange(BenchRequest request, boolean keepBody) {
        return client.request(HttpMethod.valueOf(request.method()), request.path())
                .compose(req -> send(req.setTimeout(TIMEOUT_MS), request))
                .compose(response -> keepBody
                        ? response.body().map(body -> new Answer(response.statusCode(), body.toString()))
                        : response.end().map(done -> new Answer(response.statusCode(), null)));
    }

    private static Future<HttpClientResponse> send(HttpClientRequest req, BenchRequest request) {
        for (int i = 0; i < request.headers().size(); i += 2) {
            req.putHeader(request.headers().get(i), request.headers().get(i + 1));
        }
        return request.body() == null ? req.send() : req.send(Buffer.buffer(request.body()));
    }

    /**
     * Open loop: request i is due at start + i / rate; it is handed to the event loop then, whatever
     * happened to earlier ones, and its latency counts from that due time.
     */
    private long run(Supplier<BenchRequest> next, double rate, Duration duration, Recorder recorder, AtomicLong errors,
                     AtomicLong dropped) {
        long periodNanos = (long) (1e9 / rate);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        AtomicLong inFlight = new AtomicLong();
        long sent = 0;
        for (long due = start; due < end; due = start + (++sent) * periodNanos) {
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (inFlight.get() >= MAX_IN_FLIGHT) {
                dropped.incrementAndGet();
                continue;
            }
            long intended = due;
            inFlight.incrementAndGet();
            exchange(next.get(), false).onComplete(answer -> {
                record(answer.succeeded() ? answer.result().status() : -1, intended, recorder, errors);
                inFlight.decrementAndGet();
            });
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
        return sent;
    }

    /** Closed loop: each of {@code clients} sends its next request when its last one is answered. */
    private void closedLoop(Supplier<BenchRequest> next, int clients, Duration duration, Recorder recorder, AtomicLong errors) {
        long end = System.nanoTime() + duration.toNanos();
        CountDownLatch done = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            vertx.runOnContext(v -> sendUntil(next, end, recorder, errors, done));
        }
        try {
            if (!done.await(duration.toMillis() + TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the closed-loop clients did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void sendUntil(Supplier<BenchRequest> next, long end, Recorder recorder, AtomicLong errors, CountDownLatch done) {
        if (System.nanoTime() >= end) {
            done.countDown();
            return;
        }
        long sentAt = System.nanoTime();
        exchange(next.get(), false).onComplete(answer -> {
            record(answer.succeeded() ? answer.result().status() : -1, sentAt, recorder, errors);
            sendUntil(next, end, recorder, errors, done);
        });
    }

    private static void record(int status, long intendedNanos, Recorder recorder, AtomicLong errors) {
        // A redirect is an error too: the web home answers 303 to /login when its session is not accepted.
        if (status < 200 || status >= 300) {
            errors.incrementAndGet();
        }
        recorder.recordValue(Math.max(1, (System.nanoTime() - intendedNanos) / 1_000));
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
