package io.hoopgw.core.auth;

import static io.hoopgw.core.auth.Rejections.reject;

import io.hoopgw.core.auth.TokenRejectedException.FailedCheck;
import io.hoopgw.core.auth.TrustedIssuer.ClaimMapping;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Derives an identity's gateway groups from verified claims: the issuer's groups claim plus every
 * {@link ClaimMapping} that matches.
 *
 * <p>A claim path is split at dots only ({@code cognito:groups} is one name, {@code realm_access.roles} two). A
 * top-level claim whose name is the whole path wins over the split, so namespaced claims such as
 * {@code https://example.com/roles} (Auth0) can be named too.
 */
final class GroupMapper {
    private GroupMapper() {
    }

    /**
     * The groups for these claims.
     *
     * @throws TokenRejectedException {@code MISSING_CLAIM} when the issuer has a groups claim and the token carries
     *                                neither it nor a claim any mapping matches, or carries it with the wrong type
     */
    static Set<String> groups(Map<String, Object> claims, TrustedIssuer issuer) throws TokenRejectedException {
        Set<String> groups = new LinkedHashSet<>();
        boolean groupsClaimPresent = false;
        if (issuer.groupsClaim() != null) {
            Object value = resolve(claims, issuer.groupsClaim());
            if (value != null) {
                List<String> names = strings(value);
                if (names == null) {
                    throw reject(FailedCheck.MISSING_CLAIM, issuer.issuer(), "claim " + issuer.groupsClaim()
                            + " is neither a string nor an array of strings");
                }
                groupsClaimPresent = true;
                names.stream().filter(group -> !group.isBlank()).forEach(groups::add);
            }
        }
        boolean mapped = false;
        for (ClaimMapping mapping : issuer.claimMappings()) {
            if (matches(resolve(claims, mapping.claim()), mapping.value())) {
                groups.add(mapping.group());
                mapped = true;
            }
        }
        if (issuer.groupsClaim() != null && !groupsClaimPresent && !mapped) {
            throw reject(FailedCheck.MISSING_CLAIM, issuer.issuer(), "token has no " + issuer.groupsClaim()
                    + " claim and matches no claim mapping");
        }
        return groups;
    }

    /** The value at a dot path, or null when any step is missing or not an object. */
    static Object resolve(Map<String, Object> claims, String path) {
        if (claims.containsKey(path)) {
            return claims.get(path);
        }
        Object current = claims;
        for (String step : path.split("\\.", -1)) {
            if (!(current instanceof Map<?, ?> object)) {
                return null;
            }
            current = object.get(step);
        }
        return current;
    }

    /** A string or an array of strings as a list; null for any other shape. */
    private static List<String> strings(Object value) {
        if (value instanceof String single) {
            return List.of(single);
        }
        if (value instanceof List<?> array && array.stream().allMatch(String.class::isInstance)) {
            return array.stream().map(String.class::cast).toList();
        }
        return null;
    }

    /** Whether a claim (a string, or any element of an array of strings) matches a mapping's value pattern. */
    private static boolean matches(Object claim, String pattern) {
        List<String> values = claim == null ? null : strings(claim);
        if (values == null) {
            return false;
        }
        if (pattern.endsWith("*")) {
            String prefix = pattern.substring(0, pattern.length() - 1);
            return values.stream().anyMatch(value -> value.startsWith(prefix));
        }
        return values.contains(pattern);
    }
}
