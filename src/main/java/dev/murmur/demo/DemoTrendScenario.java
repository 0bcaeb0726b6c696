package dev.murmur.demo;

import dev.murmur.account.Account;
import dev.murmur.post.service.PostService;
import dev.murmur.trend.TrendConfig;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A live demo of trend credit, played through the real services and the real detector: the demo
 * accounts chat about #coffee and #reading in the background; then ada starts #solarpunk, the
 * others pick it up within seconds, margaret reposts ada; the tag trends, fades once the chatter
 * moves on, and its credits reach the originators' earnings. With the demo's trend settings
 * (10-second buckets, set by {@code ./murmur up --demo}) it takes about two minutes.
 *
 * <p>The burst (six posts over five seconds) starts just after a bucket boundary: started anywhere
 * else, it could split across two buckets, neither with enough accounts to trend (issue 16).
 */
@ApplicationScoped
public class DemoTrendScenario {

    private static final Logger LOG = Logger.getLogger(DemoTrendScenario.class);
    private static final String[] CHATTER = {"Morning #coffee", "Back to #reading", "Second #coffee of the day",
            "Finished a chapter #reading"};

    /** The earliest the burst may start: after enough chatter to build the tags' baselines. */
    static final Duration CHATTER_BEFORE_BURST = Duration.ofSeconds(41);
    /** When each burst post goes out, counted from the burst's start; the last is margaret's repost. */
    static final List<Duration> BURST = List.of(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(3), Duration.ofSeconds(4), Duration.ofSeconds(5));
    /** Room left after a bucket boundary before the first burst post, for the scheduler's and the database's delays. */
    static final Duration AFTER_BOUNDARY = Duration.ofMillis(500);

    private final PostService posts;
    private final Clock clock;
    private final TrendConfig trends;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "demo-trend-scenario");
        thread.setDaemon(true);
        return thread;
    });

    public DemoTrendScenario(PostService posts, Clock clock, TrendConfig trends) {
        this.posts = posts;
        this.clock = clock;
        this.trends = trends;
    }

    /**
     * How long after {@code now} the burst starts: at least {@link #CHATTER_BEFORE_BURST}, and then
     * just after the next bucket boundary (event-time buckets are aligned to the epoch, as
     * {@code TrendRules.bucket} counts them), so every burst post lands in one bucket.
     */
    static Duration burstDelay(Instant now, Duration bucket) {
        long bucketMillis = bucket.toMillis();
        long earliest = now.plus(CHATTER_BEFORE_BURST).toEpochMilli();
        long start = Math.floorDiv(earliest - AFTER_BOUNDARY.toMillis() + bucketMillis - 1, bucketMillis) * bucketMillis
                + AFTER_BOUNDARY.toMillis();
        return Duration.ofMillis(start - now.toEpochMilli());
    }

    void startInBackground() {
        List<String> everyone = List.of("ada", "grace", "linus", "margaret", "reader1", "reader2");
        // Background chatter every 3 s for two minutes: it builds the tags' baselines and moves
        // event time on, so the burst can be scored and, later, end.
        for (int tick = 0; tick < 40; tick++) {
            String who = everyone.get(tick % everyone.size());
            String text = CHATTER[tick % CHATTER.length];
            timer.schedule(() -> post(who, text), tick * 3L, TimeUnit.SECONDS);
        }
        long burst = burstDelay(clock.instant(), trends.bucket()).toMillis();
        timer.schedule(() -> LOG.info("Demo trend scenario: #solarpunk starts now"), burst - 500, TimeUnit.MILLISECONDS);
        timer.schedule(() -> post("ada", "Has anyone else been reading #solarpunk fiction? Hopeful futures for once."),
                burst + BURST.get(0).toMillis(), TimeUnit.MILLISECONDS);
        timer.schedule(() -> post("grace", "Yes! #solarpunk is the antidote to doom"), burst + BURST.get(1).toMillis(), TimeUnit.MILLISECONDS);
        timer.schedule(() -> post("linus", "#solarpunk reading list, anyone?"), burst + BURST.get(2).toMillis(), TimeUnit.MILLISECONDS);
        timer.schedule(() -> post("reader1", "Just ordered two #solarpunk anthologies"), burst + BURST.get(3).toMillis(), TimeUnit.MILLISECONDS);
        timer.schedule(() -> post("reader2", "#solarpunk all weekend"), burst + BURST.get(4).toMillis(), TimeUnit.MILLISECONDS);
        timer.schedule(this::margaretRepostsAda, burst + BURST.get(5).toMillis(), TimeUnit.MILLISECONDS);
        timer.schedule(() -> LOG.info("Demo trend scenario done: see GET /api/trends and ada's GET /api/earnings/me"),
                burst + 84_000, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        timer.shutdownNow();
    }

    @Transactional
    void post(String handle, String text) {
        try {
            long author = Account.findByHandle(handle).orElseThrow().id;
            posts.create(author, new PostService.Draft(text, null, null), Optional.empty());
        } catch (RuntimeException e) {
            LOG.warnf("Demo trend scenario: @%s could not post: %s", handle, e.getMessage());
        }
    }

    @Transactional
    void margaretRepostsAda() {
        long margaret = Account.findByHandle("margaret").orElseThrow().id;
        long ada = Account.findByHandle("ada").orElseThrow().id;
        dev.murmur.post.Post first = dev.murmur.post.Post.<dev.murmur.post.Post>find(
                "author.id = ?1 and text like '%#solarpunk%' order by id", ada).firstResult();
        if (first != null) {
            posts.repost(margaret, first.id);
        }
    }
}
