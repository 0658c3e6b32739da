package io.hoopgw.core.mask;

import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A user-defined regular expression ({@link java.util.regex.Pattern} syntax); every non-empty match is replaced.
 * It has no cheap pre-check, so each configured pattern decodes and scans every text value: prefer the built-in
 * detectors where one fits.
 */
public final class PatternDetector implements ValueDetector {
    /** The detector's configuration name. */
    public static final String KIND = "regex";
    private final Pattern pattern;

    /**
     * @param pattern a compiled pattern; its matches are the values to mask
     */
    public PatternDetector(Pattern pattern) {
        this.pattern = Objects.requireNonNull(pattern, "pattern");
    }

    /** The pattern. */
    public Pattern pattern() {
        return pattern;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public boolean mayOccurIn(long profile) {
        return true;
    }

    @Override
    public void find(CharSequence text, List<Match> out) {
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            if (matcher.end() > matcher.start()) {
                out.add(new Match(matcher.start(), matcher.end()));
            }
        }
    }

    @Override
    public String toString() {
        return "PatternDetector[" + pattern.pattern() + "]";
    }
}
