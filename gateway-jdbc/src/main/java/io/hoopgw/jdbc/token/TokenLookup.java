package io.hoopgw.jdbc.token;

import java.util.Objects;

/**
 * What a {@link TokenProvider} found: a token, or the reason it has none to offer (nothing configured for it).
 * A provider that is configured but fails throws {@link TokenException} instead.
 */
public sealed interface TokenLookup permits TokenLookup.Found, TokenLookup.Absent {

    /** The provider supplied {@code token}. */
    record Found(Token token) implements TokenLookup {
        public Found {
            Objects.requireNonNull(token, "token");
        }
    }

    /**
     * The provider has nothing configured; {@code reason} says what is missing ({@code "HOOPGW_TOKEN is not
     * set"}).
     */
    record Absent(String reason) implements TokenLookup {
        public Absent {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** A lookup that found {@code token}. */
    static TokenLookup found(Token token) {
        return new Found(token);
    }

    /** A lookup that found nothing because of {@code reason}. */
    static TokenLookup absent(String reason) {
        return new Absent(reason);
    }
}
