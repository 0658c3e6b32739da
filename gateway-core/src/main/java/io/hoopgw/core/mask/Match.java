package io.hoopgw.core.mask;

/**
 * Where a detector found a sensitive value inside a text: the UTF-16 index range {@code [start, end)}.
 *
 * @param start the index of the first character of the match
 * @param end   the index after the last character of the match
 */
public record Match(int start, int end) {
    /** Checks the range. */
    public Match {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("a match needs 0 <= start < end, not [" + start + ", " + end + ")");
        }
    }
}
