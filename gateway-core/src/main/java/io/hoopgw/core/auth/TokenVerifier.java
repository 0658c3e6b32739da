package io.hoopgw.core.auth;

/**
 * Verifies an identity token presented as a PostgreSQL password.
 *
 * <p>Implementations may block (a JWKS fetch over the network); callers on an event loop must run
 * {@link #verify} on a separate executor.
 */
public interface TokenVerifier {

    /**
     * Verifies {@code token} and returns the identity it proves.
     *
     * @throws TokenRejectedException naming the check that failed; its message never contains the token
     */
    Identity verify(String token) throws TokenRejectedException;
}
