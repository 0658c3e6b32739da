package io.hoopgw.jdbc.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Keeps fetched tokens until their {@code exp} minus a margin, so a command or HTTP call runs once per token
 * lifetime rather than once per connection. The margin leaves the gateway time to verify the token (and absorbs
 * clock skew) before it expires. Tokens without a known expiry are not kept.
 *
 * <p>Connections that need the same key at once wait for one fetch instead of each running their own.
 */
final class TokenCache {
    /** How long before its {@code exp} a cached token is replaced. */
    static final Duration DEFAULT_MARGIN = Duration.ofSeconds(60);

    private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final Duration margin;

    TokenCache(Duration margin) {
        if (margin.isNegative()) {
            throw new IllegalArgumentException("margin must not be negative");
        }
        this.margin = margin;
    }

    /** Fetches a token; may run a command or make an HTTP request. */
    @FunctionalInterface
    interface Fetcher {
        Token fetch() throws TokenException;
    }

    /**
     * The cached token for {@code key} if it is still good at {@code clock}'s now plus the margin, otherwise a
     * freshly fetched one, which is then cached.
     */
    Token get(String key, Clock clock, Fetcher fetcher) throws TokenException {
        Entry entry = entries.computeIfAbsent(key, unused -> new Entry());
        synchronized (entry) {
            Instant now = clock.instant();
            if (entry.token != null && !entry.token.isExpiredAt(now.plus(margin))) {
                return entry.token;
            }
            Token fresh = fetcher.fetch();
            entry.token = fresh.expiresAt().isPresent() ? fresh : null;
            return fresh;
        }
    }

    private static final class Entry {
        private Token token;
    }
}
