package io.hoopgw.core.mask;

import java.util.List;

/**
 * Finds one kind of sensitive value (a card number, an e-mail address, ...) inside a longer text, so that only
 * the match is replaced. Implementations are immutable and thread-safe.
 *
 * <p>Detection runs on every text value of every result, so it has two steps: {@link #mayOccurIn} looks at a
 * {@link TextProfile} computed in one pass over the value's bytes, and must be cheap and never wrong in the
 * "no" direction; only when some detector says "maybe" is the value decoded and {@link #find} run.
 */
public interface ValueDetector {

    /** The detector's configuration name ({@code card}, {@code email}, {@code ssn}, {@code iban}, {@code regex}). */
    String kind();

    /**
     * Whether a value with this profile could contain a match; {@code false} only if it certainly cannot.
     *
     * @param profile what {@link TextProfile#scan} returned for the value
     */
    boolean mayOccurIn(long profile);

    /**
     * Appends every match in {@code text} to {@code out}, in order of their start, never overlapping each other.
     */
    void find(CharSequence text, List<Match> out);
}
