package io.hoopgw.server.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing and printing of the durations, sizes and files that configuration values name. */
final class Units {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(B|KiB|MiB|GiB)?");
    private static final Pattern DECIMAL_SIZE = Pattern.compile("\\d+\\s*(k|K|M|G)B?");

    private Units() {
    }

    /**
     * Parses {@code 250ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 2d} or {@code 0}.
     *
     * @throws IllegalArgumentException with a message fit for a configuration error
     */
    static Duration parseDuration(String text) {
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("must be a duration like 250ms, 10s, 5m or 1h (or 0), not '"
                    + text + "'");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    /** The shortest of the forms {@link #parseDuration} reads that states {@code duration} exactly. */
    static String formatDuration(Duration duration) {
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0";
        }
        if (millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }

    /**
     * Parses a byte count: {@code 10000}, {@code 10000B}, {@code 512KiB}, {@code 64MiB} or {@code 1GiB}. Decimal
     * units (MB, KB) are refused rather than guessed at.
     *
     * @throws IllegalArgumentException with a message fit for a configuration error
     */
    static long parseSize(String text) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            if (DECIMAL_SIZE.matcher(text).matches()) {
                throw new IllegalArgumentException("must use binary units KiB, MiB or GiB, not '" + text + "'");
            }
            throw new IllegalArgumentException("must be a size like 10000, 512KiB or 64MiB, not '" + text + "'");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2);
        int shift = switch (unit) {
            case "KiB" -> 10;
            case "MiB" -> 20;
            case "GiB" -> 30;
            default -> 0;
        };
        if (amount > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("is too large");
        }
        return amount << shift;
    }

    /** The shortest of the forms {@link #parseSize} reads that states {@code bytes} exactly. */
    static String formatSize(long bytes) {
        if (bytes != 0 && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + "GiB";
        }
        if (bytes != 0 && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + "MiB";
        }
        if (bytes != 0 && bytes % (1L << 10) == 0) {
            return (bytes >> 10) + "KiB";
        }
        return Long.toString(bytes);
    }

    /** Why {@code file} cannot be read as a configured file, or null when it can. */
    static String unreadableFile(Path file) {
        if (!Files.exists(file)) {
            return "file not found: " + file;
        }
        if (!Files.isRegularFile(file)) {
            return "not a regular file: " + file;
        }
        if (!Files.isReadable(file)) {
            return "file not readable: " + file;
        }
        return null;
    }
}
