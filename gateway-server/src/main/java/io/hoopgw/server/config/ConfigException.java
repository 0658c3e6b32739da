package io.hoopgw.server.config;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A configuration could not be read or is invalid. Lists every problem found, each naming the source (usually the
 * file), the key and the reason, one per line:
 * {@code gateway.yaml: targets.orders.port: must be between 1 and 65535}. Never contains a secret's value.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The source name (file) the problems were found in. */
    private final String source;
    private final List<Problem> problems;

    /**
     * @param source   the file or other source name, as it should appear in messages
     * @param problems at least one problem
     */
    public ConfigException(String source, List<Problem> problems) {
        super(format(source, problems));
        this.source = source;
        this.problems = List.copyOf(problems);
        if (this.problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
    }

    /** The source name (usually the file path as given) the problems were found in. */
    public String source() {
        return source;
    }

    /** Every problem found, in the order the configuration was read. */
    public List<Problem> problems() {
        return problems;
    }

    private static String format(String source, List<Problem> problems) {
        return problems.stream().map(p -> p.format(source)).collect(Collectors.joining("\n"));
    }

    /**
     * One problem with one key.
     *
     * @param key    the dotted key path ({@code targets.orders.port}, {@code listeners[0].tls}); empty for the whole
     *               file
     * @param reason what is wrong and, where it helps, what would be right
     */
    public record Problem(String key, String reason) {
        public Problem {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(reason, "reason");
        }

        /** {@code source: key: reason}, or {@code source: reason} when the key is empty. */
        public String format(String source) {
            return key.isEmpty() ? source + ": " + reason : source + ": " + key + ": " + reason;
        }
    }
}
