package io.hoopgw.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.core.auth.Identity;
import io.hoopgw.server.access.AccessDecision.Granted;
import io.hoopgw.server.access.AccessDecision.Refused;
import io.hoopgw.server.config.ConfigLoader;
import io.hoopgw.server.config.GatewayConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GrantResolverTest {
    private static final String CONFIG = """
            listeners: [{host: 127.0.0.1, port: 6432, allowPlaintext: true}]
            issuers: [{issuer: 'https://idp.example.com', audience: hoopgw, groupsClaim: groups}]
            targets:
              orders:
                host: db.internal
                tls: {mode: disable}
                defaultRole: app_ro
                roles:
                  app_ro: {password: {value: ro-pw}}
                  app_rw: {password: {value: rw-pw}}
              secret_hr:
                host: hr.internal
                tls: {mode: disable}
                roles:
                  hr_reader: {password: {value: hr-pw}}
            grants:
              - {name: analysts-read, groups: [analysts], targets: [orders], roles: [app_ro]}
              - {name: ci-write, groups: [ci], targets: [orders], roles: [app_rw]}
              - {name: ci-read, groups: [ci], targets: [orders], roles: [app_ro]}
              - {name: hr, groups: [hr], targets: [secret_hr], roles: [hr_reader]}
              - {name: dba-everything, groups: [dba], targets: ['*'], roles: ['*']}
            """;

    private final GrantResolver resolver = new GrantResolver(load(CONFIG));

    private static GatewayConfig load(String yaml) {
        try {
            return ConfigLoader.withEnvironment(Map.<String, String>of()::get).read(yaml, "test.yaml", Path.of(""));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Identity member(String... groups) {
        return new Identity("alice@example.com", "https://idp.example.com", Set.of(groups), "jti-1",
                Instant.now().plusSeconds(300));
    }

    private static Granted granted(AccessDecision decision) {
        assertThat(decision).isInstanceOf(Granted.class);
        return (Granted) decision;
    }

    private static String refusal(AccessDecision decision) {
        assertThat(decision).isInstanceOf(Refused.class);
        return ((Refused) decision).reason();
    }

    @Test
    void anEmptyOrAbsentUserGetsTheDefaultRole() {
        for (String user : new String[] {"", null}) {
            Granted decision = granted(resolver.resolve(member("analysts"), "orders", user));

            assertThat(decision.target().name()).isEqualTo("orders");
            assertThat(decision.role()).isEqualTo("app_ro");
            assertThat(decision.grantName()).isEqualTo("analysts-read");
            assertThat(decision.password().reveal()).isEqualTo("ro-pw");
        }
    }

    @Test
    void aUserNamingARoleGetsThatRole() {
        Granted decision = granted(resolver.resolve(member("ci"), "orders", "app_rw"));

        assertThat(decision.role()).isEqualTo("app_rw");
        assertThat(decision.grantName()).isEqualTo("ci-write");
        assertThat(decision.password().reveal()).isEqualTo("rw-pw");
    }

    @Test
    void theFirstMatchingGrantIsCited() {
        assertThat(granted(resolver.resolve(member("ci", "analysts"), "orders", "app_ro")).grantName())
                .isEqualTo("analysts-read");
        assertThat(granted(resolver.resolve(member("ci"), "orders", "app_ro")).grantName()).isEqualTo("ci-read");
    }

    @Test
    void wildcardGrantsCoverEveryTargetAndRole() {
        assertThat(granted(resolver.resolve(member("dba"), "secret_hr", "hr_reader")).grantName())
                .isEqualTo("dba-everything");
        assertThat(granted(resolver.resolve(member("dba"), "orders", "app_rw")).role()).isEqualTo("app_rw");
    }

    @Test
    void aUserThatIsNotARoleIsRefused() {
        assertThat(refusal(resolver.resolve(member("analysts"), "orders", "alice@example.com")))
                .isEqualTo("no role named 'alice@example.com' on target 'orders': set the user to the name of a"
                        + " role, or leave it empty for the default role");
        assertThat(refusal(resolver.resolve(member("hr"), "secret_hr", "alice")))
                .isEqualTo("no role named 'alice' on target 'secret_hr': set the user to the name of a role");
        assertThat(refusal(resolver.resolve(member("analysts"), "orders", "APP_RO")))
                .isEqualTo("no role named 'APP_RO' on target 'orders': set the user to the name of a role, or leave"
                        + " it empty for the default role");
    }

    @Test
    void aTargetWithoutADefaultRoleNeedsAUser() {
        assertThat(refusal(resolver.resolve(member("hr"), "secret_hr", "")))
                .isEqualTo("target 'secret_hr' has no default role: set the user to the name of a role");
    }

    @Test
    void aRoleWithoutAGrantIsRefusedNamingTheGroups() {
        assertThat(refusal(resolver.resolve(member("analysts", "staff"), "orders", "app_rw")))
                .isEqualTo("groups [analysts, staff] have no grant for role 'app_rw' on target 'orders'");
        assertThat(refusal(resolver.resolve(member("analysts"), "secret_hr", "hr_reader")))
                .isEqualTo("groups [analysts] have no grant for role 'hr_reader' on target 'secret_hr'");
    }

    @Test
    void anIdentityWithoutGroupsIsRefused() {
        assertThat(refusal(resolver.resolve(member(), "orders", "")))
                .isEqualTo("the identity has no groups, so no grant for role 'app_ro' on target 'orders' applies");
    }

    @Test
    void unknownTargetsAreRefusedWithoutNamingOthers() {
        String reason = refusal(resolver.resolve(member("analysts"), "billing", ""));

        assertThat(reason).isEqualTo("no target named 'billing'");
        assertThat(reason).doesNotContain("orders", "secret_hr");
        assertThat(refusal(resolver.resolve(member("analysts"), "Orders", ""))).isEqualTo("no target named 'Orders'");
    }

    @Test
    void aMissingTargetIsRefused() {
        assertThat(refusal(resolver.resolve(member("analysts"), "", "app_ro")))
                .isEqualTo("no target given: set the database to the name of a target");
        assertThat(refusal(resolver.resolve(member("analysts"), null, "app_ro")))
                .isEqualTo("no target given: set the database to the name of a target");
    }

    @Test
    void withoutGrantsEverythingIsRefused() {
        GrantResolver none = new GrantResolver(load(CONFIG.substring(0, CONFIG.indexOf("grants:"))));

        assertThat(refusal(none.resolve(member("dba"), "orders", "")))
                .isEqualTo("groups [dba] have no grant for role 'app_ro' on target 'orders'");
    }
}
