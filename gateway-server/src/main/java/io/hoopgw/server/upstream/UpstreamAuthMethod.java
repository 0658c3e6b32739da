package io.hoopgw.server.upstream;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * A way the upstream server may ask the gateway to log in. A target allows a set of them; the gateway refuses any
 * other, so a server (or a man in the middle) cannot downgrade the login to one that gives the password away.
 */
public enum UpstreamAuthMethod {
    /** SCRAM-SHA-256 (with channel binding, SCRAM-SHA-256-PLUS, whenever the connection uses TLS). */
    SCRAM_SHA_256("scram-sha-256"),
    /** MD5: a salted hash of the password; replayable by anyone who relays the salt. */
    MD5("md5"),
    /** The password in clear. */
    PASSWORD("password"),
    /** No authentication at all: the server lets the role in. */
    TRUST("trust");

    /** What a target allows when its configuration does not say. */
    public static final Set<UpstreamAuthMethod> DEFAULT = Set.of(SCRAM_SHA_256);

    private final String configName;

    UpstreamAuthMethod(String configName) {
        this.configName = configName;
    }

    /** The name used in the configuration and in messages, as in pg_hba.conf. */
    public String configName() {
        return configName;
    }

    /** The method spelt {@code name} in the configuration, if any. */
    public static Optional<UpstreamAuthMethod> fromConfigName(String name) {
        return Arrays.stream(values()).filter(method -> method.configName.equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return configName;
    }
}
