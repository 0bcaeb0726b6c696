package dev.murmur.web;

import dev.murmur.common.Hashing;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The web app's static files (classpath web/), served under a name that carries their content
 * hash, /assets/{hash}/{name}, so browsers may cache them for a year and a new build is fetched at
 * once (decision 0701). Loaded once at start.
 */
@ApplicationScoped
public class Assets {

    public record Asset(String name, String hash, byte[] bytes, String contentType) {
        public String url() {
            return "/assets/" + hash + "/" + name;
        }
    }

    static final String HTMX = "htmx-2.0.11.min.js";
    /** Chart.js, vendored and pinned like htmx (decision 0911); only the earnings page loads it. */
    static final String CHART = "chart-4.6.1.umd.min.js";
    /** The operator console's confirmation dialogs; only the console's pages load it. */
    static final String CONSOLE = "console.js";

    /** The wallet script (decision 0920): EIP-1193 wallets, the tip dialog, link, deposit, claim and veto. */
    static final String WALLET = "wallet.js";

    private final Map<String, Asset> byName = Stream.of(HTMX, "app.js", "app.css", CHART, "earnings.js", WALLET, CONSOLE)
            .map(Assets::load)
            .collect(Collectors.toUnmodifiableMap(Asset::name, Function.identity()));

    public Optional<Asset> find(String hash, String name) {
        return Optional.ofNullable(byName.get(name)).filter(a -> a.hash().equals(hash));
    }

    public String css() {
        return byName.get("app.css").url();
    }

    public String js() {
        return byName.get("app.js").url();
    }

    public String htmx() {
        return byName.get(HTMX).url();
    }

    /** The fingerprinted URL of one of the files above, by name. */
    public String url(String name) {
        return Optional.ofNullable(byName.get(name)).orElseThrow(() -> new IllegalArgumentException(name)).url();
    }

    private static Asset load(String name) {
        try (InputStream in = Assets.class.getClassLoader().getResourceAsStream("web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("web/" + name + " is missing from the classpath");
            }
            byte[] bytes = in.readAllBytes();
            String type = name.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
            return new Asset(name, Hashing.sha256Hex(bytes).substring(0, 12), bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
