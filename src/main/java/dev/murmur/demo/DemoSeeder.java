package dev.murmur.demo;

import dev.murmur.account.Account;
import dev.murmur.account.service.AccountService;
import dev.murmur.like.service.LikeService;
import dev.murmur.post.Post;
import dev.murmur.post.service.PostService;
import dev.murmur.social.service.SocialGraph;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import dev.murmur.chain.ChainClient;
import java.math.BigInteger;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Seeds a small demo world for {@code ./murmur up --demo}: four creators, two readers, follows,
 * posts with hashtags, a reply, a quote, a repost and likes. It goes through the same services as
 * the API, so the demo shows real behaviour. Runs once: it does nothing if the creators exist.
 */
@ApplicationScoped
public class DemoSeeder {

    @ConfigMapping(prefix = "murmur.demo")
    public interface DemoConfig {
        /** murmur.demo.seed: seed the demo world at start-up. */
        @WithDefault("false")
        boolean seed();

        /**
         * murmur.demo.trend-scenario: after seeding, play a two-minute live scenario in which a tag
         * rises and fades (see {@link DemoTrendScenario}). Needs demo-sized trend settings.
         */
        @WithDefault("false")
        boolean trendScenario();
    }

    public static final String PASSWORD = "demo-password-1";
    static final List<String> CREATORS = List.of("ada", "grace", "linus", "margaret");
    static final List<String> READERS = List.of("reader1", "reader2");

    private static final Logger LOG = Logger.getLogger(DemoSeeder.class);

    private final AccountService accounts;
    private final SocialGraph social;
    private final PostService posts;
    private final LikeService likes;

    /**
     * The readers' demo wallets: anvil's public dev accounts 8 and 9. Their keys are as public as
     * the addresses (anvil prints them); the readers use them with {@code ./murmur wallet}.
     */
    static final List<String> READER_WALLETS = List.of("0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f",
            "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720");
    /** What each demo reader wallet receives from the operator's test-token supply: 1,000 tokens. */
    static final BigInteger READER_WALLET_TOKENS = BigInteger.valueOf(1_000_000_000L);

    private final Instance<ChainClient> chain;

    public DemoSeeder(AccountService accounts, SocialGraph social, PostService posts, LikeService likes, Instance<ChainClient> chain) {
        this.accounts = accounts;
        this.social = social;
        this.posts = posts;
        this.likes = likes;
        this.chain = chain;
    }

    void onStart(@Observes StartupEvent event, DemoConfig config, DemoTrendScenario trendScenario) {
        if (config.seed()) {
            if (seed()) {
                fundReaderWallets();
            }
            if (config.trendScenario()) {
                trendScenario.startInBackground();
            }
        }
    }

    /** A like the demo world holds. */
    private record DemoLike(long reader, long post) {
    }

    /**
     * Seeds the world once; returns whether it did (false when it was already there). The accounts,
     * follows and posts commit in one transaction; the likes follow it, each committed as the API
     * commits likes (decision 1174), since a like never joins a caller's transaction.
     */
    public boolean seed() {
        Optional<List<DemoLike>> seeded = QuarkusTransaction.requiringNew().call(this::seedAccountsAndPosts);
        if (seeded.isEmpty()) {
            LOG.info("Demo world already seeded");
            return false;
        }
        seeded.get().forEach(like -> likes.like(like.reader(), like.post()));
        LOG.infof("Demo world seeded: creators %s, readers %s, password '%s'", CREATORS, READERS, PASSWORD);
        return true;
    }

    /** The world but its likes, or empty when it exists; returns the likes to give. */
    private Optional<List<DemoLike>> seedAccountsAndPosts() {
        if (Account.findByHandle(CREATORS.getFirst()).isPresent()) {
            return Optional.empty();
        }
        List<Long> creators = new ArrayList<>();
        for (String handle : CREATORS) {
            creators.add(accounts.register(handle, capitalize(handle), PASSWORD).id);
        }
        List<Long> readers = new ArrayList<>();
        for (String handle : READERS) {
            readers.add(accounts.register(handle, "Reader " + handle.substring(6), PASSWORD).id);
        }
        for (long reader : readers) {
            CREATORS.forEach(c -> social.follow(reader, c));
        }
        social.follow(creators.get(0), "grace");
        social.follow(creators.get(1), "ada");

        long engines = post(creators.get(0), "Notes on the #AnalyticalEngine: it might act upon other things besides number. #computing");
        long compilers = post(creators.get(1), "A ship in port is safe, but that is not what ships are built for. #compilers #computing");
        long kernels = post(creators.get(2), "Talk is cheap. Show me the code. #opensource #kernels");
        long apollo = post(creators.get(3), "Software engineering is a discipline, not an afterthought. #apollo #computing");
        posts.create(creators.get(1), new PostService.Draft("@ada this is the future of #computing", engines, null), Optional.empty());
        posts.create(creators.get(2), new PostService.Draft("Worth reading twice. https://murmur.dev/why", null, apollo), Optional.empty());
        posts.repost(creators.get(3), kernels);

        List<DemoLike> demoLikes = new ArrayList<>();
        for (long reader : readers) {
            for (long post : List.of(engines, compilers, kernels, apollo)) {
                demoLikes.add(new DemoLike(reader, post));
            }
        }
        demoLikes.add(new DemoLike(creators.get(0), compilers));
        return Optional.of(demoLikes);
    }

    /** Gives the demo readers' wallets test tokens to deposit and tip with (dev chains only: the operator holds the supply). */
    void fundReaderWallets() {
        if (!chain.isResolvable()) {
            return;
        }
        try {
            for (String wallet : READER_WALLETS) {
                chain.get().transferTokens(wallet, READER_WALLET_TOKENS);
            }
            LOG.infof("Demo reader wallets %s hold 1,000 test tokens each", READER_WALLETS);
        } catch (RuntimeException e) {
            LOG.warnf("Demo reader wallets not funded: %s", e.getMessage());
        }
    }

    private long post(long author, String text) {
        Post post = posts.create(author, new PostService.Draft(text, null, null), Optional.empty()).post();
        return post.id;
    }

    private static String capitalize(String handle) {
        return Character.toUpperCase(handle.charAt(0)) + handle.substring(1);
    }
}
