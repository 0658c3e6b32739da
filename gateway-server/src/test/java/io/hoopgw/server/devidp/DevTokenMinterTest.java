package io.hoopgw.server.devidp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import io.hoopgw.core.auth.Identity;
import io.hoopgw.core.auth.OidcTokenVerifier;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state file that lets {@code hoopgw token} mint for a running dev identity provider. */
class DevTokenMinterTest {
    @TempDir
    Path dir;

    @Test
    void mintsForARunningProviderFromItsStateFileAlone() throws Exception {
        Path state = dir.resolve("state/devidp.json");
        try (DevIdentityProvider idp = DevIdentityProvider.builder().stateFile(state).audience("demo").start()) {
            OidcTokenVerifier verifier = OidcTokenVerifier.builder(List.of(idp.trustedIssuer())).build();

            DevTokenMinter minter = DevTokenMinter.load(state);
            Identity identity = verifier.verify(minter.mint("carol", List.of("support"), Duration.ofMinutes(2)));

            assertThat(minter.issuer()).isEqualTo(idp.issuer());
            assertThat(minter.audience()).isEqualTo("demo");
            assertThat(identity.subject()).isEqualTo("carol");
            assertThat(identity.groups()).containsExactly("support");
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rw-------");
        }
        try (var leftovers = Files.list(state.getParent())) {
            assertThat(leftovers).containsExactly(state);
        }
    }

    @Test
    void aRestartWithTheSameStateFileKeepsTheKey() throws Exception {
        Path state = dir.resolve("devidp.json");
        String firstKid;
        try (DevIdentityProvider first = DevIdentityProvider.builder().stateFile(state).start()) {
            firstKid = first.minter().publicKey().getKeyID();
        }
        try (DevIdentityProvider second = DevIdentityProvider.builder().stateFile(state).start()) {
            assertThat(second.minter().publicKey().getKeyID()).isEqualTo(firstKid);
            assertThat(DevTokenMinter.load(state).issuer()).isEqualTo(second.issuer());
        }
    }

    @Test
    void savesAndLoadsAnRsaMinter() throws Exception {
        Path state = dir.resolve("rsa.json");
        DevTokenMinter original = DevTokenMinter.generate("https://dev.example", "hoopgw", JWSAlgorithm.RS256);

        original.save(state);
        DevTokenMinter loaded = DevTokenMinter.load(state);

        assertThat(loaded.algorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(loaded.publicKey()).isEqualTo(original.publicKey());
        assertThat(loaded.issuer()).isEqualTo("https://dev.example");
    }

    @Test
    void loadErrorsNameTheFileAndTheKey() throws IOException {
        Path missing = dir.resolve("missing.json");
        Path notJson = Files.writeString(dir.resolve("not-json.json"), "issuer=x");
        Path noIssuer = Files.writeString(dir.resolve("no-issuer.json"), "{\"audience\":\"hoopgw\"}");
        Path badKey = Files.writeString(dir.resolve("bad-key.json"),
                "{\"issuer\":\"http://127.0.0.1:1\",\"audience\":\"hoopgw\",\"signingKey\":{\"kty\":\"EC\"}}");
        JWK publicOnly = DevTokenMinter.generateKey(JWSAlgorithm.ES256).toPublicJWK();
        Path publicKey = Files.writeString(dir.resolve("public.json"),
                "{\"issuer\":\"http://127.0.0.1:1\",\"audience\":\"hoopgw\",\"signingKey\":" + publicOnly + "}");

        assertThatThrownBy(() -> DevTokenMinter.load(missing)).isInstanceOf(IOException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("hoopgw demo");
        assertThatThrownBy(() -> DevTokenMinter.load(notJson)).hasMessageContaining(notJson + ": not a JSON object");
        assertThatThrownBy(() -> DevTokenMinter.load(noIssuer)).hasMessageContaining(noIssuer + ": issuer: missing");
        assertThatThrownBy(() -> DevTokenMinter.load(badKey)).hasMessageContaining(badKey + ": signingKey:");
        assertThatThrownBy(() -> DevTokenMinter.load(publicKey))
                .hasMessageContaining(publicKey + ": signingKey: the signing key must include its private part");
    }
}
