package io.hoopgw.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.jwk.JWK;
import io.hoopgw.audit.AuditKeys;
import io.hoopgw.audit.schema.CaptureMode;
import io.hoopgw.core.auth.TrustedIssuer;
import io.hoopgw.server.config.ListenerConfig.PemFiles;
import io.hoopgw.server.config.ListenerConfig.SelfSigned;
import io.hoopgw.server.tls.UpstreamTlsMode;
import io.hoopgw.server.upstream.UpstreamAuthMethod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final Map<String, String> ENV = Map.of(
            "ORDERS_RO_PASSWORD", "ro-secret-from-env",
            "EMPTY_VAR", "");

    /** The smallest valid configuration; each error test changes one thing in it. */
    private static final String MINIMAL = """
            listeners:
              - host: 127.0.0.1
                port: 6432
                allowPlaintext: true
            issuers:
              - issuer: https://idp.example.com
                audience: hoopgw
                groupsClaim: groups
            targets:
              orders:
                host: db.internal
                tls: {mode: disable}
                defaultRole: app_ro
                roles:
                  app_ro: {password: {env: ORDERS_RO_PASSWORD}}
                  app_rw: {password: {value: rw-inline-secret}}
            grants:
              - name: analysts-read
                groups: [analysts]
                targets: [orders]
                roles: [app_ro]
            """;

    @TempDir
    Path dir;

    private GatewayConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.withEnvironment(ENV::get).read(yaml, "test.yaml", dir);
    }

    /** The problems {@code yaml} is rejected with, each formatted as the exception message prints it. */
    private List<String> problems(String yaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(yaml));
        assertThat(e.source()).isEqualTo("test.yaml");
        assertThat(e.getMessage().lines().toList())
                .isEqualTo(e.problems().stream().map(p -> p.format("test.yaml")).toList());
        return e.getMessage().lines().toList();
    }

    /** {@link #MINIMAL} with {@code from}, which must occur exactly once, replaced by {@code to}. */
    private static String minimalWith(String from, String to) {
        int at = MINIMAL.indexOf(from);
        assertThat(at).as("'%s' occurs in MINIMAL", from).isNotNegative();
        assertThat(MINIMAL.indexOf(from, at + 1)).as("'%s' occurs once in MINIMAL", from).isNegative();
        return MINIMAL.replace(from, to);
    }

    @Test
    void minimalConfigurationLoadsWithDefaults() throws Exception {
        GatewayConfig config = parse(MINIMAL);

        assertThat(config.listeners()).containsExactly(new ListenerConfig("127.0.0.1", 6432, null, true));
        TrustedIssuer issuer = config.issuers().get(0);
        assertThat(issuer.issuer()).isEqualTo("https://idp.example.com");
        assertThat(issuer.jwksUri()).isNull();
        assertThat(issuer.jwksFile()).isNull();
        assertThat(issuer.allowedAlgorithms()).isEqualTo(TrustedIssuer.DEFAULT_ALGORITHMS);
        assertThat(issuer.clockSkew()).isEqualTo(Duration.ofSeconds(30));
        TargetConfig orders = config.targets().get("orders");
        assertThat(orders.port()).isEqualTo(5432);
        assertThat(orders.database()).isEqualTo("orders");
        assertThat(orders.tls()).isEqualTo(new TargetConfig.TargetTls(UpstreamTlsMode.DISABLE, null));
        assertThat(orders.auth()).containsExactly(UpstreamAuthMethod.SCRAM_SHA_256);
        assertThat(orders.roles()).containsOnlyKeys("app_ro", "app_rw");
        assertThat(orders.roles().get("app_ro").password().reveal()).isEqualTo("ro-secret-from-env");
        assertThat(orders.roles().get("app_ro").password().origin()).isEqualTo("env ORDERS_RO_PASSWORD");
        assertThat(orders.roles().get("app_rw").password().origin()).isEqualTo("inline");
        assertThat(config.limits()).isEqualTo(LimitsConfig.DEFAULTS);
        assertThat(config.masking()).isEmpty();
        assertThat(config.audit()).isEmpty();
    }

    @Test
    void aRoleWithoutPasswordIsForTrustUpstreams() throws Exception {
        GatewayConfig config = parse(minimalWith("app_rw: {password: {value: rw-inline-secret}}", "app_rw: {}"));

        assertThat(config.targets().get("orders").roles().get("app_rw").password()).isNull();
    }

    @Test
    void theAnnotatedExampleLoads() throws Exception {
        Path copy = dir.resolve("gateway.yaml");
        try (var in = getClass().getResourceAsStream("/config/example.yaml")) {
            Files.copy(in, copy);
        }
        // The example's relative paths name files next to it; their content is checked by the TLS code, not here.
        Files.createDirectories(dir.resolve("tls"));
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("tls/gateway.crt"), "cert");
        Files.writeString(dir.resolve("tls/gateway.key"), "key");
        Files.writeString(dir.resolve("tls/upstream-ca.crt"), "ca");
        Files.writeString(dir.resolve("secrets/orders_rw"), "rw-from-file\n");
        Files.createDirectories(dir.resolve("keys"));
        JWK auditKey = AuditKeys.generate(AuditKeys.Algorithm.ED25519);
        AuditKeys.write(auditKey, dir.resolve("keys/audit-key.jwk"), dir.resolve("keys/audit-key.pub.jwk"));

        GatewayConfig config = ConfigLoader.withEnvironment(Map.of(
                "ORDERS_RO_PASSWORD", "ro", "ANALYTICS_REPORTER_PASSWORD", "rep",
                "MASK_HASH_KEY", "a-hash-key-of-32-random-characters")::get).read(copy);

        assertThat(config.listeners()).containsExactly(
                new ListenerConfig("0.0.0.0", 6432,
                        new PemFiles(dir.resolve("tls/gateway.crt"), dir.resolve("tls/gateway.key")), false),
                new ListenerConfig("127.0.0.1", 6433, null, true));
        assertThat(config.issuers()).extracting(TrustedIssuer::issuer).containsExactly(
                "https://idp.example.com/realms/acme", "https://token.actions.githubusercontent.com");
        TrustedIssuer idp = config.issuers().get(0);
        assertThat(idp.groupsClaim()).isEqualTo("groups");
        assertThat(idp.allowedAlgorithms()).containsExactlyInAnyOrder("RS256", "ES256");
        TrustedIssuer ci = config.issuers().get(1);
        assertThat(ci.groupsClaim()).isNull();
        assertThat(ci.jwksUri()).hasToString("https://token.actions.githubusercontent.com/.well-known/jwks");
        assertThat(ci.claimMappings()).containsExactly(
                new TrustedIssuer.ClaimMapping("repository", "acme/api", "ci"),
                new TrustedIssuer.ClaimMapping("repository", "acme/*", "ci-any"));

        assertThat(config.targets()).containsOnlyKeys("orders", "analytics");
        TargetConfig orders = config.targets().get("orders");
        assertThat(orders.host()).isEqualTo("db.internal");
        assertThat(orders.tls()).isEqualTo(
                new TargetConfig.TargetTls(UpstreamTlsMode.VERIFY_FULL, dir.resolve("tls/upstream-ca.crt")));
        assertThat(orders.defaultRole()).isEqualTo("app_ro");
        assertThat(orders.auth()).containsExactly(UpstreamAuthMethod.SCRAM_SHA_256);
        assertThat(orders.roles().get("app_rw").password().reveal()).isEqualTo("rw-from-file");
        TargetConfig analytics = config.targets().get("analytics");
        assertThat(analytics.defaultRole()).isNull();
        assertThat(analytics.tls().mode()).isEqualTo(UpstreamTlsMode.REQUIRE);
        assertThat(analytics.port()).isEqualTo(5432);
        assertThat(analytics.auth()).containsExactly(UpstreamAuthMethod.SCRAM_SHA_256, UpstreamAuthMethod.MD5);

        assertThat(config.grants()).extracting(GrantConfig::name)
                .containsExactly("analysts-read", "ci-migrations", "agents-read", "dba-everything");
        assertThat(config.grants().get(3).coversTarget("anything")).isTrue();
        assertThat(config.limits()).isEqualTo(LimitsConfig.DEFAULTS);
        MaskingSettings masking = config.masking().orElseThrow();
        assertThat(masking.rules().ruleNames()).containsExactly("cards", "emails", "ssns", "ibans", "employee-ids",
                "customer-ids", "birth-dates");
        assertThat(masking.catalogCacheTtl()).isEqualTo(MaskingSettings.DEFAULT_CATALOG_CACHE_TTL);
        assertThat(masking.catalogTimeout()).isEqualTo(MaskingSettings.DEFAULT_CATALOG_TIMEOUT);
        assertThat(config.audit()).contains(new AuditSettings(Path.of("/var/lib/hoopgw/audit"), "gw-1", auditKey,
                CaptureMode.ROWS, 100, 256 * 1024, 64 * 1024, 64 * 1024 * 1024, Duration.ofHours(1), 10_000,
                Duration.ofSeconds(10), 4096, true));
        PolicySettings policy = config.policy().orElseThrow();
        assertThat(policy.file()).isEmpty();
        assertThat(policy.policy().rules()).extracting(io.hoopgw.core.policy.PolicyRule::name).containsExactly(
                "dba-everything", "ci-migrations", "analysts-read-only", "agents-read-only",
                "no-dangerous-functions");
        assertThat(policy.policy().guardrails()).isEqualTo(io.hoopgw.core.policy.Guardrails.DEFAULT);
    }

    @Test
    void relativePathsAreResolvedAgainstTheConfigFilesDirectory() throws Exception {
        Path etc = Files.createDirectories(dir.resolve("etc/hoopgw"));
        Files.writeString(etc.resolve("rw.secret"), "from-file\r\n");
        Path file = etc.resolve("gateway.yaml");
        Files.writeString(file, minimalWith("{value: rw-inline-secret}", "{file: rw.secret}"));

        GatewayConfig config = ConfigLoader.withEnvironment(ENV::get).read(file);

        var password = config.targets().get("orders").roles().get("app_rw").password();
        assertThat(password.reveal()).isEqualTo("from-file");
        assertThat(password.origin()).isEqualTo("file " + etc.resolve("rw.secret"));
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> ConfigLoader.load(missing))
                .isInstanceOf(ConfigException.class)
                .hasMessage(missing + ": file not found");
    }

    @Test
    void syntaxErrorsGiveTheLineButNeverQuoteIt() {
        List<String> problems = problems(minimalWith("app_rw: {password: {value: rw-inline-secret}}",
                "app_rw: {password: {value: rw-inline-secret}"));

        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).startsWith("test.yaml: invalid YAML: line ").doesNotContain("rw-inline-secret");
        assertThat(problems("a: 'hunter2\n")).containsExactly(
                "test.yaml: invalid YAML: line 2, column 1: while scanning a quoted scalar: found unexpected end of"
                        + " stream");
    }

    @Test
    void duplicateKeysAreErrors() {
        assertThat(problems(minimalWith("    port: 6432\n", "    port: 6432\n    port: 6433\n")))
                .singleElement().asString()
                .startsWith("test.yaml: invalid YAML: line ")
                .contains("Duplicate field 'port'");
    }

    @Test
    void emptyAndNonMappingDocumentsAreRejected() {
        assertThat(problems("")).containsExactly("test.yaml: the configuration is empty");
        assertThat(problems("# only a comment\n")).containsExactly("test.yaml: the configuration is empty");
        assertThat(problems("- a\n- b\n")).containsExactly("test.yaml: must be a mapping (key: value pairs), not a list");
    }

    @Test
    void unknownKeysAreErrorsAtEveryLevel() {
        assertThat(problems(MINIMAL + "listner: []\n")).containsExactly(
                "test.yaml: listner: unknown key (expected one of: listeners, issuers, targets, grants, limits,"
                        + " masking, audit, policy)");
        assertThat(problems(minimalWith("allowPlaintext: true", "allowPlaintext: true\n    alowPlaintext: true")))
                .containsExactly("test.yaml: listeners[0].alowPlaintext: unknown key"
                        + " (expected one of: host, port, tls, allowPlaintext)");
        assertThat(problems(minimalWith("tls: {mode: disable}", "tls: {mode: disable, cafile: x}")))
                .containsExactly("test.yaml: targets.orders.tls.cafile: unknown key (expected one of: mode, caFile)");
        assertThat(problems(minimalWith("{password: {env: ORDERS_RO_PASSWORD}}",
                "{password: {env: ORDERS_RO_PASSWORD}, pasword: x}")))
                .containsExactly("test.yaml: targets.orders.roles.app_ro.pasword: unknown key"
                        + " (expected one of: password)");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        String yaml = minimalWith("port: 6432", "port: -1")
                .replace("audience: hoopgw", "audience: 12")
                .replace("targets: [orders]", "targets: [billing]");

        assertThat(problems(yaml)).containsExactly(
                "test.yaml: listeners[0].port: must be between 0 and 65535",
                "test.yaml: issuers[0].audience: must be a string, not a number (quote it: '12')",
                "test.yaml: grants[0].targets: no target named 'billing'");
    }

    @Test
    void listenerProblems() {
        assertThat(problems(minimalWith("port: 6432", "port: 65536")))
                .containsExactly("test.yaml: listeners[0].port: must be between 0 and 65535");
        assertThat(problems(minimalWith("port: 6432", "port: '6432'")))
                .containsExactly("test.yaml: listeners[0].port: must be a whole number between 0 and 65535,"
                        + " not a string");
        assertThat(problems(minimalWith("    port: 6432\n", "")))
                .containsExactly("test.yaml: listeners[0].port: is required");
        assertThat(problems(minimalWith("host: 127.0.0.1", "host: 'not a host'")))
                .containsExactly("test.yaml: listeners[0].host: 'not a host' is not an IP address or host name");
        assertThat(problems(minimalWith("allowPlaintext: true", "allowPlaintext: 'yes'")))
                .containsExactly("test.yaml: listeners[0].allowPlaintext: must be true or false, not a string");
        assertThat(problems(minimalWith("listeners:\n  - host: 127.0.0.1\n    port: 6432\n    allowPlaintext: true\n",
                "listeners: []\n")))
                .containsExactly("test.yaml: listeners: must have at least one entry");
        assertThat(problems(minimalWith("    allowPlaintext: true\n",
                "    allowPlaintext: true\n  - {host: 127.0.0.1, port: 6432, allowPlaintext: true}\n")))
                .containsExactly("test.yaml: listeners[1]: listens on the same host and port as listeners[0]");
    }

    @Test
    void plaintextIsOnlyForLoopback() {
        assertThat(problems(minimalWith("host: 127.0.0.1", "host: 0.0.0.0")))
                .containsExactly("test.yaml: listeners[0].allowPlaintext: is permitted only when host is a"
                        + " loopback address (127.0.0.1, ::1, localhost): tokens would cross the network in clear");
        assertThat(problems(minimalWith("    allowPlaintext: true\n", "").replace("host: 127.0.0.1", "host: 10.1.2.3")))
                .containsExactly("test.yaml: listeners[0].tls: is required: a listener on a non-loopback address"
                        + " must offer TLS");
        assertThat(problems(minimalWith("    allowPlaintext: true\n", "")))
                .containsExactly("test.yaml: listeners[0].tls: is required unless allowPlaintext is true");
    }

    @Test
    void plaintextIsAllowedOnEveryLoopbackSpelling() throws Exception {
        for (String host : List.of("localhost", "127.0.0.2", "::1", "'::1'")) {
            GatewayConfig config = parse(minimalWith("host: 127.0.0.1", "host: " + host));
            assertThat(config.listeners().get(0).allowPlaintext()).isTrue();
        }
    }

    @Test
    void listenerTlsForms() throws Exception {
        GatewayConfig selfSigned = parse(minimalWith("allowPlaintext: true", "tls: {selfSigned: true}")
                .replace("127.0.0.1", "0.0.0.0"));
        assertThat(selfSigned.listeners().get(0).tls()).isEqualTo(new SelfSigned());

        Files.writeString(dir.resolve("gw.crt"), "c");
        Files.writeString(dir.resolve("gw.key"), "k");
        GatewayConfig pem = parse(minimalWith("allowPlaintext: true", "tls: {certFile: gw.crt, keyFile: gw.key}"));
        assertThat(pem.listeners().get(0).tls()).isEqualTo(new PemFiles(dir.resolve("gw.crt"), dir.resolve("gw.key")));
        assertThat(pem.listeners().get(0).allowPlaintext()).isFalse();
    }

    @Test
    void listenerTlsProblems() throws IOException {
        Files.writeString(dir.resolve("gw.crt"), "c");
        assertThat(problems(minimalWith("allowPlaintext: true", "tls: {certFile: gw.crt, keyFile: gw.key}")))
                .containsExactly("test.yaml: listeners[0].tls.keyFile: file not found: " + dir.resolve("gw.key"));
        assertThat(problems(minimalWith("allowPlaintext: true", "tls: {certFile: gw.crt}")))
                .containsExactly("test.yaml: listeners[0].tls.keyFile: is required");
        assertThat(problems(minimalWith("allowPlaintext: true", "tls: {selfSigned: true, certFile: gw.crt}")))
                .containsExactly("test.yaml: listeners[0].tls: give certFile and keyFile, or selfSigned: true,"
                        + " not both");
        assertThat(problems(minimalWith("allowPlaintext: true", "tls: {selfSigned: false}")))
                .containsExactly("test.yaml: listeners[0].tls: give certFile and keyFile, or selfSigned: true"
                        + " (demos)");
        assertThat(problems(minimalWith("allowPlaintext: true", "tls: {certFile: ., keyFile: gw.crt}")))
                .containsExactly("test.yaml: listeners[0].tls.certFile: not a regular file: " + dir);
        assertThat(problems(minimalWith("allowPlaintext: true", "tls: on")))
                .containsExactly("test.yaml: listeners[0].tls: must be a mapping (key: value pairs), not a boolean");
    }

    @Test
    void issuerProblems() throws IOException {
        assertThat(problems(minimalWith("    audience: hoopgw\n", "")))
                .containsExactly("test.yaml: issuers[0].audience: is required");
        assertThat(problems(minimalWith("https://idp.example.com", "http://idp.example.com")))
                .containsExactly("test.yaml: issuers[0].issuer: must be an https URL (http is allowed only for"
                        + " loopback hosts) to be used for OIDC discovery; or give jwksUri or jwksFile");
        assertThat(problems(minimalWith("audience: hoopgw", "audience: hoopgw\n    jwksUri: http://idp.example.com/jwks")))
                .containsExactly("test.yaml: issuers[0].jwksUri: must be an https URL (http is allowed only for"
                        + " loopback hosts)");
        Files.writeString(dir.resolve("jwks.json"), "{}");
        assertThat(problems(minimalWith("audience: hoopgw",
                "audience: hoopgw\n    jwksUri: https://idp.example.com/jwks\n    jwksFile: jwks.json")))
                .containsExactly("test.yaml: issuers[0]: give jwksUri or jwksFile, not both");
        assertThat(problems(minimalWith("    groupsClaim: groups\n", "")))
                .containsExactly("test.yaml: issuers[0]: give groupsClaim or claimMappings: without either, no"
                        + " identity from this issuer has a group a grant could name");
        assertThat(problems(minimalWith("groupsClaim: groups", "groupsClaim: groups\n    algorithms: [RS256, HS256, none, RS999]")))
                .containsExactly(
                        "test.yaml: issuers[0].algorithms[1]: HMAC algorithms are never accepted: they need a shared"
                                + " secret",
                        "test.yaml: issuers[0].algorithms[2]: 'none' is never accepted: unsigned tokens prove nothing",
                        "test.yaml: issuers[0].algorithms[3]: unknown algorithm 'RS999' (expected one of: ES256,"
                                + " ES256K, ES384, ES512, Ed25519, Ed448, EdDSA, PS256, PS384, PS512, RS256, RS384,"
                                + " RS512)");
        assertThat(problems(minimalWith("groupsClaim: groups", "groupsClaim: groups\n    clockSkew: 30")))
                .containsExactly("test.yaml: issuers[0].clockSkew: must be a duration like 250ms, 10s, 5m or 1h"
                        + " (or 0), not '30'");
        assertThat(problems(minimalWith("groupsClaim: groups", "groupsClaim: groups\n    claimMappings: [{claim: repository, group: ci}]")))
                .containsExactly("test.yaml: issuers[0].claimMappings[0].value: is required");
        assertThat(problems(minimalWith("issuers:\n", "issuers:\n  - issuer: https://idp.example.com\n"
                + "    audience: other\n    groupsClaim: roles\n")))
                .containsExactly("test.yaml: issuers[1].issuer: is already configured at issuers[0]");
        assertThat(problems(minimalWith("""
                issuers:
                  - issuer: https://idp.example.com
                    audience: hoopgw
                    groupsClaim: groups
                """, "")))
                .containsExactly("test.yaml: issuers: is required");
    }

    @Test
    void issuerKeySourcesLoad() throws Exception {
        Files.writeString(dir.resolve("jwks.json"), "{\"keys\": []}");
        TrustedIssuer fromFile = parse(minimalWith("audience: hoopgw", "audience: hoopgw\n    jwksFile: jwks.json"))
                .issuers().get(0);
        assertThat(fromFile.jwksFile()).isEqualTo(dir.resolve("jwks.json"));

        TrustedIssuer local = parse(minimalWith("https://idp.example.com", "http://localhost:8080/default")
                .replace("groupsClaim: groups", "groupsClaim: groups\n    clockSkew: 0\n    algorithms: [ES256]"))
                .issuers().get(0);
        assertThat(local.issuer()).isEqualTo("http://localhost:8080/default");
        assertThat(local.clockSkew()).isZero();
        assertThat(local.allowedAlgorithms()).containsExactly("ES256");
    }

    @Test
    void targetProblems() {
        assertThat(problems(minimalWith("host: db.internal", "host: db.internal\n    port: 99999")))
                .containsExactly("test.yaml: targets.orders.port: must be between 1 and 65535");
        assertThat(problems(minimalWith("defaultRole: app_ro", "defaultRole: app_admin")))
                .containsExactly("test.yaml: targets.orders.defaultRole: 'app_admin' is not one of this target's"
                        + " roles [app_ro, app_rw]");
        assertThat(problems(minimalWith("    tls: {mode: disable}\n", "")))
                .containsExactly("test.yaml: targets.orders.tls: is required: give {mode: disable}, {mode: require}"
                        + " or {mode: verify-full, caFile: ...}");
        assertThat(problems(minimalWith("{mode: disable}", "{mode: verify-ca}")))
                .containsExactly("test.yaml: targets.orders.tls.mode: must be disable, require or verify-full, not"
                        + " 'verify-ca'");
        assertThat(problems(minimalWith("{mode: disable}", "{mode: verify-full}")))
                .containsExactly("test.yaml: targets.orders.tls.caFile: is required with mode verify-full");
        assertThat(problems(minimalWith("{mode: disable}", "{mode: require, caFile: ca.pem}")))
                .containsExactly("test.yaml: targets.orders.tls.caFile: is used only with mode verify-full (mode"
                        + " require does not verify the server)");
        assertThat(problems(minimalWith("{mode: disable}", "{mode: verify-full, caFile: ca.pem}")))
                .containsExactly("test.yaml: targets.orders.tls.caFile: file not found: " + dir.resolve("ca.pem"));
        assertThat(problems(minimalWith("    host: db.internal\n", "")))
                .containsExactly("test.yaml: targets.orders.host: is required");
        assertThat(problems(minimalWith("  orders:", "  -orders:").replace("targets: [orders]", "targets: ['-orders']")))
                .containsExactly("test.yaml: targets.-orders: '-orders' is not a valid name: use letters, digits,"
                        + " '_', '.' and '-', not starting with '.', '-' or '@'");
        assertThat(problems(minimalWith("  orders:", "  " + "o".repeat(64) + ":")
                .replace("targets: [orders]", "targets: [" + "o".repeat(64) + "]")))
                .containsExactly("test.yaml: targets." + "o".repeat(64) + ": names must be at most 63 bytes");
        assertThat(problems(MINIMAL.substring(0, MINIMAL.indexOf("targets:")) + "targets: {}\n"))
                .containsExactly("test.yaml: targets: must have at least one entry");
    }

    @Test
    void targetAuthListsTheUpstreamLoginMethodsAllowed() throws Exception {
        TargetConfig orders = parse(minimalWith("tls: {mode: disable}",
                "tls: {mode: disable}\n    auth: [trust, password, md5, scram-sha-256, md5]")).targets().get("orders");

        assertThat(orders.auth()).containsExactly(UpstreamAuthMethod.SCRAM_SHA_256, UpstreamAuthMethod.MD5,
                UpstreamAuthMethod.PASSWORD, UpstreamAuthMethod.TRUST);
    }

    @Test
    void targetAuthProblems() {
        String tls = "tls: {mode: disable}";
        assertThat(problems(minimalWith(tls, tls + "\n    auth: [scram-sha-256, gss]")))
                .containsExactly("test.yaml: targets.orders.auth[1]: must be one of scram-sha-256, md5, password,"
                        + " trust, not 'gss'");
        assertThat(problems(minimalWith(tls, tls + "\n    auth: [SCRAM-SHA-256]")))
                .containsExactly("test.yaml: targets.orders.auth[0]: must be one of scram-sha-256, md5, password,"
                        + " trust, not 'SCRAM-SHA-256'");
        assertThat(problems(minimalWith(tls, tls + "\n    auth: []")))
                .containsExactly("test.yaml: targets.orders.auth: must have at least one entry");
        assertThat(problems(minimalWith(tls, tls + "\n    auth: md5")))
                .containsExactly("test.yaml: targets.orders.auth: must be a list, not a string");
    }

    @Test
    void targetDatabaseAndPortCanBeGiven() throws Exception {
        TargetConfig orders = parse(minimalWith("host: db.internal",
                "host: 192.0.2.7\n    port: 6543\n    database: orders_prod")).targets().get("orders");
        assertThat(orders.host()).isEqualTo("192.0.2.7");
        assertThat(orders.port()).isEqualTo(6543);
        assertThat(orders.database()).isEqualTo("orders_prod");
    }

    @Test
    void secretsNeverAppearInProblems() {
        List<String> plain = problems(minimalWith("{password: {value: rw-inline-secret}}",
                "{password: rw-inline-secret}"));
        assertThat(plain).containsExactly("test.yaml: targets.orders.roles.app_rw.password: must be {env: NAME},"
                + " {file: /path} or {value: ...}, not a plain value");

        List<String> both = problems(minimalWith("{value: rw-inline-secret}",
                "{value: rw-inline-secret, env: ORDERS_RO_PASSWORD}"));
        assertThat(both).containsExactly("test.yaml: targets.orders.roles.app_rw.password: must give exactly one of"
                + " {env: NAME}, {file: /path} or {value: ...}");
        assertThat(String.join("\n", plain) + String.join("\n", both))
                .doesNotContain("rw-inline-secret", "ro-secret-from-env");
    }

    @Test
    void secretProblems() throws IOException {
        assertThat(problems(minimalWith("{env: ORDERS_RO_PASSWORD}", "{env: ORDERS_PASSWORD_UNSET}")))
                .containsExactly("test.yaml: targets.orders.roles.app_ro.password: environment variable"
                        + " ORDERS_PASSWORD_UNSET is not set");
        assertThat(problems(minimalWith("{env: ORDERS_RO_PASSWORD}", "{env: EMPTY_VAR}")))
                .containsExactly("test.yaml: targets.orders.roles.app_ro.password: environment variable EMPTY_VAR"
                        + " is empty");
        assertThat(problems(minimalWith("{env: ORDERS_RO_PASSWORD}", "{env: 'ORDERS-RO'}")))
                .containsExactly("test.yaml: targets.orders.roles.app_ro.password.env: 'ORDERS-RO' is not an"
                        + " environment variable name");
        assertThat(problems(minimalWith("{env: ORDERS_RO_PASSWORD}", "{file: missing.secret}")))
                .containsExactly("test.yaml: targets.orders.roles.app_ro.password: secret file not found: "
                        + dir.resolve("missing.secret"));
        Files.writeString(dir.resolve("empty.secret"), "\n");
        assertThat(problems(minimalWith("{env: ORDERS_RO_PASSWORD}", "{file: empty.secret}")))
                .containsExactly("test.yaml: targets.orders.roles.app_ro.password: secret file is empty: "
                        + dir.resolve("empty.secret"));
        assertThat(problems(minimalWith("{value: rw-inline-secret}", "{value: 1234}")))
                .containsExactly("test.yaml: targets.orders.roles.app_rw.password.value: must be a string (quote it)");
        assertThat(problems(minimalWith("{password: {value: rw-inline-secret}}", "{password: {}}")))
                .isNotEmpty();
    }

    @Test
    void secretsPrintAsStars() throws Exception {
        GatewayConfig config = parse(MINIMAL);
        Secret secret = config.targets().get("orders").roles().get("app_ro").password();

        assertThat(secret).hasToString("***");
        assertThat(config.toString()).contains("password=***").doesNotContain("ro-secret-from-env", "rw-inline-secret");
    }

    @Test
    void grantProblems() {
        assertThat(problems(minimalWith("targets: [orders]", "targets: [orders, billing]")))
                .containsExactly("test.yaml: grants[0].targets: no target named 'billing'");
        assertThat(problems(minimalWith("roles: [app_ro]", "roles: [app_admin]")))
                .containsExactly("test.yaml: grants[0].roles: no role named 'app_admin' on target 'orders'");
        assertThat(problems(minimalWith("targets: [orders]", "targets: ['*']").replace("roles: [app_ro]",
                "roles: [app_admin]")))
                .containsExactly("test.yaml: grants[0].roles: no target has a role named 'app_admin'");
        assertThat(problems(minimalWith("targets: [orders]", "targets: ['*', orders]")))
                .containsExactly("test.yaml: grants[0].targets: '*' must be the only entry when used");
        assertThat(problems(minimalWith("groups: [analysts]", "groups: ['*']")))
                .containsExactly("test.yaml: grants[0].groups: '*' is not allowed here: name the groups");
        assertThat(problems(minimalWith("groups: [analysts]", "groups: []")))
                .containsExactly("test.yaml: grants[0].groups: must have at least one entry");
        assertThat(problems(MINIMAL + "  - {name: analysts-read, groups: [dba], targets: [orders], roles: ['*']}\n"))
                .containsExactly("test.yaml: grants[1].name: 'analysts-read' is already used by grants[0]");
        assertThat(problems(minimalWith("  - name: analysts-read\n    groups", "  - groups")))
                .containsExactly("test.yaml: grants[0].name: is required");
    }

    @Test
    void grantsAreOptional() throws Exception {
        int grants = MINIMAL.indexOf("grants:");
        assertThat(parse(MINIMAL.substring(0, grants)).grants()).isEmpty();
    }

    @Test
    void limitsAreParsed() throws Exception {
        LimitsConfig limits = parse(MINIMAL + """
                limits:
                  maxMessageSize: 512KiB
                  maxStartupPacket: 4096
                  maxStartupParameters: 16
                  maxConnections: 20
                  startupTimeout: 250ms
                  idleTimeout: 5m
                  eventLoopThreads: 2
                  upstreamConnectTimeout: 100ms
                  upstreamLoginTimeout: 200ms
                """).limits();

        assertThat(limits).isEqualTo(new LimitsConfig(512 * 1024, 4096, 16, 20, Duration.ofMillis(250),
                Duration.ofMinutes(5), 2, Duration.ofMillis(100), Duration.ofMillis(200)));
        assertThat(limits.hasIdleTimeout()).isTrue();
    }

    @Test
    void theUpstreamLoginMustFinishBeforeTheClientTimesOut() {
        assertThat(problems(MINIMAL + "limits: {startupTimeout: 5s, upstreamLoginTimeout: 5s}\n"))
                .containsExactly("test.yaml: limits.upstreamLoginTimeout: must be shorter than startupTimeout"
                        + " (5000 ms), or clients time out before they can learn that the target failed");
    }

    @Test
    void limitProblems() {
        assertThat(problems(MINIMAL + "limits: {maxMessageSize: 64MB}\n"))
                .containsExactly("test.yaml: limits.maxMessageSize: must use binary units KiB, MiB or GiB, not '64MB'");
        assertThat(problems(MINIMAL + "limits: {maxMessageSize: 2GiB}\n"))
                .containsExactly("test.yaml: limits.maxMessageSize: must be between 1KiB and 1GiB");
        assertThat(problems(MINIMAL + "limits: {maxMessageSize: lots}\n"))
                .containsExactly("test.yaml: limits.maxMessageSize: must be a size like 10000, 512KiB or 64MiB, not"
                        + " 'lots'");
        assertThat(problems(MINIMAL + "limits: {startupTimeout: 0}\n"))
                .containsExactly("test.yaml: limits.startupTimeout: must be at least 1ms");
        assertThat(problems(MINIMAL + "limits: {idleTimeout: 1 hour}\n"))
                .containsExactly("test.yaml: limits.idleTimeout: must be a duration like 250ms, 10s, 5m or 1h (or 0),"
                        + " not '1 hour'");
        assertThat(problems(MINIMAL + "limits: {eventLoopThreads: 0}\n"))
                .containsExactly("test.yaml: limits.eventLoopThreads: must be between 1 and 1024");
        assertThat(problems(MINIMAL + "limits: {maxConnection: 5}\n"))
                .containsExactly("test.yaml: limits.maxConnection: unknown key (expected one of: maxMessageSize,"
                        + " maxStartupPacket, maxStartupParameters, maxConnections, startupTimeout, idleTimeout,"
                        + " eventLoopThreads, upstreamConnectTimeout, upstreamLoginTimeout)");
    }
}
