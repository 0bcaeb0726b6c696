package dev.murmur.trend.detect;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Tag states in memory: the bench, the unit tests, and the app's per-batch working set. */
public class MemoryTagStore implements TagStore {

    private final int ringSize;
    private final Map<String, TagState> states = new HashMap<>();
    private final Map<String, TagState> active = new LinkedHashMap<>();

    public MemoryTagStore(TrendRules rules) {
        this.ringSize = ringSize(rules);
    }

    public static int ringSize(TrendRules rules) {
        return Math.max(rules.baselineBuckets(), rules.lookbackBuckets()) + 8;
    }

    /** Adds a state loaded from elsewhere. */
    public void put(TagState state) {
        states.put(state.tag, state);
        activeChanged(state);
    }

    @Override
    public TagState get(String tag) {
        TagState s = states.get(tag);
        if (s == null) {
            s = new TagState(tag, ringSize);
            states.put(tag, s);
        }
        return s;
    }

    public TagState find(String tag) {
        return states.get(tag);
    }

    public Collection<TagState> all() {
        return states.values();
    }

    @Override
    public Collection<TagState> active() {
        return new ArrayList<>(active.values());
    }

    @Override
    public void activeChanged(TagState state) {
        if (state.active != null) {
            active.put(state.tag, state);
        } else {
            active.remove(state.tag);
        }
    }
}
