package io.hoopgw.jdbc.token;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Finds the token for a new connection.
 *
 * <p>Unless the {@code tokenProvider} property names one provider, they are asked in this order and the first
 * that has a token wins:
 * <ol>
 *   <li>{@code token}: the {@code token} property or URL parameter;</li>
 *   <li>{@code env}: the {@code HOOPGW_TOKEN} environment variable;</li>
 *   <li>{@code tokenFile}: the file named by the {@code tokenFile} property, re-read for every connection;</li>
 *   <li>{@code tokenCommand}: the stdout of the {@code tokenCommand} shell command, reused until shortly before
 *       the token expires;</li>
 *   <li>{@code githubActions}: a GitHub Actions OIDC token for audience {@code githubAudience} (default
 *       {@code hoopgw}), when {@code ACTIONS_ID_TOKEN_REQUEST_URL} and {@code ACTIONS_ID_TOKEN_REQUEST_TOKEN} are
 *       set, reused until shortly before it expires;</li>
 *   <li>{@code login}: the token saved by {@code hoopgw login} in {@code $XDG_CONFIG_HOME/hoopgw/token} or
 *       {@code ~/.config/hoopgw/token}.</li>
 * </ol>
 * A provider that is configured but fails (its file is missing, its command times out) ends the search with an
 * error rather than falling through to a later provider, which could present a different identity.
 *
 * <p>A resolver never returns an expired token. Providers that cache refresh before expiry; a token that is
 * expired and whose provider cannot refresh it is an error. One resolver is safe for concurrent use, and its
 * caches are meant to live as long as the driver.
 */
public final class TokenResolver {
    private static final TokenResolver SYSTEM = new TokenResolver(Environment.system(), Clock.systemUTC());

    private final List<TokenProvider> providers;
    private final Environment environment;
    private final Clock clock;

    /** A resolver with the standard providers, reading {@code environment} and judging expiry by {@code clock}. */
    public TokenResolver(Environment environment, Clock clock) {
        this(standardProviders(), environment, clock);
    }

    /** A resolver that asks {@code providers} in the given order. */
    public TokenResolver(List<TokenProvider> providers, Environment environment, Clock clock) {
        this.providers = List.copyOf(providers);
        if (this.providers.isEmpty()) {
            throw new IllegalArgumentException("providers must not be empty");
        }
        this.environment = Objects.requireNonNull(environment, "environment");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The resolver of the real process environment and clock, shared so its caches serve every connection. */
    public static TokenResolver system() {
        return SYSTEM;
    }

    /** The standard providers in their documented order, each with fresh caches. */
    public static List<TokenProvider> standardProviders() {
        return List.of(
                new PropertyTokenProvider(),
                new EnvironmentTokenProvider(),
                new TokenFileProvider(),
                new TokenCommandProvider(new TokenCache(TokenCache.DEFAULT_MARGIN)),
                new GitHubActionsTokenProvider(new TokenCache(TokenCache.DEFAULT_MARGIN)),
                new LoginTokenProvider());
    }

    /** The providers' names in the order they are asked. */
    public List<String> providerNames() {
        return providers.stream().map(TokenProvider::name).collect(Collectors.toUnmodifiableList());
    }

    /**
     * The token for a connection with {@code properties}.
     *
     * @throws TokenException naming the providers tried and what each lacked; never containing a token
     */
    public Token resolve(Properties properties) throws TokenException {
        TokenContext context = new TokenContext(properties, environment, clock);
        String selected = context.property(TokenProperty.TOKEN_PROVIDER).orElse(null);
        if (selected != null) {
            return resolveSelected(selected, context);
        }
        List<String> tried = new ArrayList<>();
        for (TokenProvider provider : providers) {
            TokenLookup lookup;
            try {
                lookup = provider.lookup(context);
            } catch (TokenException e) {
                throw new TokenException(e.getMessage() + skipped(tried), e);
            }
            if (lookup instanceof TokenLookup.Found found) {
                return unexpired(found.token(), provider, context);
            }
            tried.add(provider.name() + ": " + ((TokenLookup.Absent) lookup).reason());
        }
        throw new TokenException("No token to present to the gateway. Tried, in order: " + String.join("; ", tried)
                + ". Set the token, tokenFile or tokenCommand property, set HOOPGW_TOKEN, or run hoopgw login.");
    }

    private Token resolveSelected(String name, TokenContext context) throws TokenException {
        TokenProvider provider = providers.stream()
                .filter(candidate -> candidate.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new TokenException("tokenProvider=" + name + " is not a token provider; use one of "
                        + String.join(", ", providerNames())));
        TokenLookup lookup = provider.lookup(context);
        if (lookup instanceof TokenLookup.Absent absent) {
            throw new TokenException("tokenProvider=" + name + " is selected, but " + absent.reason());
        }
        return unexpired(((TokenLookup.Found) lookup).token(), provider, context);
    }

    private static Token unexpired(Token token, TokenProvider provider, TokenContext context) throws TokenException {
        if (token.isExpiredAt(context.clock().instant())) {
            throw new TokenException(token.source() + ": the token expired at " + token.expiresAt().orElseThrow()
                    + " and the " + provider.name() + " provider cannot refresh it");
        }
        return token;
    }

    private static String skipped(List<String> tried) {
        return tried.isEmpty() ? "" : " (before it: " + String.join("; ", tried) + ")";
    }
}
