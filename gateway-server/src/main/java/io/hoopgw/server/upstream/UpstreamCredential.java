package io.hoopgw.server.upstream;

import java.util.Objects;

/**
 * The gateway-held login for one upstream role. Its {@code toString} never shows the password.
 *
 * @param role     the upstream role (PostgreSQL user name)
 * @param password the role's password; null for roles that log in by {@code trust}
 */
public record UpstreamCredential(String role, String password) {
    public UpstreamCredential {
        Objects.requireNonNull(role, "role");
    }

    @Override
    public String toString() {
        return "UpstreamCredential[role=" + role + ", password=***]";
    }
}
