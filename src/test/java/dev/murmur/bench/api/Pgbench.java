package dev.murmur.bench.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PostgreSQL alone: runs a pgbench script against the bench database and returns its rate. */
final class Pgbench {

    /** pgbench -P 1 prints a line per second: "progress: 7.0 s, 812.0 tps, lat 19.7 ms stddev 9.1, 0 failed". */
    private static final Pattern PROGRESS = Pattern.compile("progress: ([0-9.]+) s, ([0-9.]+) tps");

    private final String host;
    private final int port;
    private final String user;
    private final String database;

    Pgbench(String host, int port, String user, String database) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.database = database;
    }

    /**
     * Transactions per second of {@code scripts} (prepared statements; each transaction runs one of
     * them, picked at random with equal weights) with {@code clients} connections for {@code seconds},
     * after {@code warmupSeconds} that are not counted, as the app's scenarios warm up before they
     * measure. PostgreSQL plans a prepared statement afresh for its first five executions on a
     * connection; 16 clients with one script per viewer spend most of a cold run there (the home page
     * baseline measured 252 tps over 10 cold seconds on the same world where it settles at 690).
     */
    double tps(List<String> scripts, List<String> variables, int clients, int warmupSeconds, int seconds) {
        List<Path> files = new ArrayList<>();
        try {
            List<String> command = new ArrayList<>(List.of("pgbench", "-h", host, "-p", Integer.toString(port), "-U", user,
                    "-n", "-M", "prepared", "-c", Integer.toString(clients), "-j", "2", "-P", "1",
                    "-T", Integer.toString(warmupSeconds + seconds)));
            for (String variable : variables) {
                command.add("-D");
                command.add(variable);
            }
            for (String script : scripts) {
                Path file = Files.createTempFile("murmur-bench-", ".pgbench");
                files.add(file);
                Files.writeString(file, script, StandardCharsets.UTF_8);
                command.add("-f");
                command.add(file + "@1");
            }
            command.add(database);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            Matcher m = PROGRESS.matcher(output);
            double sum = 0;
            int counted = 0;
            while (m.find()) {
                if (Double.parseDouble(m.group(1)) > warmupSeconds) {
                    sum += Double.parseDouble(m.group(2));
                    counted++;
                }
            }
            if (exit != 0 || counted == 0) {
                throw new IllegalStateException("pgbench failed (exit " + exit + "):\n" + output);
            }
            return sum / counted;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run pgbench (postgresql-contrib / postgresql-client): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            files.forEach(file -> file.toFile().delete());
        }
    }
}
