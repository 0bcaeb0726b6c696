package dev.murmur.bench.api;

import org.HdrHistogram.Histogram;

/** What one scenario measured. Latencies are from each request's intended start (no coordinated omission). */
record LoadResult(String name, double offeredRps, double achievedRps, Histogram latencyMicros, long errors,
                  double appCpuPercent, long appRssMb, double loadCpuPercent, double dbCpuPercent) {

    /** A scenario left out of this run (-Dbench.only): its figures are NaN, never zero. */
    static LoadResult skipped(String name) {
        return new LoadResult(name, Double.NaN, Double.NaN, new Histogram(3), 0, Double.NaN, 0, Double.NaN, Double.NaN);
    }

    double p50Ms() {
        return percentileMs(50);
    }

    double p99Ms() {
        return percentileMs(99);
    }

    double p999Ms() {
        return percentileMs(99.9);
    }

    private double percentileMs(double percentile) {
        return latencyMicros.getTotalCount() == 0 ? Double.NaN : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    /**
     * The scenario's line; {@code baselineTps} is the raw rate its requests are measured against
     * (PostgreSQL alone on the same work), NaN for a scenario without one, shown as "-".
     */
    String row(double baselineTps) {
        String ratio = Double.isNaN(baselineTps) ? "-" : String.format("%.2f", achievedRps / baselineTps);
        return String.format("%-26s %8.0f %9.0f %8.2f %8.2f %9.2f %7d %8.0f%% %7d %8.0f%% %7.0f%% %6s", name,
                offeredRps, achievedRps, p50Ms(), p99Ms(), p999Ms(), errors, appCpuPercent, appRssMb, loadCpuPercent, dbCpuPercent,
                ratio);
    }

    static String header() {
        return String.format("%-26s %8s %9s %8s %8s %9s %7s %9s %7s %9s %8s %6s", "scenario", "offered", "achieved",
                "p50_ms", "p99_ms", "p99.9_ms", "errors", "app_cpu", "rss_mb", "load_cpu", "db_cpu", "ratio");
    }
}
