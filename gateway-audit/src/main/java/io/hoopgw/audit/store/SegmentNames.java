package io.hoopgw.audit.store;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Segment file names: {@code seg-<first sequence, 20 digits>.avro}, or {@code seg-<first>-<n>.avro} when a
 * failed attempt already took the plain name. Names sort in chain order.
 */
public final class SegmentNames {
    private static final Pattern NAME = Pattern.compile("seg-(\\d{20})(?:-(\\d+))?\\.avro");
    /** Suffix of a segment that is still being created; it becomes visible by an atomic rename. */
    public static final String TEMPORARY_SUFFIX = ".tmp";

    /** Orders segment names by first sequence, then attempt. */
    public static final Comparator<String> ORDER = Comparator
            .comparingLong((String n) -> parse(n).orElseThrow().firstSequence())
            .thenComparingInt(n -> parse(n).orElseThrow().attempt());

    private SegmentNames() {
    }

    /** A parsed segment name. */
    public record Parsed(long firstSequence, int attempt) {
    }

    /** The name of a segment whose first record has {@code firstSequence}; attempt 0 is the plain name. */
    public static String name(long firstSequence, int attempt) {
        String base = String.format("seg-%020d", firstSequence);
        return (attempt == 0 ? base : base + "-" + attempt) + ".avro";
    }

    /** The parsed name, or empty when {@code name} is not a segment name. */
    public static Optional<Parsed> parse(String name) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Parsed(Long.parseLong(m.group(1)),
                    m.group(2) == null ? 0 : Integer.parseInt(m.group(2))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code file}'s name is a segment name. */
    public static boolean isSegment(Path file) {
        return parse(file.getFileName().toString()).isPresent();
    }
}
