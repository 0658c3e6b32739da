package io.hoopgw.jdbc.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hoopgw.jdbc.testing.MutableClock;
import io.hoopgw.jdbc.testing.Props;
import io.hoopgw.jdbc.testing.TestJwts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileProviderTest {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();

    private TokenResolver resolver() {
        return new TokenResolver(Environment.of(Map.of(), dir.resolve("home")), clock);
    }

    @Test
    void readsTheFileTrimmed() throws Exception {
        String jwt = TestJwts.expiringAt("alice", clock.instant().plusSeconds(600));
        Path file = Files.writeString(dir.resolve("token"), "\n  " + jwt + "\n");

        Token token = resolver().resolve(Props.of("tokenFile", file.toString()));

        assertThat(token.value()).isEqualTo(jwt);
        assertThat(token.source()).isEqualTo("tokenFile " + file);
    }

    /** Kubernetes swaps a projected token's symlink atomically; every connection must see the current token. */
    @Test
    void rereadsTheFileForEveryConnectionSoRotationIsSeen() throws Exception {
        Path data1 = Files.createDirectory(dir.resolve("..data1"));
        Path data2 = Files.createDirectory(dir.resolve("..data2"));
        String first = TestJwts.expiringAt("pod", clock.instant().plusSeconds(3600));
        String second = TestJwts.expiringAt("pod", clock.instant().plusSeconds(7200));
        Files.writeString(data1.resolve("token"), first);
        Files.writeString(data2.resolve("token"), second);
        Path data = Files.createSymbolicLink(dir.resolve("..data"), data1.getFileName());
        Path token = Files.createSymbolicLink(dir.resolve("token"), Path.of("..data", "token"));
        TokenResolver resolver = resolver();
        Properties properties = Props.of("tokenFile", token.toString());

        assertThat(resolver.resolve(properties).value()).isEqualTo(first);
        assertThat(resolver.resolve(properties).value()).isEqualTo(first);

        Path next = Files.createSymbolicLink(dir.resolve("..data_tmp"), data2.getFileName());
        Files.move(next, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        assertThat(resolver.resolve(properties).value()).isEqualTo(second);
    }

    @Test
    void expandsATildeToTheHomeDirectory() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve("my-token"), "opaque");

        assertThat(resolver().resolve(Props.of("tokenFile", "~/my-token")).source())
                .isEqualTo("tokenFile " + home.resolve("my-token"));
    }

    @Test
    void aMissingFileIsAnErrorNamingTheFile() {
        Path missing = dir.resolve("missing");

        assertThatThrownBy(() -> resolver().resolve(Props.of("tokenFile", missing.toString())))
                .isInstanceOf(TokenException.class)
                .hasMessage("tokenFile " + missing + ": file not found (before it: "
                        + "token: the token property is not set; env: HOOPGW_TOKEN is not set)");
    }

    @Test
    void anEmptyFileIsAnError() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), " \n");

        assertThatThrownBy(() -> resolver().resolve(Props.of("tokenFile", empty.toString(), "tokenProvider",
                "tokenFile")))
                .hasMessage("tokenFile " + empty + ": file is empty");
    }

    @Test
    void aFileTooLargeToBeATokenIsNotRead() throws Exception {
        Path large = Files.write(dir.resolve("large"), new byte[TokenFiles.MAX_BYTES + 1]);

        assertThatThrownBy(() -> resolver().resolve(Props.of("tokenFile", large.toString())))
                .hasMessageStartingWith("tokenFile " + large + ": larger than 65536 bytes, so not a token");
    }

    @Test
    void anExpiredTokenInTheFileIsAnErrorThatDoesNotShowTheToken() throws Exception {
        String jwt = TestJwts.expiringAt("pod", clock.instant().plusSeconds(60));
        Path file = Files.writeString(dir.resolve("token"), jwt);
        clock.advance(Duration.ofSeconds(60));

        assertThatThrownBy(() -> resolver().resolve(Props.of("tokenFile", file.toString())))
                .hasMessage("tokenFile " + file + ": the token expired at " + clock.instant()
                        + " and the tokenFile provider cannot refresh it")
                .message().doesNotContain(jwt);
    }
}
