package dev.murmur.bench.api;

import dev.murmur.account.security.SessionCookieMechanism;
import dev.murmur.common.Hashing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code ./murmur bench api} (deploy/bench/api.sh builds the world and starts the app): the request
 * path at load, against the packaged app in the prod profile, with PostgreSQL alone as the
 * baseline in the same run. Settings are system properties ({@code -Dbench.*}, see {@link #main}).
 * The last line is machine-readable (docs/benchmarks.md, "API").
 *
 * <p>The world (deploy/bench/api-world.sql): accounts 11-20 follow 50 accounts, 21-30 follow 500,
 * 31-40 follow 5,000; accounts 1-3 have every other account as a follower. Every account can act
 * with the bearer token 'bench' + id padded with '_' to 43 characters; the viewers 11-40 also get a
 * web session ('session' + id, padded the same way), minted by this driver as the web app's login
 * stores one (decision 0702: a SESSION row in the token store), so that a kept world needs no rebuild.
 */
public final class ApiBenchmark {

    private static final Pattern IDS = Pattern.compile("\\{\"id\":(\\d+),\"kind\"");
    private static final Pattern NEXT = Pattern.compile("\"nextCursor\":\"([^\"]+)\"");

    private final HttpLoad load;
    private final Duration warmup;
    private final Duration measure;
    private final int accounts;
    private final int posts;
    private final List<String> deepCursors = new ArrayList<>();
    private final List<Long> threads = new ArrayList<>();
    /**
     * The scenarios to run (-Dbench.only): comma-separated keys, each a scenario's name in lower case
     * with every run of other characters turned into one '-' ("likes-max", "home-page-10-500-follows",
     * "fan-out"), so the list needs no quoting in MURMUR_BENCH_OPTS. Empty runs every scenario.
     */
    private final Set<String> only = Arrays.stream(System.getProperty("bench.only", "").split(","))
            .map(ApiBenchmark::key).filter(key -> !key.isEmpty()).collect(Collectors.toUnmodifiableSet());

    private ApiBenchmark(HttpLoad load, Duration warmup, Duration measure, int accounts, int posts) {
        this.load = load;
        this.warmup = warmup;
        this.measure = measure;
        this.accounts = accounts;
        this.posts = posts;
    }

    public static void main(String[] args) throws Exception {
        String url = System.getProperty("bench.url", "http://127.0.0.1:8080");
        long pid = Long.parseLong(required("bench.app-pid"));
        String host = System.getProperty("bench.pg-host", "127.0.0.1");
        int port = Integer.getInteger("bench.pg-port", 5432);
        String user = System.getProperty("bench.pg-user", "postgres");
        String database = required("bench.pg-database");
        Duration warmup = Duration.ofSeconds(Integer.getInteger("bench.warmup", 5));
        Duration measure = Duration.ofSeconds(Integer.getInteger("bench.seconds", 10));
        double homeRate = Integer.getInteger("bench.home-rate", 1000);
        double otherRate = Integer.getInteger("bench.other-rate", 300);
        double likeRate = Integer.getInteger("bench.like-rate", 500);
        double postRate = Integer.getInteger("bench.post-rate", 20);
        int clients = Integer.getInteger("bench.clients", 16);

        int accounts;
        int posts;
        long regularAuthor;
        List<Long> threadIds = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database + "?user=" + user);
             Statement s = db.createStatement()) {
            accounts = (int) single(s, "select count(*) from account");
            posts = (int) single(s, "select count(*) from post");
            // An author that viewer 21 follows, small enough to be fanned out.
            regularAuthor = single(s, """
                    select f.followee_id from follow f
                    where f.follower_id = 21 and f.followee_id > 3
                      and (select count(*) from follow g where g.followee_id = f.followee_id) < 1000
                    order by f.followee_id limit 1""");
            try (ResultSet rs = s.executeQuery("select p.id from post p join post_counter c on c.post_id = p.id where c.reply_count > 0 and p.deleted_at is null limit 1000")) {
                while (rs.next()) {
                    threadIds.add(rs.getLong(1));
                }
            }
            // A kept world (MURMUR_BENCH_REUSE_WORLD) outlives the two days its tokens were made for.
            s.execute("update access_token set expires_at = now() + interval '2 days' where kind = 'BEARER' and expires_at < now() + interval '1 day'");
            mintWebSessions(s);
            // A logged table with the server's own synchronous_commit, as the app's likes are written: an
            // unlogged table skips the WAL flush that bounds every commit. Dropped first, because a world
            // kept from an earlier run may still hold the old unlogged table.
            s.execute("drop table if exists bench_insert");
            s.execute("create table bench_insert (id bigint generated always as identity primary key, a bigint not null, at timestamptz not null)");
        }
        HttpLoad load = new HttpLoad(url, new ProcessStats(pid));
        ApiBenchmark bench = new ApiBenchmark(load, warmup, measure, accounts, posts);
        bench.threads.addAll(threadIds);
        Pgbench pg = new Pgbench(host, port, user, database);
        String jdbc = "jdbc:postgresql://" + host + ":" + port + "/" + database + "?user=" + user;
        // The world's own ANALYZE ran before any feed existed; the warm-up fills them. Production's
        // autovacuum keeps these statistics; without them the planner sorts whole feeds.
        Runnable analyze = () -> {
            try (Connection db = DriverManager.getConnection(jdbc); Statement s = db.createStatement()) {
                s.execute("analyze home_feed, home_feed_state, feed_large_author");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        };
        // The home page SQL baseline's parameters are those of the moment it runs, after every scenario.
        Supplier<List<HomePageSql.Script>> homePages = () -> {
            try (Connection db = DriverManager.getConnection(jdbc)) {
                return HomePageSql.scripts(db, 11, 30);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        };
        try (load) {
            bench.run(pg, analyze, homePages, homeRate, otherRate, likeRate, postRate, clients, regularAuthor);
        }
    }

    private void run(Pgbench pg, Runnable analyze, Supplier<List<HomePageSql.Script>> homePages, double homeRate, double otherRate,
                     double likeRate, double postRate, int clients, long regularAuthor) {
        say("warming up: every viewer's home feed, deep-page cursors");
        for (long viewer = 11; viewer <= 40; viewer++) {
            load.fetch(home(viewer, null, 20));
        }
        load.fetch(home(50, null, 20));
        // Without an accepted session, GET / answers 303 to /login with no body.
        String homeHtml = load.fetch(webHome(21));
        if (!homeHtml.contains("<html")) {
            throw new IllegalStateException("GET / with viewer 21's session cookie did not answer its home page: "
                    + homeHtml.substring(0, Math.min(300, homeHtml.length())));
        }
        for (long viewer = 21; viewer <= 30; viewer++) {
            String cursor = null;
            for (int page = 1; page < 10; page++) { // the cursors of pages 2 to 10: the scenarios ask for page 10
                Matcher m = NEXT.matcher(load.fetch(home(viewer, cursor, 20)));
                if (!m.find()) {
                    break;
                }
                cursor = m.group(1);
            }
            deepCursors.add(viewer + ":" + cursor);
        }
        analyze.run();
        // The JIT compiles the request path in the first tens of seconds after the app starts. Under the
        // scenarios' own rates its compiler threads compete for the two cores with the load, and the
        // first scenario after a start was overloaded whatever its own warm-up (5 or 20 s; 740-918 of
        // 1,000 pages/s, where the same scenario later in the run served 998-999). Production ramps
        // traffic onto a new instance (haproxy's slowstart); so does this, at a third of the home rate.
        Duration jit = Duration.ofSeconds(Integer.getInteger("bench.jit-warmup", 30));
        say("JIT warm-up: %s of home pages and likes at %.0f/s", jit, homeRate / 3);
        load.constantRate("JIT warm-up", () -> ThreadLocalRandom.current().nextInt(4) == 0 ? like() : home(random(11, 40), null, 20),
                homeRate / 3, Duration.ZERO, jit);

        List<LoadResult> results = new ArrayList<>();
        say("scenarios: %s warm-up, %s measured each%s", warmup, measure, only.isEmpty() ? "" : ", only " + only);
        LoadResult homeMixed = scenario(results, "home first (mixed)", name -> load.constantRate(name, () -> home(random(11, 40), null, 20), homeRate, warmup, measure));
        scenario(results, "home first, 50 follows", name -> load.constantRate(name, () -> home(random(11, 20), null, 20), homeRate, warmup, measure));
        scenario(results, "home first, 500 follows", name -> load.constantRate(name, () -> home(random(21, 30), null, 20), homeRate, warmup, measure));
        scenario(results, "home first, 5000 follows", name -> load.constantRate(name, () -> home(random(31, 40), null, 20), homeRate, warmup, measure));
        scenario(results, "home page 10, 500 follows", name -> load.constantRate(name, this::deepHome, homeRate, warmup, measure));
        scenario(results, "web home (HTML)", name -> load.constantRate(name, () -> webHome(random(11, 30)), otherRate, warmup, measure));
        LoadResult homeMax = scenario(results, "home max (50/500)", name -> load.saturate(name, () -> home(random(11, 30), null, 20), clients, warmup, measure));
        // The same viewers' first page and tenth page at saturation: what each costs, rather than two queues compared.
        scenario(results, "home max, page 1 (500)", name -> load.saturate(name, () -> home(random(21, 30), null, 20), clients, warmup, measure));
        scenario(results, "home max, page 10 (500)", name -> load.saturate(name, this::deepHome, clients, warmup, measure));
        scenario(results, "web home max (HTML)", name -> load.saturate(name, () -> webHome(random(11, 30)), clients, warmup, measure));
        scenario(results, "profile", name -> load.constantRate(name, () -> get(random(11, 40), "/api/timelines/profile/user" + random(1, 200)), otherRate, warmup, measure));
        scenario(results, "thread", name -> load.constantRate(name, () -> get(random(11, 40), "/api/posts/" + threads.get(ThreadLocalRandom.current().nextInt(threads.size())) + "/thread"), otherRate, warmup, measure));
        scenario(results, "hashtag", name -> load.constantRate(name, () -> get(random(11, 40), "/api/timelines/hashtag/t" + random(0, 50)), otherRate, warmup, measure));
        scenario(results, "search", name -> load.constantRate(name, () -> get(random(11, 40), "/api/search/posts?q=" + enc("world t" + random(0, 50))), otherRate, warmup, measure));
        LoadResult likeSteady = scenario(results, "likes", name -> load.constantRate(name, this::like, likeRate, warmup, measure));
        LoadResult likeMax = scenario(results, "likes max", name -> load.saturate(name, this::like, clients, warmup, measure));
        // The same clients on the cheapest JSON endpoint there is: what the HTTP server, Quarkus REST and
        // Jackson cost per request before any of Murmur's work, to read a like's app CPU against.
        scenario(results, "request floor max", name -> load.saturate(name, ApiBenchmark::rewardFormula, clients, warmup, measure));
        scenario(results, "posts (regular authors)", name -> load.constantRate(name, () -> post(random(41, accounts)), postRate, warmup, measure));
        scenario(results, "posts (100k followers)", name -> load.constantRate(name, () -> post(1), postRate, warmup, measure));
        List<Double> fanout = selected("fan-out") ? fanout(regularAuthor) : List.of(Double.NaN);

        say("PostgreSQL alone (pgbench, %d clients, %ds after %ds of warm-up): the home page's statements, and a single-row insert",
                clients, measure.toSeconds(), warmup.toSeconds());
        List<HomePageSql.Script> pages = homePages.get();
        say("home page SQL: the first pages of viewers %s, each its own script", pages.stream().map(HomePageSql.Script::viewer).toList());
        double homeSql = pg.tps(pages.stream().map(HomePageSql.Script::text).toList(),
                pages.stream().flatMap(page -> page.variables().stream()).toList(), clients, (int) warmup.toSeconds(), (int) measure.toSeconds());
        double insert = pg.tps(List.of("\\set a random(1, 1000000)\ninsert into bench_insert (a, at) values (:a, now());\n"),
                List.of(), clients, (int) warmup.toSeconds(), (int) measure.toSeconds());

        System.out.println();
        System.out.println(LoadResult.header());
        results.forEach(r -> System.out.println(r.row(baseline(r.name(), homeSql, insert))));
        double fanoutP99 = percentile(fanout, 99);
        System.out.printf(Locale.ROOT, "post visible in a follower's home: n=%d p50=%.1f ms p99=%.1f ms (regular author and a 100k-follower author)%n",
                fanout.size(), percentile(fanout, 50), fanoutP99);
        System.out.printf(Locale.ROOT, "baselines: home page SQL %.0f tps, single-row insert+commit %.0f tps%n", homeSql, insert);
        System.out.printf(Locale.ROOT,
                "api accounts=%d posts=%d home_rps=%.0f home_p99_ms=%.1f home_sql_tps=%.0f home_ratio=%.2f like_rps=%.0f like_p99_ms=%.1f insert_tps=%.0f like_ratio=%.2f post_fanout_p99_ms=%.1f%n",
                accounts, posts, homeMax.achievedRps(), homeMixed.p99Ms(), homeSql, homeMax.achievedRps() / homeSql,
                likeMax.achievedRps(), likeSteady.p99Ms(), insert, likeMax.achievedRps() / insert, fanoutP99);
    }

    /**
     * The raw baseline of a scenario, for its ratio column: the home page's statements under pgbench
     * for home pages (API and HTML, which runs the same statements and more), the single-row
     * insert-and-commit for likes and posts. Profile, thread, hashtag and search pages have no raw
     * baseline of their own (NaN).
     */
    private static double baseline(String scenario, double homeSql, double insert) {
        if (scenario.startsWith("home") || scenario.startsWith("web home")) {
            return homeSql;
        }
        if (scenario.startsWith("likes") || scenario.startsWith("posts")) {
            return insert;
        }
        return Double.NaN;
    }

    private boolean selected(String name) {
        return only.isEmpty() || only.contains(key(name));
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    /** Runs the scenario unless -Dbench.only leaves it out; a skipped one reports NaN. */
    private LoadResult scenario(List<LoadResult> results, String name, Function<String, LoadResult> measured) {
        LoadResult result = selected(name) ? measured.apply(name) : LoadResult.skipped(name);
        results.add(result);
        return result;
    }

    /**
     * Time from sending a post to seeing it on the first home page of a follower, for posts by an
     * author who is fanned out and by one with 100,000 followers (merged at read time).
     */
    private List<Double> fanout(long regularAuthor) {
        say("fan-out: 40 posts, each until a follower sees it");
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            boolean star = i % 2 == 0;
            long author = star ? 1 : regularAuthor;
            long follower = star ? 50 : 21;
            long start = System.nanoTime();
            String created = load.fetch(post(author));
            Matcher id = Pattern.compile("\"id\":(\\d+)").matcher(created);
            if (!id.find()) {
                throw new IllegalStateException("no id in " + created);
            }
            String needle = "{\"id\":" + id.group(1) + ",";
            while (!load.fetch(home(follower, null, 20)).contains(needle)) {
                if (System.nanoTime() - start > Duration.ofSeconds(30).toNanos()) {
                    throw new IllegalStateException("post " + id.group(1) + " never reached account " + follower + "'s home");
                }
                sleep(10);
            }
            millis.add((System.nanoTime() - start) / 1e6);
        }
        return millis;
    }

    private BenchRequest deepHome() {
        String[] entry = deepCursors.get(ThreadLocalRandom.current().nextInt(deepCursors.size())).split(":", 2);
        return home(Long.parseLong(entry[0]), entry[1], 20);
    }

    private BenchRequest home(long viewer, String cursor, int limit) {
        return get(viewer, "/api/timelines/home?limit=" + limit + (cursor == null || "null".equals(cursor) ? "" : "&cursor=" + enc(cursor)));
    }

    /** The web app's home page (HTML) as a signed-in browser asks for it: the session cookie, no bearer token. */
    private BenchRequest webHome(long viewer) {
        return BenchRequest.get("/", "Cookie", SessionCookieMechanism.COOKIE + "=" + session(viewer), "Accept", "text/html");
    }

    private BenchRequest like() {
        long reader = random(1000, accounts);
        return new BenchRequest("PUT", "/api/posts/" + random(1, posts) + "/like", bearer(reader), null);
    }

    /** {@code GET /api/rewards/formula}: public, from the configuration in memory, no token and no statement. */
    private static BenchRequest rewardFormula() {
        return new BenchRequest("GET", "/api/rewards/formula", List.of(), null);
    }

    private BenchRequest post(long author) {
        String body = "{\"text\":\"bench at " + System.nanoTime() + " #t" + random(0, 50) + "\"}";
        List<String> headers = new ArrayList<>(bearer(author));
        headers.addAll(List.of("Content-Type", "application/json"));
        return new BenchRequest("POST", "/api/posts", headers, body);
    }

    private BenchRequest get(long viewer, String path) {
        return new BenchRequest("GET", path, bearer(viewer), null);
    }

    private static List<String> bearer(long account) {
        return List.of("Authorization", "Bearer " + token(account));
    }

    static String token(long account) {
        return padded("bench" + account);
    }

    static String session(long account) {
        return padded("session" + account);
    }

    /** Tokens are 43 characters of base64url; the bench's are readable names padded to that length. */
    private static String padded(String name) {
        StringBuilder token = new StringBuilder(name);
        while (token.length() < 43) {
            token.append('_');
        }
        return token.toString();
    }

    /**
     * Web sessions for the viewers 11-40, stored as the login stores them (the token's SHA-256 in
     * access_token, kind SESSION); kept or renewed when the world is reused.
     */
    private static void mintWebSessions(Statement s) throws SQLException {
        StringBuilder rows = new StringBuilder();
        for (long viewer = 11; viewer <= 40; viewer++) {
            rows.append(rows.isEmpty() ? "" : ",").append("('").append(Hashing.sha256Hex(session(viewer))).append("',").append(viewer).append(')');
        }
        s.execute("insert into access_token (token_hash, account_id, expires_at, authenticated_at, kind) select h, a, now() + interval '2 days', now(), 'SESSION'"
                + " from (values " + rows + ") v(h, a)"
                + " on conflict (token_hash) do update set expires_at = excluded.expires_at, revoked_at = null");
    }

    private static long random(long from, long toInclusive) {
        return ThreadLocalRandom.current().nextLong(from, toInclusive + 1);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static double percentile(List<Double> values, double p) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100 * sorted.size()) - 1));
    }

    private static long single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalArgumentException("-D" + property + " is required (run through ./murmur bench api)");
        }
        return value;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void say(String format, Object... args) {
        System.out.printf("bench api: " + format + "%n", args);
    }

}
