package io.hoopgw.core.mask;

/**
 * {@code null}: the whole column value becomes SQL NULL. Only column rules may use it; where a value cannot be NULL
 * it acts as {@code redact} with the default mask (see {@link MaskStrategy#applyAsText}).
 */
public enum NullStrategy implements MaskStrategy {
    /** The one instance. */
    INSTANCE;

    /** The strategy's configuration name. */
    public static final String NAME = "null";

    @Override
    public String apply(String value) {
        return null;
    }

    @Override
    public String toString() {
        return NAME;
    }
}
