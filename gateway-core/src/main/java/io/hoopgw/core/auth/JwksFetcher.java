package io.hoopgw.core.auth;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.ResourceRetriever;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.Map;

/**
 * Obtains an issuer's current JWKS from wherever its configuration says: a JWKS URL, a local file, or the
 * {@code jwks_uri} named by its OIDC discovery document. Stateless; {@link JwksCache} decides when to call it.
 */
final class JwksFetcher {
    static final String DISCOVERY_PATH = "/.well-known/openid-configuration";

    private final ResourceRetriever http;
    private final int maxBytes;

    /**
     * @param http     retriever with connect/read timeouts and a size limit already set
     * @param maxBytes the same size limit, applied to local JWKS files
     */
    JwksFetcher(ResourceRetriever http, int maxBytes) {
        this.http = http;
        this.maxBytes = maxBytes;
    }

    /**
     * Fetches and parses the issuer's key set; blocks on I/O.
     *
     * @throws KeysUnavailableException naming the issuer and the location that failed
     */
    JWKSet fetch(TrustedIssuer issuer) {
        if (issuer.jwksFile() != null) {
            return parse(issuer, readFile(issuer, issuer.jwksFile()), issuer.jwksFile().toString());
        }
        URI location = issuer.jwksUri() != null ? issuer.jwksUri() : discoverJwksUri(issuer);
        return parse(issuer, get(issuer, location), location.toString());
    }

    private URI discoverJwksUri(TrustedIssuer issuer) {
        URI discovery = discoveryUri(issuer.issuer());
        Map<String, Object> document;
        try {
            document = JSONObjectUtils.parse(get(issuer, discovery));
        } catch (ParseException e) {
            throw new KeysUnavailableException(
                    "issuer " + issuer.issuer() + ": discovery document at " + discovery + " is not JSON", e);
        }
        try {
            // OpenID Connect Discovery 1.0, section 4.3: the document must name the issuer it was fetched for,
            // otherwise a misconfigured or hostile document could hand us another issuer's keys.
            String named = JSONObjectUtils.getString(document, "issuer");
            if (!issuer.issuer().equals(named)) {
                throw new KeysUnavailableException("issuer " + issuer.issuer() + ": discovery document at "
                        + discovery + " names issuer " + Rejections.quote(named));
            }
            String jwksUri = JSONObjectUtils.getString(document, "jwks_uri");
            if (jwksUri == null) {
                throw new KeysUnavailableException(
                        "issuer " + issuer.issuer() + ": discovery document at " + discovery + " has no jwks_uri");
            }
            return new URI(jwksUri);
        } catch (ParseException | URISyntaxException e) {
            throw new KeysUnavailableException("issuer " + issuer.issuer() + ": discovery document at " + discovery
                    + " has a malformed issuer or jwks_uri", e);
        }
    }

    /** Discovery URL for an issuer: a terminating slash is removed before the well-known path is appended. */
    static URI discoveryUri(String issuer) {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        return URI.create(base + DISCOVERY_PATH);
    }

    private String get(TrustedIssuer issuer, URI location) {
        try {
            return http.retrieveResource(location.toURL()).getContent();
        } catch (IOException | IllegalArgumentException e) {
            throw new KeysUnavailableException(
                    "issuer " + issuer.issuer() + ": cannot fetch " + location + ": " + e.getMessage(), e);
        }
    }

    private String readFile(TrustedIssuer issuer, Path file) {
        try {
            if (Files.size(file) > maxBytes) {
                throw new KeysUnavailableException(
                        "issuer " + issuer.issuer() + ": JWKS file " + file + " exceeds " + maxBytes + " bytes");
            }
            return Files.readString(file);
        } catch (IOException e) {
            throw new KeysUnavailableException(
                    "issuer " + issuer.issuer() + ": cannot read JWKS file " + file + ": " + e.getMessage(), e);
        }
    }

    private static JWKSet parse(TrustedIssuer issuer, String json, String location) {
        try {
            // Public keys only: this also drops symmetric ("oct") keys, which must never verify a token.
            return JWKSet.parse(json).toPublicJWKSet();
        } catch (ParseException e) {
            throw new KeysUnavailableException(
                    "issuer " + issuer.issuer() + ": " + location + " is not a valid JWK set", e);
        }
    }
}
