package io.hoopgw.server.mask;

import io.hoopgw.server.upstream.UpstreamAuthMethod;
import java.util.EnumSet;
import java.util.Properties;
import java.util.Set;
import org.postgresql.plugin.AuthenticationPlugin;
import org.postgresql.plugin.AuthenticationRequestType;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

/**
 * Gives pgjdbc the catalog role's password only for the login methods the target allows, as the gateway's own
 * upstream login does: a server (or a man in the middle, possible unless TLS is verify-full) that asks for a weaker
 * method than configured gets nothing derived from the password. pgjdbc builds one per login from the connection
 * properties, so it must be public with a {@code Properties} constructor.
 *
 * <p>What pgjdbc cannot tell it: which SASL mechanism follows (so a target that allows md5 besides SCRAM may log in
 * over TLS with SCRAM without channel binding, where the gateway insists on SCRAM-SHA-256-PLUS), and a server that
 * lets the role in without asking (trust), which gives away nothing.
 */
public final class CatalogLogin implements AuthenticationPlugin {
    /** The connection property holding the password. */
    static final String PASSWORD = "hoopgw.catalogPassword";
    /** The connection property holding the allowed methods, comma-separated config names. */
    static final String METHODS = "hoopgw.catalogAuth";
    /** The connection property naming the target, for messages. */
    static final String TARGET = "hoopgw.catalogTarget";

    private final String password;
    private final Set<UpstreamAuthMethod> allowed = EnumSet.noneOf(UpstreamAuthMethod.class);
    private final String target;

    /** Reads the password, the allowed methods and the target from pgjdbc's connection properties. */
    public CatalogLogin(Properties properties) {
        this.password = properties.getProperty(PASSWORD);
        this.target = properties.getProperty(TARGET, "?");
        for (String name : properties.getProperty(METHODS, "").split(",")) {
            UpstreamAuthMethod.fromConfigName(name.trim()).ifPresent(allowed::add);
        }
    }

    /** The properties a connection needs for this plugin: {@code password} may be null (a trust role). */
    static void configure(Properties properties, String target, String password, Set<UpstreamAuthMethod> methods) {
        properties.setProperty("authenticationPluginClassName", CatalogLogin.class.getName());
        properties.setProperty(TARGET, target);
        properties.setProperty(METHODS, String.join(",", methods.stream().map(UpstreamAuthMethod::configName)
                .toList()));
        if (password != null) {
            properties.setProperty(PASSWORD, password);
        }
    }

    @Override
    public char[] getPassword(AuthenticationRequestType type) throws PSQLException {
        UpstreamAuthMethod method = switch (type) {
            case SASL -> UpstreamAuthMethod.SCRAM_SHA_256;
            case MD5_PASSWORD -> UpstreamAuthMethod.MD5;
            case CLEARTEXT_PASSWORD -> UpstreamAuthMethod.PASSWORD;
            default -> null;
        };
        if (method == null || !allowed.contains(method)) {
            throw new PSQLException("upstream of target '" + target + "' asked for " + (method == null ? type
                    : method) + " authentication, which the target does not allow (auth: " + allowed + ")",
                    PSQLState.CONNECTION_REJECTED);
        }
        return password == null ? null : password.toCharArray();
    }
}
