package io.hoopgw.jdbc.token;

/**
 * No usable token could be had. The message names the provider(s) tried and what each lacked (a property not set,
 * a file not found, a command that timed out); it never contains a token.
 */
public class TokenException extends Exception {
    private static final long serialVersionUID = 1L;

    /** An error whose {@code message} says what was tried and what was missing. */
    public TokenException(String message) {
        super(message);
    }

    /** An error whose {@code message} says what was tried and what failed, caused by {@code cause}. */
    public TokenException(String message, Throwable cause) {
        super(message, cause);
    }
}
