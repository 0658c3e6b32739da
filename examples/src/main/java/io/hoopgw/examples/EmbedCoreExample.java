package io.hoopgw.examples;

import io.hoopgw.core.auth.Identity;
import io.hoopgw.core.auth.OidcTokenVerifier;
import io.hoopgw.core.auth.TokenRejectedException;
import io.hoopgw.core.auth.TokenVerifier;
import io.hoopgw.core.auth.TrustedIssuer;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Embedding gateway-core: verify an identity token in-process, with the same verifier the gateway runs, against a
 * JWKS file, so no network is needed. Useful to check a token before deploying a configuration, in a service that
 * wants the gateway's checks without a gateway, or in an air-gapped setup.
 *
 * <p>gateway-core has no sockets and no threads of its own; this example uses its token verification. As
 * gateway-core gains statement classification and the policy engine, the same embedding checks a statement against
 * a policy for the identity verified here.
 *
 * <pre>
 * HOOPGW_TOKEN=... java -cp examples/target/examples-all.jar io.hoopgw.examples.EmbedCoreExample \
 *   jwks.json https://idp.example.com hoopgw
 * </pre>
 */
public final class EmbedCoreExample {
    private static final String USAGE = "EmbedCoreExample <jwks.json> <issuer> <audience> [groupsClaim]"
            + "  (the token is read from HOOPGW_TOKEN)";
    /** The claim groups are read from when none is given. */
    public static final String DEFAULT_GROUPS_CLAIM = "groups";

    private EmbedCoreExample() {
    }

    /**
     * Verifies the token in {@code HOOPGW_TOKEN} and prints its identity; prints why and exits with status 1 when
     * it is rejected.
     */
    public static void main(String[] args) {
        if (args.length < 3 || args.length > 4) {
            throw new IllegalArgumentException("usage: " + USAGE);
        }
        String token = System.getenv("HOOPGW_TOKEN");
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("set HOOPGW_TOKEN to the token to verify\nusage: " + USAGE);
        }
        TokenVerifier verifier = verifier(Path.of(args[0]), args[1], args[2],
                args.length == 4 ? args[3] : DEFAULT_GROUPS_CLAIM);
        try {
            Identity identity = verifier.verify(token.trim());
            System.out.println("subject: " + identity.subject());
            System.out.println("issuer:  " + identity.issuer());
            System.out.println("groups:  " + String.join(", ", new TreeSet<>(identity.groups())));
            System.out.println("expires: " + identity.expiresAt());
        } catch (TokenRejectedException e) {
            System.out.println("rejected (" + e.check() + "): " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * A verifier that trusts one issuer whose keys are in {@code jwksFile}. It reads the file when it first needs
     * the keys and makes no network requests.
     *
     * @param issuer      the exact {@code iss} the tokens carry
     * @param audience    a value their {@code aud} must contain
     * @param groupsClaim the claim holding the caller's groups ({@code groups}, {@code realm_access.roles}, ...)
     */
    public static TokenVerifier verifier(Path jwksFile, String issuer, String audience, String groupsClaim) {
        TrustedIssuer trusted = new TrustedIssuer(issuer, audience, null, jwksFile, groupsClaim, List.of(),
                Set.of(), null);
        return OidcTokenVerifier.builder(List.of(trusted)).build();
    }
}
