package dev.murmur.bench.api;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** CPU time and resident memory of a process, from /proc (Linux), and this process's own CPU time. */
final class ProcessStats {

    /** USER_HZ: /proc/PID/stat counts CPU time in clock ticks, 100 per second on Linux. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final long pid;

    ProcessStats(long pid) {
        this.pid = pid;
    }

    /** Seconds of CPU (user + system) the process has used so far. */
    double cpuSeconds() {
        try {
            return cpuTicks(Files.readString(Path.of("/proc/" + pid + "/stat"))) / TICKS_PER_SECOND;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + "/stat: is the app running?", e);
        }
    }

    /**
     * Seconds of CPU used so far by every process named {@code postgres} on this machine: the server
     * and its backends. The app's pooled connections keep their backends for the whole run, so the
     * difference over a scenario is what the database spent on it (a backend that exits in between
     * takes its ticks with it, which only ever undercounts).
     */
    static double databaseCpuSeconds() {
        long ticks = 0;
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                try {
                    String stat = Files.readString(process.resolve("stat"));
                    if (stat.contains("(postgres)")) {
                        ticks += cpuTicks(stat);
                    }
                } catch (IOException gone) {
                    // The process ended while the directory was read.
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return ticks / TICKS_PER_SECOND;
    }

    /** utime + stime of a /proc/PID/stat line, counting fields after the command name (in parentheses, may hold spaces). */
    private static long cpuTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    long rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
            return -1;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + "/status", e);
        }
    }

    static double ownCpuSeconds() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).toNanos() / 1e9;
    }
}
