package io.hoopgw.examples;

import static io.hoopgw.examples.Harnesses.url;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hoopgw.core.auth.Identity;
import io.hoopgw.core.auth.TokenRejectedException;
import io.hoopgw.core.auth.TokenRejectedException.FailedCheck;
import io.hoopgw.core.auth.TokenVerifier;
import io.hoopgw.server.devidp.DevIdentityProvider;
import io.hoopgw.server.testing.GatewayHarness;
import io.hoopgw.server.testing.TokenForge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbedCoreExampleIT {
    static GatewayHarness harness;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        harness = GatewayHarness.start();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private Path jwksOf(DevIdentityProvider idp) throws Exception {
        return Files.writeString(dir.resolve("jwks.json"), idp.minter().publicJwks().toString());
    }

    @Test
    void acceptsOfflineTheTokenTheGatewayAcceptsAndRejectsWhatItRejects() throws Exception {
        DevIdentityProvider idp = harness.identityProvider();
        TokenVerifier verifier = EmbedCoreExample.verifier(jwksOf(idp), idp.issuer(), idp.audience(), "groups");
        String token = harness.token("ada@example.com", "writers");

        Identity identity = verifier.verify(token);
        assertThat(identity.subject()).isEqualTo("ada@example.com");
        assertThat(identity.groups()).containsExactly("writers");
        Properties properties = new Properties();
        properties.setProperty("user", harness.writerRole());
        properties.setProperty("token", token);
        try (Connection connection = DriverManager.getConnection(url(harness), properties)) {
            assertThat(connection.isValid(5)).isTrue();
        }

        TokenForge forge = new TokenForge(idp, "mallory@example.com", List.of("writers"));
        assertThatThrownBy(() -> verifier.verify(forge.badSignature()))
                .isInstanceOfSatisfying(TokenRejectedException.class,
                        e -> assertThat(e.check()).isEqualTo(FailedCheck.SIGNATURE));
        assertThatThrownBy(() -> verifier.verify(forge.expired()))
                .isInstanceOfSatisfying(TokenRejectedException.class,
                        e -> assertThat(e.check()).isEqualTo(FailedCheck.EXPIRED));
        assertThatThrownBy(() -> verifier.verify(forge.wrongAudience()))
                .isInstanceOfSatisfying(TokenRejectedException.class,
                        e -> assertThat(e.check()).isEqualTo(FailedCheck.AUDIENCE));
    }

    @Test
    void needsNoNetworkOnlyTheJwksFile() throws Exception {
        DevIdentityProvider idp = DevIdentityProvider.start();
        Path jwks = jwksOf(idp);
        String token = idp.mint("grace@example.com", List.of("analysts", "readers"), Duration.ofMinutes(5));
        String issuer = idp.issuer();
        idp.close();

        Identity identity = EmbedCoreExample.verifier(jwks, issuer, idp.audience(), "groups").verify(token);

        assertThat(identity.subject()).isEqualTo("grace@example.com");
        assertThat(identity.groups()).containsExactlyInAnyOrder("analysts", "readers");
    }

    @Test
    void mainPrintsTheIdentityOrWhyTheTokenWasRejected() throws Exception {
        DevIdentityProvider idp = harness.identityProvider();
        Path jwks = jwksOf(idp);

        ExampleProcess.Result accepted = ExampleProcess.run(EmbedCoreExample.class,
                Map.of("HOOPGW_TOKEN", harness.token("ada@example.com", "writers", "readers")),
                jwks.toString(), idp.issuer(), idp.audience());
        assertThat(accepted.exitCode()).as(accepted.stderr()).isZero();
        assertThat(accepted.stdout()).contains("subject: ada@example.com", "issuer:  " + idp.issuer(),
                "groups:  readers, writers", "expires: ");

        ExampleProcess.Result rejected = ExampleProcess.run(EmbedCoreExample.class,
                Map.of("HOOPGW_TOKEN", new TokenForge(idp).badSignature()),
                jwks.toString(), idp.issuer(), idp.audience());
        assertThat(rejected.exitCode()).isEqualTo(1);
        assertThat(rejected.stdout()).startsWith("rejected (SIGNATURE): ");
    }
}
