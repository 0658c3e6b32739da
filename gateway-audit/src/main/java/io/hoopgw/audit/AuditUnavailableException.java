package io.hoopgw.audit;

/**
 * The audit store could not make a record durable (disk full, I/O error, permissions, or the recorder is closed).
 * Whatever the record was for must not proceed: the gateway answers the client with SQLSTATE {@value #SQL_STATE}
 * and forwards nothing.
 */
public final class AuditUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The SQLSTATE a gateway reports when a statement is refused because it could not be recorded. */
    public static final String SQL_STATE = "58030";

    /** An exception with a message a person can act on, and the I/O failure behind it (may be null). */
    public AuditUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
