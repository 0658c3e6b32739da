package io.hoopgw.jdbc.token;

/** The token in the {@code HOOPGW_TOKEN} environment variable. */
final class EnvironmentTokenProvider implements TokenProvider {
    static final String NAME = "env";
    static final String VARIABLE = "HOOPGW_TOKEN";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TokenLookup lookup(TokenContext context) {
        return context.environment().variable(VARIABLE)
                .map(String::trim)
                .filter(value -> !value.isEmpty())
                .map(value -> TokenLookup.found(Token.of(value, VARIABLE)))
                .orElseGet(() -> TokenLookup.absent(VARIABLE + " is not set"));
    }
}
