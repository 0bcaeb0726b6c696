package dev.murmur.like.service;

import dev.murmur.problem.ApiException;
import dev.murmur.problem.ProblemMappers;
import dev.murmur.problem.ProblemType;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Group commit for likes (decision 1174). A request's like waits in a queue; a writer thread takes
 * every like waiting (up to murmur.likes.batch-size) and commits them in one transaction
 * ({@link LikeBatch}); the request returns when its like has committed, so a like answered 200 is as
 * durable as before, its engagement event in the same transaction. Under load many likes share one
 * commit and a handful of statements; a lone like is a batch of one and waits for nothing.
 *
 * <p>A batch that fails (a deadlock, a lost connection) is written again one like at a time, each in
 * its own transaction, so one like's failure is only that like's answer; unless no connection could
 * be had at all, which every like would meet again. The queue is bounded: past
 * murmur.likes.queue-capacity, or after murmur.likes.await, a like is answered 503 database-busy.
 */
@ApplicationScoped
public class LikeCommits {

    private static final Logger LOG = Logger.getLogger(LikeCommits.class);

    private record Waiting(LikeBatch.Request request, CompletableFuture<LikeService.LikeState> answer) {
    }

    private final LikeBatch batch;
    private final LikeConfig config;
    private final BlockingQueue<Waiting> queue;
    private final DistributionSummary batchSizes;
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running = true;

    public LikeCommits(LikeBatch batch, LikeConfig config, MeterRegistry metrics) {
        this.batch = batch;
        this.config = config;
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
        this.batchSizes = DistributionSummary.builder("murmur.likes.batch")
                .description("Likes committed per transaction (LikeCommits)").register(metrics);
        Gauge.builder("murmur.likes.waiting", this, LikeCommits::waiting)
                .description("Likes waiting for a writer").register(metrics);
    }

    /** The writers start with the bean, on a process's first like: a role that serves no likes runs none. */
    @PostConstruct
    void start() {
        for (int i = 0; i < config.writers(); i++) {
            writers.add(Thread.ofPlatform().name("like-writer-" + i).daemon().start(this::write));
        }
    }

    /**
     * Likes {@code postId} as {@code accountId}: the answer completes once the like has committed, or
     * fails with why it was refused, or with 503 database-busy when the queue is full or the commit
     * takes longer than murmur.likes.await. Nothing waits on a thread meanwhile.
     */
    public CompletableFuture<LikeService.LikeState> submit(long accountId, long postId) {
        Waiting waiting = new Waiting(new LikeBatch.Request(accountId, postId), new CompletableFuture<>());
        if (!running || !queue.offer(waiting)) {
            return CompletableFuture.failedFuture(busy("Too many likes are waiting to be written; nothing was changed. Try again shortly"));
        }
        return waiting.answer().orTimeout(config.await().toMillis(), TimeUnit.MILLISECONDS)
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(failure instanceof TimeoutException
                        ? busy("The like was not written in time; try again (a like counts once)")
                        : failure));
    }

    /** {@link #submit}, waited for on the caller's thread; a refusal or a failure is thrown as it is. */
    public LikeService.LikeState like(long accountId, long postId) {
        try {
            return submit(accountId, postId).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException("like failed", e.getCause());
        }
    }

    /** How many likes wait for a writer. */
    int waiting() {
        return queue.size();
    }

    /** Writers finish what is queued, then stop. */
    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        for (Thread writer : writers) {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    private void write() {
        List<Waiting> taken = new ArrayList<>(config.batchSize());
        while (running || !queue.isEmpty()) {
            try {
                Waiting first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                taken.add(first);
                queue.drainTo(taken, config.batchSize() - 1);
                commit(taken);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable e) {
                // Never leave a request waiting, and never let the writer die: an Error ends only this batch.
                taken.forEach(w -> w.answer().completeExceptionally(e));
                LOG.errorf(e, "like writer failed a batch of %d", taken.size());
            } finally {
                taken.clear();
            }
        }
    }

    private void commit(List<Waiting> taken) {
        List<LikeBatch.Request> requests = taken.stream().map(Waiting::request).toList();
        List<LikeBatch.Outcome> outcomes;
        try {
            outcomes = batch.write(requests);
        } catch (RuntimeException e) {
            if (taken.size() == 1 || ProblemMappers.poolExhausted(e)) {
                // With no connection to be had, each like alone would wait as long again for one: all
                // are answered 503 database-busy now, and nothing was written.
                taken.forEach(w -> w.answer().completeExceptionally(e));
                return;
            }
            // The transaction rolled back whole: nothing of it was written. Each like again, alone.
            LOG.warnf(e, "a batch of %d likes failed; writing them one by one", taken.size());
            for (Waiting waiting : taken) {
                commit(List.of(waiting));
            }
            return;
        }
        batchSizes.record(taken.size());
        for (int i = 0; i < taken.size(); i++) {
            LikeBatch.Outcome outcome = outcomes.get(i);
            if (outcome.refused() != null) {
                taken.get(i).answer().completeExceptionally(outcome.refused());
            } else {
                taken.get(i).answer().complete(outcome.state());
            }
        }
    }

    private static ApiException busy(String detail) {
        return new ApiException(ProblemType.DATABASE_BUSY, detail);
    }
}
