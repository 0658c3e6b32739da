package io.hoopgw.core.auth;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * An identity provider whose tokens the gateway accepts.
 *
 * <p>Keys come from exactly one of: {@code jwksUri}, {@code jwksFile}, or, when both are null, OIDC discovery at
 * {@code issuer + "/.well-known/openid-configuration"}.
 *
 * @param issuer            the exact {@code iss} value
 * @param audience          a value the token's {@code aud} must contain
 * @param jwksUri           where to fetch the issuer's JWKS, or null
 * @param jwksFile          a local JWKS file (air-gapped setups, benchmarks), or null
 * @param groupsClaim       path to the groups claim, dot-separated ({@code groups}, {@code realm_access.roles},
 *                          {@code cognito:groups}); null when groups come only from {@code claimMappings}
 * @param claimMappings     claim values that add gateway groups (e.g. a GitHub Actions {@code repository})
 * @param allowedAlgorithms JWS algorithm names accepted from this issuer; never HMAC or {@code none}
 * @param clockSkew         tolerance for {@code exp}, {@code nbf} and {@code iat}
 */
public record TrustedIssuer(
        String issuer,
        String audience,
        URI jwksUri,
        Path jwksFile,
        String groupsClaim,
        List<ClaimMapping> claimMappings,
        Set<String> allowedAlgorithms,
        Duration clockSkew) {

    /** The algorithms accepted when a configuration names none. */
    public static final Set<String> DEFAULT_ALGORITHMS =
            Set.of("RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EdDSA");

    /** The clock skew used when a configuration names none. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);

    public TrustedIssuer {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(audience, "audience");
        if (jwksUri != null && jwksFile != null) {
            throw new IllegalArgumentException("issuer " + issuer + ": give jwksUri or jwksFile, not both");
        }
        claimMappings = claimMappings == null ? List.of() : List.copyOf(claimMappings);
        allowedAlgorithms = allowedAlgorithms == null || allowedAlgorithms.isEmpty()
                ? DEFAULT_ALGORITHMS : Set.copyOf(allowedAlgorithms);
        for (String algorithm : allowedAlgorithms) {
            // A shared-secret or unsigned algorithm would let anyone holding the public JWKS mint tokens.
            if (algorithm.equalsIgnoreCase("none") || algorithm.toUpperCase(Locale.ROOT).startsWith("HS")) {
                throw new IllegalArgumentException(
                        "issuer " + issuer + ": algorithm " + algorithm + " is not allowed; use an asymmetric one");
            }
        }
        clockSkew = clockSkew == null ? DEFAULT_CLOCK_SKEW : clockSkew;
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("issuer " + issuer + ": clock skew must not be negative");
        }
    }

    /**
     * Adds {@code group} to an identity whose token's claim at {@code claim} (a dot path) equals {@code value},
     * or, when {@code value} ends in {@code *}, starts with the part before it.
     */
    public record ClaimMapping(String claim, String value, String group) {
        public ClaimMapping {
            Objects.requireNonNull(claim, "claim");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(group, "group");
        }
    }
}
