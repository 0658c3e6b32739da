package io.hoopgw.server.postgres;

/**
 * A local PostgreSQL could not be started or used. When no strategy worked, the message lists every strategy that
 * was tried, why each one failed, and how to make one of them available.
 */
public final class LocalPostgresException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, for a person to act on
     */
    public LocalPostgresException(String message) {
        super(message);
    }

    /**
     * @param message what failed, for a person to act on
     * @param cause the underlying failure
     */
    public LocalPostgresException(String message, Throwable cause) {
        super(message, cause);
    }
}
