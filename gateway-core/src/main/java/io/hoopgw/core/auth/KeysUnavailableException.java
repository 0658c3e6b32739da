package io.hoopgw.core.auth;

/**
 * An issuer's JWKS could not be obtained. Unchecked because it crosses Caffeine's loader; {@link JwksCache} callers
 * turn it into {@link TokenRejectedException.FailedCheck#KEYS_UNAVAILABLE}.
 */
final class KeysUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    KeysUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    KeysUnavailableException(String message) {
        super(message);
    }
}
