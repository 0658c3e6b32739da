package io.hoopgw.jdbc;

import io.hoopgw.jdbc.token.Token;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;

/** Turns failures to get or present a token into errors a person can act on. */
final class LoginFailures {
    /** SQLSTATE 28P01, invalid_password: the gateway's answer to a bad token, and ours for a missing one. */
    static final String INVALID_PASSWORD = "28P01";
    private static final String AUTHORIZATION_CLASS = "28";

    private LoginFailures() {
    }

    /** The driver could not get a token at all; {@code message} names the providers tried. */
    static SQLException noToken(String message, Throwable cause) {
        return new SQLInvalidAuthorizationSpecException(message, INVALID_PASSWORD, cause);
    }

    /**
     * Adds to a login refusal (SQLSTATE class 28) which provider supplied the token, since the fix is usually
     * there (a stale file, the wrong audience); the original error stays the cause. Other errors are returned as
     * they are.
     */
    static SQLException augment(SQLException error, Token token) {
        String state = error.getSQLState();
        if (state == null || !state.startsWith(AUTHORIZATION_CLASS)) {
            return error;
        }
        String expiry = token.expiresAt().map(exp -> ", expiring " + exp).orElse("");
        return new SQLInvalidAuthorizationSpecException(
                error.getMessage() + " (the token came from " + token.source() + expiry + ")",
                state, error.getErrorCode(), error);
    }
}
