package io.hoopgw.core.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * Who a verified token says the caller is. Never holds the token itself.
 *
 * @param subject   the token's {@code sub}
 * @param issuer    the token's {@code iss}, one of the trusted issuers
 * @param groups    the gateway groups: the groups claim plus any claim-to-group mappings, never null
 * @param tokenId   the token's {@code jti}, or null when absent
 * @param expiresAt the token's {@code exp}
 */
public record Identity(String subject, String issuer, Set<String> groups, String tokenId, Instant expiresAt) {
    public Identity {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(issuer, "issuer");
        groups = Set.copyOf(groups);
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
