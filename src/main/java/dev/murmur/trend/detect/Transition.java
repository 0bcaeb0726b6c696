package dev.murmur.trend.detect;

import java.util.List;
import java.util.SortedMap;

/** What the detector decided while applying an event. */
public sealed interface Transition {

    String tag();

    String trendId();

    /** The tag crossed the threshold; the attribution is frozen from here on. */
    record Detected(String tag, String trendId, long startBucket, long detectedAt, double score, List<Share> shares,
                    SortedMap<Long, Integer> timeline) implements Transition {
    }

    /** A completed bucket scored below the stop score; the trend's credit can now be awarded on its peak score. */
    record Ended(String tag, String trendId, long startBucket, long detectedAt, long endedAt, double peakScore,
                 List<Share> shares, SortedMap<Long, Integer> timeline) implements Transition {
    }
}
