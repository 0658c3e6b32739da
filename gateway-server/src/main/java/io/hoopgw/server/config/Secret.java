package io.hoopgw.server.config;

import java.util.Objects;

/**
 * A credential read from configuration: an upstream role's password, for instance.
 *
 * <p>In YAML a secret is written as {@code {env: NAME}} (an environment variable), {@code {file: /path}} (a file's
 * content, one trailing line break removed, as Docker and Kubernetes secrets are mounted) or
 * {@code {value: ...}} (inline, for demos only: the value then sits in the config file). It is resolved once, when
 * the configuration is loaded.
 *
 * <p>{@link #toString()} prints {@code ***}, so a secret that reaches a log line, an exception message or a
 * record's {@code toString} shows nothing; {@link #origin()} says where it came from without saying what it is.
 * The value is read only through {@link #reveal()}, which makes every use easy to find. Equality is identity.
 */
public final class Secret {
    private final String value;
    private final String origin;

    Secret(String value, String origin) {
        this.value = Objects.requireNonNull(value, "value");
        this.origin = Objects.requireNonNull(origin, "origin");
    }

    /** A secret given directly in code (tests, embedding); its origin reads {@code inline}. */
    public static Secret of(String value) {
        return new Secret(value, "inline");
    }

    /** The secret's value. Never log it. */
    public String reveal() {
        return value;
    }

    /**
     * Where the value came from, safe to log: {@code env NAME}, {@code file /path} or {@code inline}.
     */
    public String origin() {
        return origin;
    }

    /** Always {@code ***}. */
    @Override
    public String toString() {
        return "***";
    }
}
