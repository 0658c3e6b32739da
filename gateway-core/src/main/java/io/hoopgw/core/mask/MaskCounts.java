package io.hoopgw.core.mask;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many values each rule masked, for the audit record. A value counts once per rule however many matches of
 * that rule it held. Mutable and not thread-safe: one per session (or per statement), confined to the thread that
 * masks that session's messages.
 */
public final class MaskCounts {
    private final Map<String, long[]> counts = new LinkedHashMap<>();

    /**
     * @param ruleNames the rules that may be counted, in order
     */
    public MaskCounts(List<String> ruleNames) {
        for (String name : ruleNames) {
            counts.put(name, new long[1]);
        }
    }

    /** Adds one masked value to a rule's count. */
    void add(MaskRule rule) {
        long[] count = counts.get(rule.name());
        if (count == null) {
            throw new IllegalArgumentException("these counts do not track rule '" + rule.name() + "'");
        }
        count[0]++;
    }

    /** The number of values the named rule masked; 0 for a rule not tracked. */
    public long count(String rule) {
        long[] count = counts.get(rule);
        return count == null ? 0 : count[0];
    }

    /** The non-zero counts by rule name, in rule order; a copy. */
    public Map<String, Long> snapshot() {
        Map<String, Long> result = new LinkedHashMap<>();
        counts.forEach((name, count) -> {
            if (count[0] != 0) {
                result.put(name, count[0]);
            }
        });
        return Collections.unmodifiableMap(result);
    }

    /** The total of all counts. */
    public long total() {
        long total = 0;
        for (long[] count : counts.values()) {
            total += count[0];
        }
        return total;
    }

    /** Sets every count back to 0, e.g. after a statement's counts went into its audit record. */
    public void reset() {
        for (long[] count : counts.values()) {
            count[0] = 0;
        }
    }

    @Override
    public String toString() {
        return "MaskCounts" + snapshot();
    }
}
