package dev.murmur.common.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One run of a command-line tool's {@code run(args, out, err, env)}: its exit code and what it printed. */
public record CliRun(int exit, String out, String err) {

    /** A tool's testable entry point, as {@code AuditCli::run}. */
    public interface Tool {
        int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env);
    }

    public static CliRun of(Tool tool, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = tool.run(args, o, e, env);
        }
        return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    public static CliRun of(Tool tool, String... args) {
        return of(tool, Map.of(), args);
    }
}
