package dev.murmur.demo;

import dev.murmur.account.Account;
import dev.murmur.post.service.PostService;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

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
 */
@ApplicationScoped
public class DemoTrendScenario {

    private static final Logger LOG = Logger.getLogger(DemoTrendScenario.class);
    private static final String[] CHATTER = {"Morning #coffee", "Back to #reading", "Second #coffee of the day",
            "Finished a chapter #reading"};

    private final PostService posts;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "demo-trend-scenario");
        thread.setDaemon(true);
        return thread;
    });

    public DemoTrendScenario(PostService posts) {
        this.posts = posts;
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
        timer.schedule(() -> LOG.info("Demo trend scenario: #solarpunk starts now"), 40, TimeUnit.SECONDS);
        timer.schedule(() -> post("ada", "Has anyone else been reading #solarpunk fiction? Hopeful futures for once."), 41, TimeUnit.SECONDS);
        timer.schedule(() -> post("grace", "Yes! #solarpunk is the antidote to doom"), 42, TimeUnit.SECONDS);
        timer.schedule(() -> post("linus", "#solarpunk reading list, anyone?"), 43, TimeUnit.SECONDS);
        timer.schedule(() -> post("reader1", "Just ordered two #solarpunk anthologies"), 44, TimeUnit.SECONDS);
        timer.schedule(() -> post("reader2", "#solarpunk all weekend"), 45, TimeUnit.SECONDS);
        timer.schedule(this::margaretRepostsAda, 46, TimeUnit.SECONDS);
        timer.schedule(() -> LOG.info("Demo trend scenario done: see GET /api/trends and ada's GET /api/earnings/me"),
                125, TimeUnit.SECONDS);
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
