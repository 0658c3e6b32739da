package io.hoopgw.jdbc.token;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The token saved by {@code hoopgw login}: the file {@code $XDG_CONFIG_HOME/hoopgw/token}, or
 * {@code ~/.config/hoopgw/token} when {@code XDG_CONFIG_HOME} is unset or not an absolute path (as the XDG Base
 * Directory specification says). The file holds the token text; surrounding whitespace is ignored.
 *
 * <p>This file location is the contract between the driver and {@code hoopgw login}.
 */
final class LoginTokenProvider implements TokenProvider {
    static final String NAME = "login";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TokenLookup lookup(TokenContext context) throws TokenException {
        Path file = location(context.environment());
        if (!Files.exists(file)) {
            return TokenLookup.absent(file + ": file not found (run hoopgw login)");
        }
        String label = "hoopgw login token " + file;
        return TokenLookup.found(Token.of(TokenFiles.read(file, label), label));
    }

    /** Where {@code hoopgw login} saves the token for {@code environment}. */
    static Path location(Environment environment) {
        Path configHome = environment.variable("XDG_CONFIG_HOME")
                .map(Path::of)
                .filter(Path::isAbsolute)
                .orElseGet(() -> environment.userHome().resolve(".config"));
        return configHome.resolve("hoopgw").resolve("token");
    }
}
