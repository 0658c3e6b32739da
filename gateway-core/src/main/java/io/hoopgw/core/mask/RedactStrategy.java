package io.hoopgw.core.mask;

import java.util.Objects;

/**
 * {@code redact}: the value becomes a fixed mask, whatever its length, so not even the length leaks.
 *
 * @param mask the replacement text
 */
public record RedactStrategy(String mask) implements MaskStrategy {
    /** The strategy's configuration name. */
    public static final String NAME = "redact";
    /** The mask used unless one is configured. */
    public static final String DEFAULT_MASK = "****";

    /** Checks for null. */
    public RedactStrategy {
        Objects.requireNonNull(mask, "mask");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String apply(String value) {
        return mask;
    }
}
