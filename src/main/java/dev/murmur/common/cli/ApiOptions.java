package dev.murmur.common.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.Map;

/**
 * The API options, spelled the same in every tool: {@code --api BASE_URL} and {@code --token TOKEN}
 * (or {@code MURMUR_TOKEN}, so a token need not appear in the process list).
 */
public final class ApiOptions {

    /** The variable a token may come from instead of {@code --token}. */
    public static final String TOKEN_VARIABLE = "MURMUR_TOKEN";

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--api", paramLabel = "BASE_URL", description = "Murmur's base URL, e.g. http://localhost:8080.")
    String api;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Bearer token of the account (default: $" + TOKEN_VARIABLE + ").")
    String token;

    public boolean hasApi() {
        return api != null;
    }

    /** The base URL without trailing slashes, or a usage error when it was not given. */
    public String api() {
        if (api == null || api.isBlank()) throw CommandLines.usage(spec, "Missing required option: '--api=BASE_URL'");
        return api.replaceAll("/+$", "");
    }

    /** {@code --token}, else {@code MURMUR_TOKEN} from {@code env}, else a usage error. */
    public String token(Map<String, String> env) {
        String t = token != null ? token : env.get(TOKEN_VARIABLE);
        if (t == null || t.isBlank()) throw CommandLines.usage(spec, "--api needs --token or " + TOKEN_VARIABLE);
        return t;
    }
}
