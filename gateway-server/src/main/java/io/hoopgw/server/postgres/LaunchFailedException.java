package io.hoopgw.server.postgres;

/**
 * One strategy could not give a server: it is unavailable on this machine or it failed while starting. The message
 * says which and why, in words that end up in the {@link LocalPostgresException} listing every attempt.
 */
final class LaunchFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    LaunchFailedException(String message) {
        super(message);
    }

    LaunchFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
