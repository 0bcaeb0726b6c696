package dev.murmur.common.cli;

import picocli.CommandLine;

import java.io.PrintStream;
import java.io.PrintWriter;

/**
 * Runs one of Murmur's command-line tools ({@code ./murmur audit}, {@code claim}, {@code wallet}) with
 * the same exit-code convention everywhere: 0 done (and for {@code --help}, {@code --version}),
 * 1 the chain, the API or an audit check said no, 2 a usage or I/O error. Picocli already maps
 * {@code --help}/{@code --version} to 0 and bad arguments to 2 (with the generated usage); this adds
 * the one thing it does differently by default: an unexpected exception is an I/O error (2), printed
 * as one line prefixed with the tool's name, not a stack trace.
 */
public final class CommandLines {

    /** Everything went as asked. */
    public static final int OK = 0;
    /** The tool ran, and the answer is no: a check failed, the contract reverted, the API refused. */
    public static final int REFUSED = 1;
    /** Bad arguments, a missing key, a node or API that could not be reached. */
    public static final int USAGE_OR_IO = 2;

    private CommandLines() {
    }

    /** Parses {@code args} into {@code command} (a picocli command) and runs it; returns the exit code. */
    public static int execute(Object command, String[] args, PrintStream out, PrintStream err) {
        CommandLine line = new CommandLine(command);
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        line.setExecutionExceptionHandler((e, failed, parsed) -> {
            failed.getErr().println(failed.getCommandSpec().root().name() + ": " + e.getMessage());
            return USAGE_OR_IO;
        });
        return line.execute(args);
    }

    /** A usage error found after parsing (a missing combination of options): exit 2 with the usage. */
    public static CommandLine.ParameterException usage(CommandLine.Model.CommandSpec spec, String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
