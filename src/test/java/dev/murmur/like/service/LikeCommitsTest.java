package dev.murmur.like.service;

import dev.murmur.problem.ApiException;
import dev.murmur.problem.ProblemType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The group commit's own logic (decision 1174), with a batch writer that records what it is given
 * instead of writing: likes that wait while a batch commits go into the next one together, a failed
 * batch is retried like by like so that only the failing like fails, and a full queue or a commit
 * that takes too long answers 503 database-busy. What a batch writes is LikeBatchTest's.
 */
class LikeCommitsTest {

    /** The post id whose like fails whatever batch it is in. */
    private static final long POISON = 666;

    /** The post id whose batch finds no free connection, as Agroal reports it. */
    private static final long NO_CONNECTION = 777;

    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
    private LikeCommits commits;

    @AfterEach
    void stop() throws Exception {
        requests.shutdownNow();
        if (commits != null) {
            commits.stop();
        }
    }

    /** Records each batch; holds the first one until released; a batch with POISON fails whole. */
    static final class RecordingBatch extends LikeBatch {
        final List<List<Request>> batches = new CopyOnWriteArrayList<>();
        final CountDownLatch firstTaken = new CountDownLatch(1);
        final CountDownLatch releaseFirst = new CountDownLatch(1);

        RecordingBatch() {
            super(null, null, null, new SimpleMeterRegistry());
        }

        @Override
        public List<Outcome> write(List<Request> batch) {
            batches.add(List.copyOf(batch));
            if (firstTaken.getCount() > 0) {
                firstTaken.countDown();
                try {
                    releaseFirst.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (batch.stream().anyMatch(r -> r.postId() == NO_CONNECTION)) {
                SQLException timeout = new SQLException("Sorry, acquisition timeout!");
                timeout.setStackTrace(new StackTraceElement[]{new StackTraceElement("io.agroal.pool.ConnectionPool", "handlerFromSharedCache", null, 1)});
                throw new IllegalStateException("no connection", timeout);
            }
            if (batch.stream().anyMatch(r -> r.postId() == POISON)) {
                throw new IllegalStateException("the batch's transaction failed");
            }
            return batch.stream().map(r -> new Outcome(new LikeService.LikeState(r.postId(), true, (int) r.accountId()), null))
                    .toList();
        }
    }

    @Test
    void shouldCommitTheLikesThatWaitedForABatchTogetherInTheNext() throws Exception {
        RecordingBatch batch = new RecordingBatch();
        commits = start(batch, 1, 256, 100, Duration.ofSeconds(10));
        Future<LikeService.LikeState> first = requests.submit(() -> commits.like(1, 100));
        assertThat(batch.firstTaken.await(5, TimeUnit.SECONDS)).isTrue();

        List<Future<LikeService.LikeState>> waiting = new ArrayList<>();
        for (long reader = 2; reader <= 21; reader++) {
            long r = reader;
            waiting.add(requests.submit(() -> commits.like(r, 100 + r)));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> commits.waiting() == 20);
        batch.releaseFirst.countDown();

        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(new LikeService.LikeState(100, true, 1));
        for (int i = 0; i < waiting.size(); i++) {
            long reader = i + 2;
            assertThat(waiting.get(i).get(5, TimeUnit.SECONDS)).isEqualTo(new LikeService.LikeState(100 + reader, true, (int) reader));
        }
        assertThat(batch.batches).hasSize(2);
        assertThat(batch.batches.get(1)).hasSize(20);
    }

    @Test
    void shouldFailOnlyTheFailingLikeWhenItsBatchFails() throws Exception {
        RecordingBatch batch = new RecordingBatch();
        commits = start(batch, 1, 256, 100, Duration.ofSeconds(10));
        Future<LikeService.LikeState> first = requests.submit(() -> commits.like(1, 100));
        assertThat(batch.firstTaken.await(5, TimeUnit.SECONDS)).isTrue();
        Future<LikeService.LikeState> before = requests.submit(() -> commits.like(2, 200));
        Future<LikeService.LikeState> poisoned = requests.submit(() -> commits.like(3, POISON));
        Future<LikeService.LikeState> after = requests.submit(() -> commits.like(4, 400));
        await().atMost(Duration.ofSeconds(5)).until(() -> commits.waiting() == 3);
        batch.releaseFirst.countDown();

        first.get(5, TimeUnit.SECONDS);
        assertThat(before.get(5, TimeUnit.SECONDS).postId()).isEqualTo(200);
        assertThat(after.get(5, TimeUnit.SECONDS).postId()).isEqualTo(400);
        assertThatThrownBy(() -> poisoned.get(5, TimeUnit.SECONDS)).hasRootCauseMessage("the batch's transaction failed");
        // The batch of three, then each of its likes alone.
        assertThat(batch.batches.subList(1, batch.batches.size())).extracting(List::size).containsExactly(3, 1, 1, 1);
    }

    @Test
    void shouldFailAWholeBatchAtOnceWhenNoConnectionIsFreeRatherThanWaitForOneLikeByLike() throws Exception {
        RecordingBatch batch = new RecordingBatch();
        commits = start(batch, 1, 256, 100, Duration.ofSeconds(10));
        Future<LikeService.LikeState> first = requests.submit(() -> commits.like(1, 100));
        assertThat(batch.firstTaken.await(5, TimeUnit.SECONDS)).isTrue();
        List<Future<LikeService.LikeState>> stuck = List.of(
                requests.submit(() -> commits.like(2, 200)),
                requests.submit(() -> commits.like(3, NO_CONNECTION)),
                requests.submit(() -> commits.like(4, 400)));
        await().atMost(Duration.ofSeconds(5)).until(() -> commits.waiting() == 3);
        batch.releaseFirst.countDown();

        first.get(5, TimeUnit.SECONDS);
        for (Future<LikeService.LikeState> like : stuck) {
            assertThatThrownBy(() -> like.get(5, TimeUnit.SECONDS)).hasRootCauseMessage("Sorry, acquisition timeout!");
        }
        assertThat(batch.batches.subList(1, batch.batches.size())).extracting(List::size).containsExactly(3);
    }

    @Test
    void shouldAnswerDatabaseBusyWhenTheQueueIsFullAndChangeNothing() throws Exception {
        RecordingBatch batch = new RecordingBatch();
        commits = start(batch, 1, 256, 1, Duration.ofSeconds(10));
        Future<LikeService.LikeState> held = requests.submit(() -> commits.like(1, 100));
        assertThat(batch.firstTaken.await(5, TimeUnit.SECONDS)).isTrue();
        Future<LikeService.LikeState> queued = requests.submit(() -> commits.like(2, 200));
        await().atMost(Duration.ofSeconds(5)).until(() -> commits.waiting() == 1);

        assertThatThrownBy(() -> commits.like(3, 300)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.type()).isEqualTo(ProblemType.DATABASE_BUSY));
        batch.releaseFirst.countDown();

        assertThat(held.get(5, TimeUnit.SECONDS).postId()).isEqualTo(100);
        assertThat(queued.get(5, TimeUnit.SECONDS).postId()).isEqualTo(200);
        assertThat(batch.batches).flatExtracting(b -> b).extracting(LikeBatch.Request::postId).containsExactly(100L, 200L);
    }

    @Test
    void shouldAnswerDatabaseBusyWhenTheCommitTakesTooLongAndKeepWriting() throws Exception {
        RecordingBatch batch = new RecordingBatch();
        commits = start(batch, 1, 256, 10, Duration.ofMillis(300));
        Future<LikeService.LikeState> held = requests.submit(() -> commits.like(1, 100));

        assertThatThrownBy(() -> held.get(5, TimeUnit.SECONDS)).cause().isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.type()).isEqualTo(ProblemType.DATABASE_BUSY)).hasMessageContaining("not written in time");
        batch.releaseFirst.countDown();
        assertThat(commits.like(2, 200)).isEqualTo(new LikeService.LikeState(200, true, 2));
    }

    private static LikeCommits start(LikeBatch batch, int writers, int batchSize, int capacity, Duration wait) {
        LikeConfig config = new LikeConfig() {
            public int writers() {
                return writers;
            }

            public int batchSize() {
                return batchSize;
            }

            public int queueCapacity() {
                return capacity;
            }

            public Duration await() {
                return wait;
            }
        };
        LikeCommits commits = new LikeCommits(batch, config, new SimpleMeterRegistry());
        commits.start();
        return commits;
    }
}
