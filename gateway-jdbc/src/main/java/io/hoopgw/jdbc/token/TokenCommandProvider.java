package io.hoopgw.jdbc.token;

import java.time.Duration;

/**
 * The token printed by the command in the {@code tokenCommand} property ({@code gcloud auth print-identity-token},
 * a vault CLI, a script), run through the shell with a time limit ({@code tokenCommandTimeout} seconds, default
 * 10). Its output is reused until the token's {@code exp} minus a margin, then the command runs again; a token
 * with no readable {@code exp} is not reused.
 */
final class TokenCommandProvider implements TokenProvider {
    static final String NAME = "tokenCommand";

    private final TokenCache cache;

    TokenCommandProvider(TokenCache cache) {
        this.cache = cache;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TokenLookup lookup(TokenContext context) throws TokenException {
        String command = context.property(TokenProperty.TOKEN_COMMAND).orElse(null);
        if (command == null) {
            return TokenLookup.absent("the tokenCommand property is not set");
        }
        Duration timeout = timeout(context);
        Token token = cache.get(command, context.clock(), () -> run(command, timeout, context));
        return TokenLookup.found(token);
    }

    private static Token run(String command, Duration timeout, TokenContext context) throws TokenException {
        Token token = Token.of(CommandRunner.run(command, timeout, NAME), NAME);
        if (token.isExpiredAt(context.clock().instant())) {
            throw new TokenException(NAME + ": the command printed a token that expired at "
                    + token.expiresAt().orElseThrow());
        }
        return token;
    }

    private static Duration timeout(TokenContext context) throws TokenException {
        String value = context.propertyOrDefault(TokenProperty.TOKEN_COMMAND_TIMEOUT);
        long seconds;
        try {
            seconds = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new TokenException("tokenCommandTimeout=" + value + ": not a whole number of seconds", e);
        }
        if (seconds <= 0) {
            throw new TokenException("tokenCommandTimeout=" + value + ": must be at least 1 second");
        }
        return Duration.ofSeconds(seconds);
    }
}
