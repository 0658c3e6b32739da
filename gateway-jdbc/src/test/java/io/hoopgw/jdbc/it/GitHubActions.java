package io.hoopgw.jdbc.it;

import com.nimbusds.jwt.JWTClaimsSet;
import io.hoopgw.jdbc.testing.ActionsTokenServer;
import io.hoopgw.server.devidp.DevIdentityProvider;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * GitHub Actions' side of a CI job's login: an OIDC issuer on loopback standing in for
 * {@code token.actions.githubusercontent.com}, and the job's token endpoint, which mints tokens shaped like
 * GitHub's (no groups; {@code repository}, {@code ref} and a {@code repo:...} subject) for the audience each request
 * names. The gateway is told to trust the issuer and to map the repository to a group, as a real deployment would.
 */
final class GitHubActions implements AutoCloseable {
    static final String REPOSITORY = "octo/app";
    static final String SUBJECT = "repo:" + REPOSITORY + ":ref:refs/heads/main";
    /** The audience the gateway expects, and the driver's default {@code githubAudience}. */
    static final String AUDIENCE = "hoopgw";
    private static final String REQUEST_TOKEN = "actions-runtime-request-token";

    private final DevIdentityProvider issuer;
    private final ActionsTokenServer endpoint;

    private GitHubActions(DevIdentityProvider issuer, ActionsTokenServer endpoint) {
        this.issuer = issuer;
        this.endpoint = endpoint;
    }

    /** Starts the issuer and the token endpoint; tokens live {@code lifetime} from the real clock's now. */
    static GitHubActions start(Duration lifetime) throws IOException {
        DevIdentityProvider issuer = DevIdentityProvider.start();
        try {
            ActionsTokenServer endpoint = new ActionsTokenServer(REQUEST_TOKEN, audience -> {
                Instant now = Instant.now();
                return issuer.minter().sign(new JWTClaimsSet.Builder()
                        .issuer(issuer.issuer())
                        .subject(SUBJECT)
                        .audience(audience)
                        .claim("repository", REPOSITORY)
                        .claim("ref", "refs/heads/main")
                        .issueTime(Date.from(now))
                        .notBeforeTime(Date.from(now))
                        .expirationTime(Date.from(now.plus(lifetime)))
                        .jwtID(UUID.randomUUID().toString())
                        .build());
            });
            return new GitHubActions(issuer, endpoint);
        } catch (IOException | RuntimeException e) {
            issuer.close();
            throw e;
        }
    }

    /** The gateway's trusted-issuer entry: this issuer, audience {@value #AUDIENCE}, the repository as a group. */
    String trustedIssuerYaml(String group) {
        return "{issuer: \"" + issuer.issuer() + "\", audience: " + AUDIENCE
                + ", claimMappings: [{claim: repository, value: " + REPOSITORY + ", group: " + group + "}]}";
    }

    /** The variables GitHub sets in a job granted {@code permissions: id-token: write}. */
    Map<String, String> jobEnvironment() {
        return Map.of("ACTIONS_ID_TOKEN_REQUEST_URL", endpoint.requestUrl(),
                "ACTIONS_ID_TOKEN_REQUEST_TOKEN", REQUEST_TOKEN);
    }

    /** The query parameters of each token request so far. */
    List<Map<String, String>> requests() {
        return endpoint.requests();
    }

    @Override
    public void close() {
        endpoint.close();
        issuer.close();
    }
}
