package io.hoopgw.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import io.hoopgw.audit.AuditKeys;
import io.hoopgw.audit.verify.AuditVerifier;
import io.hoopgw.audit.verify.Report;
import io.hoopgw.server.testing.GatewayHarness;
import java.nio.file.Path;

/**
 * A test gateway that records every session to {@code %state%/audit}, signed with a key made for it, and checks,
 * once closed, that what it recorded verifies.
 */
final class RecordingGateway {
    private final JWK key;
    private final GatewayHarness harness;

    private RecordingGateway(JWK key, GatewayHarness harness) {
        this.key = key;
        this.harness = harness;
    }

    /**
     * Starts one.
     *
     * @param keys  where the signing key's files go
     * @param extra YAML after the audit section's directory and key: more lines of it (indented), then any other
     *              top-level sections; empty for none
     */
    static RecordingGateway start(Path keys, String extra) throws Exception {
        JWK key = AuditKeys.generate(AuditKeys.Algorithm.ED25519);
        Path keyFile = keys.resolve("audit.jwk");
        AuditKeys.write(key, keyFile, keys.resolve("audit.pub.jwk"));
        GatewayHarness harness = GatewayHarness.builder().section("audit:\n  directory: %state%/audit\n"
                + "  signingKey: {file: " + keyFile + "}\n" + extra).start();
        return new RecordingGateway(key, harness);
    }

    GatewayHarness harness() {
        return harness;
    }

    Path auditDir() {
        return harness.stateDir().resolve("audit");
    }

    /**
     * Closes the gateway (which seals its last segment), asserts that the audit directory verifies with the public
     * key, and closes the rest of the harness.
     *
     * @return the verification report, for further assertions
     */
    Report closeAndVerify() throws Exception {
        try {
            harness.gateway().close();
            Report report = AuditVerifier.verify(auditDir(), key.toPublicJWK());
            assertThat(report.ok()).as(report.render()).isTrue();
            return report;
        } finally {
            harness.close();
        }
    }
}
