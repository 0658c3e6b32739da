package io.hoopgw.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.core.auth.TrustedIssuer.ClaimMapping;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Claim paths and claim-to-group mappings on verified claim maps. */
class GroupMapperTest {
    private static TrustedIssuer mappingOnly(ClaimMapping... mappings) {
        return new TrustedIssuer("https://idp.example", "hoopgw", null, null, null, List.of(mappings), null, null);
    }

    @Test
    void resolvesDotPathsAndLiteralNames() {
        Map<String, Object> claims = Map.of(
                "realm_access", Map.of("roles", List.of("dba")),
                "cognito:groups", List.of("readers"),
                "a.b", "literal");

        assertThat(GroupMapper.resolve(claims, "realm_access.roles")).isEqualTo(List.of("dba"));
        assertThat(GroupMapper.resolve(claims, "cognito:groups")).isEqualTo(List.of("readers"));
        assertThat(GroupMapper.resolve(claims, "a.b")).isEqualTo("literal");
        assertThat(GroupMapper.resolve(claims, "realm_access.roles.extra")).isNull();
        assertThat(GroupMapper.resolve(claims, "realm_access.")).isNull();
        assertThat(GroupMapper.resolve(claims, "missing.path")).isNull();
    }

    @Test
    void prefixMappingsMatchOnlyTheirPrefix() throws TokenRejectedException {
        TrustedIssuer issuer = mappingOnly(new ClaimMapping("ref", "refs/heads/release/*", "release"),
                new ClaimMapping("ref", "refs/heads/main", "main"));

        assertThat(GroupMapper.groups(Map.of("ref", "refs/heads/release/1.2"), issuer)).containsExactly("release");
        assertThat(GroupMapper.groups(Map.of("ref", "refs/heads/main"), issuer)).containsExactly("main");
        assertThat(GroupMapper.groups(Map.of("ref", "refs/heads/main2"), issuer)).isEmpty();
        assertThat(GroupMapper.groups(Map.of("ref", "refs/heads/releases"), issuer)).isEmpty();
        assertThat(GroupMapper.groups(Map.of("ref", 5), issuer)).isEmpty();
    }

    @Test
    void mappingsMatchAnyElementOfAnArrayClaim() throws TokenRejectedException {
        TrustedIssuer issuer = mappingOnly(new ClaimMapping("amr", "mfa", "strong-auth"));

        assertThat(GroupMapper.groups(Map.of("amr", List.of("pwd", "mfa")), issuer)).containsExactly("strong-auth");
        assertThat(GroupMapper.groups(Map.of("amr", List.of("pwd")), issuer)).isEmpty();
    }
}
