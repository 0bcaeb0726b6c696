package dev.murmur.trend.detect;

import java.util.Collection;

/** Where the detector keeps tag states: a map in memory (bench, tests) or rows loaded for a batch (the app). */
public interface TagStore {

    /** The state of a tag, created empty if it has none. */
    TagState get(String tag);

    /** The states of tags with a trend in progress. */
    Collection<TagState> active();

    /** Called when a tag starts or stops trending. */
    void activeChanged(TagState state);
}
