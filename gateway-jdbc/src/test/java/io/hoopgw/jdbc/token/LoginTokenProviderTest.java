package io.hoopgw.jdbc.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.jdbc.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoginTokenProviderTest {
    @TempDir
    Path dir;

    private final LoginTokenProvider provider = new LoginTokenProvider();

    private TokenLookup lookup(Map<String, String> variables) throws TokenException {
        return provider.lookup(new TokenContext(new Properties(), Environment.of(variables, dir), new MutableClock()));
    }

    @Test
    void readsConfigHoopgwTokenInTheHomeDirectory() throws Exception {
        Path file = dir.resolve(".config/hoopgw/token");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "saved-token\n");

        TokenLookup lookup = lookup(Map.of());

        assertThat(lookup).isInstanceOf(TokenLookup.Found.class);
        Token token = ((TokenLookup.Found) lookup).token();
        assertThat(token.value()).isEqualTo("saved-token");
        assertThat(token.source()).isEqualTo("hoopgw login token " + file);
    }

    @Test
    void xdgConfigHomeMovesTheFile() throws Exception {
        Path xdg = dir.resolve("xdg");
        Path file = xdg.resolve("hoopgw/token");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "xdg-token");

        assertThat(LoginTokenProvider.location(Environment.of(Map.of("XDG_CONFIG_HOME", xdg.toString()), dir)))
                .isEqualTo(file);
        assertThat(((TokenLookup.Found) lookup(Map.of("XDG_CONFIG_HOME", xdg.toString()))).token().value())
                .isEqualTo("xdg-token");
    }

    /** The XDG Base Directory specification says a relative path in the variable is invalid and ignored. */
    @Test
    void aRelativeXdgConfigHomeIsIgnored() {
        assertThat(LoginTokenProvider.location(Environment.of(Map.of("XDG_CONFIG_HOME", "relative/dir"), dir)))
                .isEqualTo(dir.resolve(".config/hoopgw/token"));
    }

    @Test
    void noFileMeansNoLoginYet() throws Exception {
        assertThat(lookup(Map.of())).isEqualTo(TokenLookup.absent(
                dir.resolve(".config/hoopgw/token") + ": file not found (run hoopgw login)"));
    }
}
