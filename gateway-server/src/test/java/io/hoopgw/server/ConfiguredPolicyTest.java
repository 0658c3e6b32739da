package io.hoopgw.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hoopgw.core.policy.PolicyRule;
import io.hoopgw.server.config.ConfigLoader;
import io.hoopgw.server.config.GatewayConfig;
import io.hoopgw.server.policy.PolicySource;
import io.hoopgw.server.policy.ReloadingPolicySource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code policy} section gives the gateway's sessions a policy source: fixed for inline rules, reloading for a
 * policy file, whose watcher the gateway owns and stops when it closes.
 */
class ConfiguredPolicyTest {
    private static final String RULES = """
            rules:
              - {name: readers, groups: [analysts], targets: ["*"], readOnly: true, allow: {classes: [read]}}
            """;

    @TempDir
    Path dir;

    private GatewayConfig config(String policy) throws Exception {
        return ConfigLoader.withEnvironment(Map.<String, String>of()::get).read("""
                listeners: [{host: 127.0.0.1, port: 0, allowPlaintext: true}]
                issuers: [{issuer: https://idp.example.com, audience: hoopgw, groupsClaim: groups}]
                targets:
                  main: {host: 127.0.0.1, tls: {mode: disable}, defaultRole: app, roles: {app: {}}}
                grants: [{name: all, groups: [analysts], targets: [main], roles: [app]}]
                """ + policy, "test.yaml", dir);
    }

    private static boolean watcherRunning() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.getName().equals("hoopgw-policy-reload") && thread.isAlive());
    }

    @Test
    void inlineRulesGiveAFixedSource() throws Exception {
        try (ConfiguredControls controls = ConfiguredControls.open(config("policy:\n"
                + RULES.lines().map(line -> "  " + line + "\n").reduce("", String::concat)))) {
            PolicySource source = controls.controls().policy().orElseThrow();

            assertThat(source).isNotInstanceOf(ReloadingPolicySource.class);
            assertThat(source.current().policy().rules()).extracting(PolicyRule::name).containsExactly("readers");
            assertThat(source.current().readOnly(Set.of("analysts"), "main")).isTrue();
            assertThat(controls.controls().any()).isTrue();
        }
    }

    @Test
    void aPolicyFileGivesAReloadingSourceThatStopsWithTheControls() throws Exception {
        Files.writeString(dir.resolve("policy.yaml"), RULES);
        ConfiguredControls controls = ConfiguredControls.open(config("policy: {file: policy.yaml}\n"));
        ReloadingPolicySource source = (ReloadingPolicySource) controls.controls().policy().orElseThrow();

        assertThat(source.file()).isEqualTo(dir.resolve("policy.yaml").toAbsolutePath());
        assertThat(source.current().policy().rules()).extracting(PolicyRule::name).containsExactly("readers");
        assertThat(watcherRunning()).isTrue();

        controls.close();

        long deadline = System.nanoTime() + 10_000_000_000L;
        while (watcherRunning() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(watcherRunning()).isFalse();
    }

    @Test
    void aPolicyFileBrokenAfterTheConfigurationWasReadStopsTheStart() throws Exception {
        Path file = Files.writeString(dir.resolve("policy.yaml"), RULES);
        GatewayConfig config = config("policy: {file: policy.yaml}\n");
        Files.writeString(file, "rules: 1\n");

        assertThatThrownBy(() -> ConfiguredControls.open(config)).isInstanceOf(IOException.class)
                .hasMessageContaining("policy.yaml: rules: must be a list");
        assertThat(watcherRunning()).isFalse();
    }

    @Test
    void withoutAPolicySectionNothingIsDecided() throws Exception {
        try (ConfiguredControls controls = ConfiguredControls.open(config(""))) {
            assertThat(controls.controls().policy()).isEmpty();
        }
    }
}
