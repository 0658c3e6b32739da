package io.hoopgw.jdbc.token;

import java.nio.file.Path;

/**
 * The token in the file named by the {@code tokenFile} property, read again for every connection: Kubernetes
 * projected service-account tokens and similar files are rotated in place, so a cached copy would go stale.
 */
final class TokenFileProvider implements TokenProvider {
    static final String NAME = "tokenFile";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TokenLookup lookup(TokenContext context) throws TokenException {
        String configured = context.property(TokenProperty.TOKEN_FILE).orElse(null);
        if (configured == null) {
            return TokenLookup.absent("the tokenFile property is not set");
        }
        Path file = context.path(configured);
        String label = "tokenFile " + file;
        return TokenLookup.found(Token.of(TokenFiles.read(file, label), label));
    }
}
