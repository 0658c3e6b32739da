package io.hoopgw.jdbc.token;

/**
 * One way to obtain the identity token the driver presents to the gateway. {@link TokenResolver} asks the
 * providers in a documented order, or only the one named by the {@code tokenProvider} property.
 *
 * <p>A provider that caches tokens refreshes them itself before they expire; the resolver still refuses any token
 * that has expired, so a new connection never presents one.
 */
public interface TokenProvider {

    /** The name used in {@code tokenProvider=<name>} and in error messages. */
    String name();

    /**
     * Looks for a token for one connection.
     *
     * @param context the connection's properties, the environment and the clock
     * @return the token, or why this provider has none configured
     * @throws TokenException when the provider is configured but cannot deliver (file not found, command failed)
     */
    TokenLookup lookup(TokenContext context) throws TokenException;
}
