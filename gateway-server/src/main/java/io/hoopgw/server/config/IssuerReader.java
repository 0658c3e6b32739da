package io.hoopgw.server.config;

import com.nimbusds.jose.JWSAlgorithm;
import io.hoopgw.core.auth.TrustedIssuer;
import io.hoopgw.core.auth.TrustedIssuer.ClaimMapping;
import io.hoopgw.server.config.Section.Element;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reads {@code issuers} into {@link TrustedIssuer}s. */
final class IssuerReader {
    private static final List<String> KEYS = List.of("issuer", "audience", "jwksUri", "jwksFile", "groupsClaim",
            "claimMappings", "algorithms", "clockSkew");
    private static final List<String> MAPPING_KEYS = List.of("claim", "value", "group");

    /** Asymmetric signature algorithms only: HMAC would need a shared secret, {@code none} proves nothing. */
    private static final Set<String> SIGNATURE_ALGORITHMS = new TreeSet<>();

    static {
        JWSAlgorithm.Family.SIGNATURE.forEach(algorithm -> SIGNATURE_ALGORITHMS.add(algorithm.getName()));
    }

    private IssuerReader() {
    }

    static List<TrustedIssuer> read(Section root) {
        ReadContext context = root.context();
        List<TrustedIssuer> issuers = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (Element element : root.list("issuers", true)) {
            Section section = Section.of(context, element.path(), element.node(), KEYS);
            if (section == null) {
                continue;
            }
            int before = context.problemCount();
            String issuer = section.requiredString("issuer");
            String audience = section.requiredString("audience");
            URI jwksUri = readJwksUri(section);
            Path jwksFile = section.file("jwksFile", false);
            if (section.has("jwksUri") && section.has("jwksFile")) {
                context.problem(element.path(), "give jwksUri or jwksFile, not both");
            }
            if (issuer != null && !section.has("jwksUri") && !section.has("jwksFile")) {
                String problem = Hosts.unfetchableUrl(issuer);
                if (problem != null) {
                    context.problem(section.keyPath("issuer"), problem
                            + " to be used for OIDC discovery; or give jwksUri or jwksFile");
                }
            }
            String groupsClaim = section.string("groupsClaim");
            List<ClaimMapping> mappings = readClaimMappings(section);
            if (!section.has("groupsClaim") && !section.has("claimMappings")) {
                context.problem(element.path(), "give groupsClaim or claimMappings:"
                        + " without either, no identity from this issuer has a group a grant could name");
            }
            Set<String> algorithms = readAlgorithms(section);
            Duration clockSkew = section.duration("clockSkew", TrustedIssuer.DEFAULT_CLOCK_SKEW, Duration.ZERO);
            if (issuer != null) {
                String previous = seen.putIfAbsent(issuer, element.path());
                if (previous != null) {
                    context.problem(section.keyPath("issuer"), "is already configured at " + previous);
                }
            }
            if (context.problemCount() == before) {
                issuers.add(new TrustedIssuer(issuer, audience, jwksUri, jwksFile, groupsClaim, mappings,
                        algorithms, clockSkew));
            }
        }
        return issuers;
    }

    private static URI readJwksUri(Section section) {
        String text = section.string("jwksUri");
        if (text == null) {
            return null;
        }
        String problem = Hosts.unfetchableUrl(text);
        if (problem != null) {
            section.context().problem(section.keyPath("jwksUri"), problem);
            return null;
        }
        return URI.create(text);
    }

    private static List<ClaimMapping> readClaimMappings(Section issuer) {
        List<ClaimMapping> mappings = new ArrayList<>();
        for (Element element : issuer.list("claimMappings", false)) {
            Section section = Section.of(issuer.context(), element.path(), element.node(), MAPPING_KEYS);
            if (section == null) {
                continue;
            }
            String claim = section.requiredString("claim");
            String value = section.requiredString("value");
            String group = section.requiredString("group");
            if (claim != null && value != null && group != null) {
                mappings.add(new ClaimMapping(claim, value, group));
            }
        }
        return mappings;
    }

    private static Set<String> readAlgorithms(Section issuer) {
        Set<String> algorithms = new LinkedHashSet<>();
        for (Element element : issuer.list("algorithms", false)) {
            String key = element.path();
            if (!element.node().isTextual()) {
                issuer.context().problem(key, "must be an algorithm name, not " + Section.describe(element.node()));
                continue;
            }
            String name = element.node().asText();
            if (name.startsWith("HS")) {
                issuer.context().problem(key, "HMAC algorithms are never accepted: they need a shared secret");
            } else if (name.equalsIgnoreCase("none")) {
                issuer.context().problem(key, "'none' is never accepted: unsigned tokens prove nothing");
            } else if (!SIGNATURE_ALGORITHMS.contains(name)) {
                issuer.context().problem(key, "unknown algorithm '" + name + "' (expected one of: "
                        + String.join(", ", SIGNATURE_ALGORITHMS) + ")");
            } else {
                algorithms.add(name);
            }
        }
        return algorithms;
    }
}
