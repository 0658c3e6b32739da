package io.hoopgw.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.hoopgw.audit.AuditConfig;
import io.hoopgw.audit.AuditKeys;
import io.hoopgw.audit.schema.CaptureMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code audit} section: every key, its defaults, and the problems a bad value is reported with. */
class AuditSettingsReaderTest {
    private static final String BASE = """
            listeners:
              - {host: 127.0.0.1, port: 6432, allowPlaintext: true}
            issuers:
              - {issuer: https://idp.example.com, audience: hoopgw, groupsClaim: groups}
            targets:
              orders:
                host: db.internal
                tls: {mode: disable}
                roles:
                  app_ro: {password: {value: secret}}
            grants:
              - {name: read, groups: [analysts], targets: [orders], roles: [app_ro]}
            """;

    @TempDir
    Path dir;

    private JWK key;

    @BeforeEach
    void writeKey() throws Exception {
        key = AuditKeys.generate(AuditKeys.Algorithm.ED25519);
        AuditKeys.write(key, dir.resolve("audit-key.jwk"), dir.resolve("audit-key.pub.jwk"));
    }

    private GatewayConfig parse(String audit) throws ConfigException {
        return ConfigLoader.withEnvironment(Map.of("AUDIT_KEY", key.toJSONString())::get)
                .read(BASE + audit, "test.yaml", dir);
    }

    private List<String> problems(String audit) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(audit));
        return e.getMessage().lines().toList();
    }

    @Test
    void withoutTheSectionNothingIsRecorded() throws Exception {
        assertThat(parse("").audit()).isEmpty();
    }

    @Test
    void onlyDirectoryAndKeyAreRequired() throws Exception {
        AuditSettings audit = parse("""
                audit:
                  directory: audit
                  signingKey: {file: audit-key.jwk}
                """).audit().orElseThrow();

        assertThat(audit).isEqualTo(new AuditSettings(dir.resolve("audit"), AuditSettingsReader.defaultInstance(),
                key, CaptureMode.ROWS, 100, 256 * 1024, 64 * 1024, 64 * 1024 * 1024, Duration.ofHours(1), 10_000,
                Duration.ofSeconds(10), 4096, true));
        assertThat(audit.instance()).isNotBlank();
        // The defaults are the library's own.
        assertThat(audit.auditConfig()).isEqualTo(AuditConfig.builder(audit.directory(), audit.instance(), key).build());
    }

    @Test
    void everyKeyIsMappedOntoTheLibrarysConfiguration() throws Exception {
        AuditSettings audit = parse("""
                audit:
                  directory: /var/lib/hoopgw/audit
                  instance: gw-1.eu_west
                  signingKey: {env: AUDIT_KEY}
                  results: digest
                  sampleRows: 0
                  sampleSize: 1KiB
                  maxValueSize: 100
                  maxSegmentSize: 1MiB
                  maxSegmentAge: 5m
                  checkpointRecords: 50
                  checkpointInterval: 250ms
                  commitBatch: 16
                  preallocateSegments: false
                """).audit().orElseThrow();

        AuditConfig config = audit.auditConfig();
        assertThat(config.directory()).isEqualTo(Path.of("/var/lib/hoopgw/audit"));
        assertThat(config.instance()).isEqualTo("gw-1.eu_west");
        assertThat(config.signingKey()).isEqualTo(key);
        assertThat(config.results()).isEqualTo(CaptureMode.DIGEST);
        assertThat(config.sampleRows()).isZero();
        assertThat(config.sampleBytes()).isEqualTo(1024);
        assertThat(config.maxValueBytes()).isEqualTo(100);
        assertThat(config.maxSegmentBytes()).isEqualTo(1 << 20);
        assertThat(config.maxSegmentAge()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.checkpointRecords()).isEqualTo(50);
        assertThat(config.checkpointInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.maxBatchRecords()).isEqualTo(16);
        assertThat(config.preallocateSegments()).isFalse();
        assertThat(parse("audit: {directory: a, signingKey: {env: AUDIT_KEY}, results: none}").audit().orElseThrow()
                .results()).isEqualTo(CaptureMode.NONE);
    }

    @Test
    void anEs256KeyIsAccepted() throws Exception {
        JWK es256 = AuditKeys.generate(AuditKeys.Algorithm.ES256);
        AuditKeys.write(es256, dir.resolve("es.jwk"), dir.resolve("es.pub.jwk"));

        assertThat(parse("audit: {directory: a, signingKey: {file: es.jwk}}").audit().orElseThrow().signingKey())
                .isEqualTo(es256);
    }

    @Test
    void toStringNamesTheKeyByItsIdOnly() throws Exception {
        AuditSettings audit = parse("audit: {directory: a, signingKey: {file: audit-key.jwk}}").audit().orElseThrow();

        String privatePart = key.toJSONObject().get("d").toString();
        assertThat(audit.toString()).contains("kid " + key.getKeyID()).doesNotContain(privatePart);
    }

    @Test
    void requiredKeysAndUnknownKeys() {
        assertThat(problems("audit: {signingKey: {file: audit-key.jwk}}"))
                .containsExactly("test.yaml: audit.directory: is required");
        assertThat(problems("audit: {directory: a}"))
                .containsExactly("test.yaml: audit.signingKey: is required");
        assertThat(problems("audit: {directory: a, signingKey: {file: audit-key.jwk}, sampleBytes: 1}"))
                .containsExactly("test.yaml: audit.sampleBytes: unknown key (expected one of: directory, instance,"
                        + " signingKey, results, sampleRows, sampleSize, maxValueSize, maxSegmentSize, maxSegmentAge,"
                        + " checkpointRecords, checkpointInterval, commitBatch, preallocateSegments)");
        assertThat(problems("audit: on"))
                .containsExactly("test.yaml: audit: must be a mapping (key: value pairs), not a boolean");
    }

    @Test
    void keyProblemsNameTheSourceButNeverQuoteTheKey() throws Exception {
        assertThat(problems("audit: {directory: a, signingKey: {file: missing.jwk}}"))
                .containsExactly("test.yaml: audit.signingKey: secret file not found: " + dir.resolve("missing.jwk"));
        assertThat(problems("audit: {directory: a, signingKey: {file: audit-key.pub.jwk}}"))
                .containsExactly("test.yaml: audit.signingKey: is a public key (file " + dir.resolve("audit-key.pub.jwk")
                        + "); give the private key that 'hoopgw audit keygen' wrote (the .pub.jwk file is for"
                        + " 'hoopgw audit verify')");
        assertThat(problems("audit: {directory: a, signingKey: {value: 'hunter2-not-a-key'}}"))
                .containsExactly("test.yaml: audit.signingKey: is not a JWK (inline); make a key with"
                        + " 'hoopgw audit keygen'");
        assertThat(problems("audit: {directory: a, signingKey: audit-key.jwk}"))
                .containsExactly("test.yaml: audit.signingKey: must be {env: NAME}, {file: /path} or {value: ...},"
                        + " not a plain value");
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        Files.writeString(dir.resolve("rsa.jwk"), rsa.toJSONString());
        assertThat(problems("audit: {directory: a, signingKey: {file: rsa.jwk}}"))
                .singleElement().asString()
                .startsWith("test.yaml: audit.signingKey: checkpoints are signed with an Ed25519 or P-256 key, not RSA")
                .endsWith("(file " + dir.resolve("rsa.jwk") + ")")
                .doesNotContain(rsa.getPrivateExponent().toString());
    }

    @Test
    void valueProblems() throws Exception {
        Files.writeString(dir.resolve("plain"), "x");
        String key = ", signingKey: {file: audit-key.jwk}";
        assertThat(problems("audit: {directory: plain" + key + "}"))
                .containsExactly("test.yaml: audit.directory: not a directory: " + dir.resolve("plain"));
        assertThat(problems("audit: {directory: a, instance: 'gw 1'" + key + "}"))
                .containsExactly("test.yaml: audit.instance: 'gw 1' is not a valid instance name: use up to 63"
                        + " letters, digits, '.', '_' and '-', starting with a letter or digit");
        assertThat(problems("audit: {directory: a, results: all" + key + "}"))
                .containsExactly("test.yaml: audit.results: must be none, digest or rows, not 'all'");
        assertThat(problems("audit: {directory: a, sampleRows: -1" + key + "}"))
                .containsExactly("test.yaml: audit.sampleRows: must be between 0 and 1000000");
        assertThat(problems("audit: {directory: a, sampleSize: 1GiB" + key + "}"))
                .containsExactly("test.yaml: audit.sampleSize: must be between 0 and 64MiB");
        assertThat(problems("audit: {directory: a, maxValueSize: 8" + key + "}"))
                .containsExactly("test.yaml: audit.maxValueSize: must be between 16 and 64MiB");
        assertThat(problems("audit: {directory: a, maxSegmentSize: 4KiB" + key + "}"))
                .containsExactly("test.yaml: audit.maxSegmentSize: must be between 64KiB and 1GiB");
        assertThat(problems("audit: {directory: a, maxSegmentAge: 0" + key + "}"))
                .containsExactly("test.yaml: audit.maxSegmentAge: must be at least 1s");
        assertThat(problems("audit: {directory: a, checkpointRecords: 0" + key + "}"))
                .containsExactly("test.yaml: audit.checkpointRecords: must be between 1 and 100000000");
        assertThat(problems("audit: {directory: a, checkpointInterval: 10ms" + key + "}"))
                .containsExactly("test.yaml: audit.checkpointInterval: must be at least 100ms");
        assertThat(problems("audit: {directory: a, commitBatch: 0" + key + "}"))
                .containsExactly("test.yaml: audit.commitBatch: must be between 1 and 1000000");
    }

    @Test
    void everyProblemInTheSectionIsReportedAtOnce() {
        assertThat(problems("audit: {results: all, commitBatch: 0}")).containsExactly(
                "test.yaml: audit.directory: is required",
                "test.yaml: audit.signingKey: is required",
                "test.yaml: audit.results: must be none, digest or rows, not 'all'",
                "test.yaml: audit.commitBatch: must be between 1 and 1000000");
    }
}
