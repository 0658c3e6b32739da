package io.hoopgw.core.mask;

/**
 * How a sensitive value is replaced: one small named algorithm per strategy, as shardingsphere's
 * {@code MaskAlgorithm}. Implementations are immutable and thread-safe, and never log or keep the values they see.
 */
public sealed interface MaskStrategy permits RedactStrategy, PartialStrategy, HashStrategy, NullStrategy {

    /** The strategy's configuration name ({@code redact}, {@code partial}, {@code hash}, {@code null}). */
    String name();

    /**
     * The replacement for {@code value}.
     *
     * @return the masked text, or {@code null} when the whole value becomes SQL NULL
     */
    String apply(String value);

    /**
     * The replacement where a value cannot be NULL (inside a longer text, an error message, a notification): as
     * {@link #apply}, except that the {@code null} strategy yields {@link RedactStrategy#DEFAULT_MASK}.
     */
    default String applyAsText(String value) {
        String masked = apply(value);
        return masked == null ? RedactStrategy.DEFAULT_MASK : masked;
    }
}
