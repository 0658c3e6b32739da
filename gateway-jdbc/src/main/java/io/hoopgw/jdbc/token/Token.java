package io.hoopgw.jdbc.token;

import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;

/**
 * An identity token to present to the gateway as the PostgreSQL password, and where it came from.
 *
 * <p>{@link #toString()} and every message built from a token name only its {@link #source()} and expiry, never
 * its value: tokens end up in logs and tool error dialogs otherwise.
 */
public final class Token {
    private final String value;
    private final String source;
    private final Instant expiresAt;

    private Token(String value, String source, Instant expiresAt) {
        this.value = value;
        this.source = source;
        this.expiresAt = expiresAt;
    }

    /**
     * A token whose expiry is read from its JWT {@code exp} claim. A token that is not a JWT, or a JWT without
     * {@code exp}, has no known expiry: it is used as it is and the gateway judges it.
     *
     * @param value  the token text, already trimmed
     * @param source where it came from, for messages ({@code "tokenFile /var/run/secrets/token"})
     */
    public static Token of(String value, String source) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(source, "source");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("token must not be empty");
        }
        return new Token(value, source, expiryOf(value));
    }

    private static Instant expiryOf(String value) {
        try {
            JWT jwt = JWTParser.parse(value);
            // An encrypted JWT's claims are unreadable without its key; its expiry is unknown to us.
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date exp = claims == null ? null : claims.getExpirationTime();
            return exp == null ? null : exp.toInstant();
        } catch (ParseException notAJwt) {
            return null;
        }
    }

    /** The token text, to be sent as the password. */
    public String value() {
        return value;
    }

    /** Where the token came from: a provider and, where it has one, its file or command. */
    public String source() {
        return source;
    }

    /** The token's {@code exp}, when it is a JWT that has one. */
    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
    }

    /** Whether the token has expired at {@code instant}; a token without a known expiry never has. */
    public boolean isExpiredAt(Instant instant) {
        return expiresAt != null && !instant.isBefore(expiresAt);
    }

    /** Names the source and expiry; never the token. */
    @Override
    public String toString() {
        return "Token[source=" + source + ", expiresAt=" + (expiresAt == null ? "unknown" : expiresAt) + "]";
    }
}
