package io.hoopgw.core.auth;

/**
 * A token failed verification. {@link #check()} names the failed check for the client's error message, the log
 * and the audit record; nothing here ever contains the token.
 */
public class TokenRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final FailedCheck check;

    public TokenRejectedException(FailedCheck check, String message) {
        super(message);
        this.check = check;
    }

    public TokenRejectedException(FailedCheck check, String message, Throwable cause) {
        super(message, cause);
        this.check = check;
    }

    /** Which check failed. */
    public FailedCheck check() {
        return check;
    }

    /** The checks a token passes, in the order they are made. */
    public enum FailedCheck {
        /** Not a JWT at all: not three base64url parts, or undecodable JSON. */
        MALFORMED,
        /** The {@code alg} is not on the allow-list (includes {@code none} and HMAC). */
        ALGORITHM,
        /** The {@code iss} is not a trusted issuer. */
        ISSUER,
        /** No key in the issuer's JWKS matches the token's {@code kid}, even after a re-fetch. */
        UNKNOWN_KEY,
        /** The issuer's JWKS could not be fetched. */
        KEYS_UNAVAILABLE,
        /** The signature does not verify. */
        SIGNATURE,
        /** The {@code aud} does not contain the issuer's configured audience. */
        AUDIENCE,
        /** The token has expired ({@code exp}). */
        EXPIRED,
        /** The token is not valid yet ({@code nbf}, or {@code iat} in the future). */
        NOT_YET_VALID,
        /** A required claim ({@code sub}, {@code exp}, the groups claim) is missing or of the wrong type. */
        MISSING_CLAIM
    }
}
