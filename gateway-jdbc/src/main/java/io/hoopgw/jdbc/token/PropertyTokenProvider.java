package io.hoopgw.jdbc.token;

/** The token given literally as the {@code token} property or URL parameter. */
final class PropertyTokenProvider implements TokenProvider {
    static final String NAME = "token";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TokenLookup lookup(TokenContext context) {
        return context.property(TokenProperty.TOKEN)
                .map(value -> TokenLookup.found(Token.of(value, "the token property")))
                .orElseGet(() -> TokenLookup.absent("the token property is not set"));
    }
}
