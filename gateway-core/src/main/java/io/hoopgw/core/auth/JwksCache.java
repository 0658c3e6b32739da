package io.hoopgw.core.auth;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import com.nimbusds.jose.jwk.JWKSet;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * Each trusted issuer's key set, cached. A set is refreshed in the background (on the caller's executor) once it is
 * older than the refresh interval, dropped when older than the maximum age (so a JWKS outage longer than that
 * rejects tokens rather than trusting keys the issuer may have revoked), and re-fetched on demand when a token names
 * an unknown key, at most once per re-fetch interval per issuer so that forged {@code kid}s cannot turn the gateway
 * into a request amplifier against the identity provider.
 */
final class JwksCache {
    private final Map<String, IssuerState> issuers;
    private final JwksFetcher fetcher;
    private final Ticker ticker;
    private final long refetchIntervalNanos;
    private final LoadingCache<String, JWKSet> keys;

    JwksCache(Map<String, TrustedIssuer> issuers, JwksFetcher fetcher, Executor executor, Ticker ticker,
            Duration refreshInterval, Duration maxAge, Duration refetchInterval) {
        this.issuers = issuers.entrySet().stream().collect(Collectors.toUnmodifiableMap(
                Map.Entry::getKey, e -> new IssuerState(e.getValue())));
        this.fetcher = fetcher;
        this.ticker = ticker;
        this.refetchIntervalNanos = refetchInterval.toNanos();
        this.keys = Caffeine.newBuilder()
                .executor(executor)
                .ticker(ticker)
                .refreshAfterWrite(refreshInterval)
                .expireAfterWrite(maxAge)
                .build(issuer -> fetcher.fetch(this.issuers.get(issuer).config));
    }

    /**
     * The issuer's cached key set, fetching it on the calling thread when none is cached.
     *
     * @throws KeysUnavailableException when it has to be fetched and cannot be
     */
    JWKSet get(String issuer) {
        return keys.get(issuer);
    }

    /**
     * A key set newer than {@code stale}, for a token whose key {@code stale} lacks: either one another thread
     * fetched meanwhile, or a fresh fetch when the issuer's re-fetch interval allows one. Blocks on I/O.
     *
     * @return the newer set, or null when no fetch is allowed yet
     * @throws KeysUnavailableException when the fetch fails
     */
    JWKSet refetch(String issuer, JWKSet stale) {
        IssuerState state = issuers.get(issuer);
        synchronized (state) {
            JWKSet current = keys.getIfPresent(issuer);
            if (current != null && current != stale) {
                return current;
            }
            long now = ticker.read();
            if (state.refetched && now - state.lastRefetchNanos < refetchIntervalNanos) {
                return null;
            }
            state.refetched = true;
            state.lastRefetchNanos = now;
            JWKSet fresh = fetcher.fetch(state.config);
            keys.put(issuer, fresh);
            return fresh;
        }
    }

    /** Per-issuer re-fetch bookkeeping; guarded by its own monitor. */
    private static final class IssuerState {
        final TrustedIssuer config;
        boolean refetched;
        long lastRefetchNanos;

        IssuerState(TrustedIssuer config) {
            this.config = config;
        }
    }
}
