package io.hoopgw.core.protocol.backend;

import io.hoopgw.core.protocol.ProtocolException;

/** The transaction status indicator of a {@link ReadyForQuery}. */
public enum TransactionStatus {
    /** Not in a transaction block. */
    IDLE('I'),
    /** In a transaction block. */
    IN_TRANSACTION('T'),
    /** In a failed transaction block; queries are rejected until the block ends. */
    FAILED('E');

    private final char indicator;

    TransactionStatus(char indicator) {
        this.indicator = indicator;
    }

    /** The indicator byte on the wire. */
    public char indicator() {
        return indicator;
    }

    /**
     * The status for an indicator byte.
     *
     * @throws ProtocolException if the byte is none of {@code I}, {@code T}, {@code E}
     */
    public static TransactionStatus of(byte indicator) {
        return switch (indicator) {
            case 'I' -> IDLE;
            case 'T' -> IN_TRANSACTION;
            case 'E' -> FAILED;
            default -> throw new ProtocolException(
                    "unknown transaction status " + ProtocolException.describeTag(indicator));
        };
    }
}
