package io.hoopgw.core.auth;

import static io.hoopgw.core.auth.Rejections.quote;
import static io.hoopgw.core.auth.Rejections.reject;

import com.github.benmanes.caffeine.cache.Ticker;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import io.hoopgw.core.auth.TokenRejectedException.FailedCheck;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Verifies OIDC / OAuth 2.0 JWTs from any of several trusted issuers against their published keys.
 *
 * <p>A token's unverified {@code iss} only selects which issuer's keys, algorithms and audience apply; every claim is
 * then checked after the signature. Checks run in the order of {@link FailedCheck}: the JWS must parse, use an
 * algorithm the issuer allows (never {@code none} or HMAC), name a trusted issuer, be signed by a key from that
 * issuer's JWKS whose type fits the algorithm, and carry the issuer's audience, a current lifetime, a subject and,
 * when the issuer has a groups claim, groups.
 *
 * <p>Keys are cached per issuer (see {@link Builder#keyRefreshInterval}, {@link Builder#keyMaxAge} and
 * {@link Builder#unknownKeyRefetchInterval}). {@link #verify} blocks while a key set is fetched, which happens on
 * the first token of an issuer, when a token names an unknown key, and when cached keys have expired: callers on an
 * event loop must run it on another executor. Background refreshes run on the {@link Builder#executor executor}
 * given; this class starts no threads of its own.
 *
 * <p>Thread-safe.
 */
public final class OidcTokenVerifier implements TokenVerifier {
    /** Longer than any identity token in practice; bounds the work done on garbage before parsing. */
    static final int MAX_TOKEN_CHARS = 64 * 1024;

    private final Map<String, TrustedIssuer> issuers;
    private final SignatureCheck signatures;
    private final ClaimsCheck claimsCheck;

    private OidcTokenVerifier(Builder builder) {
        this.issuers = builder.issuers;
        JwksFetcher fetcher = new JwksFetcher(new DefaultResourceRetriever(
                millis(builder.connectTimeout), millis(builder.readTimeout), builder.maxJwksBytes),
                builder.maxJwksBytes);
        this.signatures = new SignatureCheck(new JwksCache(issuers, fetcher, builder.executor, builder.ticker,
                builder.keyRefreshInterval, builder.keyMaxAge, builder.unknownKeyRefetchInterval));
        this.claimsCheck = new ClaimsCheck(builder.clock);
    }

    /** A builder for a verifier trusting {@code issuers}, each identified by its exact, distinct issuer string. */
    public static Builder builder(List<TrustedIssuer> issuers) {
        return new Builder(issuers);
    }

    /**
     * {@inheritDoc}
     *
     * <p>May block on a JWKS fetch (bounded by the builder's connect and read timeouts).
     */
    @Override
    public Identity verify(String token) throws TokenRejectedException {
        SignedJWT jwt = parse(token);
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            // Not chained: Nimbus's parse messages may quote the payload.
            throw reject(FailedCheck.MALFORMED, null, "token payload is not a JWT claims set");
        }
        String claimedIssuer = claims.getIssuer();
        TrustedIssuer issuer = claimedIssuer == null ? null : issuers.get(claimedIssuer);
        if (issuer == null) {
            throw reject(FailedCheck.ISSUER, null, "issuer " + quote(claimedIssuer) + " is not trusted");
        }
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        if (!issuer.allowedAlgorithms().contains(alg.getName())) {
            throw reject(FailedCheck.ALGORITHM, issuer.issuer(), "algorithm " + alg + " is not allowed for this issuer");
        }
        signatures.verify(jwt, issuer.issuer());
        Instant expiresAt = claimsCheck.check(claims, issuer);
        Set<String> groups = GroupMapper.groups(claims.getClaims(), issuer);
        return new Identity(claims.getSubject(), issuer.issuer(), groups, claims.getJWTID(), expiresAt);
    }

    /** Parses a compact JWS whose algorithm this class supports at all; never chains Nimbus's message. */
    private static SignedJWT parse(String token) throws TokenRejectedException {
        if (token == null || token.isEmpty()) {
            throw reject(FailedCheck.MALFORMED, null, "token is empty");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw reject(FailedCheck.MALFORMED, null, "token is longer than " + MAX_TOKEN_CHARS + " characters");
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException | RuntimeException e) {
            throw reject(FailedCheck.MALFORMED, null, "token is not a compact JWT");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            String alg = jwt.getHeader().getAlgorithm().getName();
            throw reject(FailedCheck.ALGORITHM, null, "algorithm " + quote(alg) + " is not a signature algorithm");
        }
        JWSAlgorithm alg = signed.getHeader().getAlgorithm();
        if (!SignatureCheck.SUPPORTED.contains(alg)) {
            throw reject(FailedCheck.ALGORITHM, null, "algorithm " + quote(alg.getName()) + " is never accepted");
        }
        return signed;
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }

    /**
     * Configures an {@link OidcTokenVerifier}. Defaults: keys refreshed after 5 minutes and dropped after 1 hour
     * without a successful fetch, unknown-key re-fetch at most every 30 seconds per issuer, 2 s connect and 5 s read
     * timeouts, JWKS and discovery documents up to 256 KiB, refreshes run on the verifying thread.
     */
    public static final class Builder {
        private final Map<String, TrustedIssuer> issuers;
        private Executor executor = Runnable::run;
        private Clock clock = Clock.systemUTC();
        private Ticker ticker = Ticker.systemTicker();
        private Duration keyRefreshInterval = Duration.ofMinutes(5);
        private Duration keyMaxAge = Duration.ofHours(1);
        private Duration unknownKeyRefetchInterval = Duration.ofSeconds(30);
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration readTimeout = Duration.ofSeconds(5);
        private int maxJwksBytes = 256 * 1024;

        private Builder(List<TrustedIssuer> trusted) {
            Objects.requireNonNull(trusted, "issuers");
            if (trusted.isEmpty()) {
                throw new IllegalArgumentException("at least one trusted issuer is required");
            }
            Map<String, TrustedIssuer> byName = new LinkedHashMap<>();
            for (TrustedIssuer issuer : trusted) {
                for (String algorithm : issuer.allowedAlgorithms()) {
                    if (!SignatureCheck.SUPPORTED.contains(JWSAlgorithm.parse(algorithm))) {
                        throw new IllegalArgumentException("issuer " + issuer.issuer() + ": algorithm " + algorithm
                                + " is not supported; supported are " + SignatureCheck.SUPPORTED);
                    }
                }
                if (byName.put(issuer.issuer(), issuer) != null) {
                    throw new IllegalArgumentException("issuer " + issuer.issuer() + " is configured twice");
                }
            }
            this.issuers = Map.copyOf(byName);
        }

        /**
         * Where background key refreshes run; defaults to the thread that calls {@link #verify} and finds the keys
         * due for refresh. Pass a blocking-capable executor so that verification never waits for a refresh.
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** The clock that {@code exp}, {@code nbf} and {@code iat} are checked against. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The monotonic time source for key caching and re-fetch limits (tests substitute a manual one). */
        public Builder ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /** Age after which a cached key set is re-fetched in the background while still being used. */
        public Builder keyRefreshInterval(Duration interval) {
            this.keyRefreshInterval = positive(interval, "key refresh interval");
            return this;
        }

        /**
         * Age after which a cached key set is no longer used at all: the longest JWKS outage during which tokens
         * still verify against the last keys fetched.
         */
        public Builder keyMaxAge(Duration maxAge) {
            this.keyMaxAge = positive(maxAge, "key max age");
            return this;
        }

        /** Minimum time between two re-fetches of one issuer's JWKS caused by tokens naming unknown keys. */
        public Builder unknownKeyRefetchInterval(Duration interval) {
            Objects.requireNonNull(interval, "unknown key refetch interval");
            if (interval.isNegative()) {
                throw new IllegalArgumentException("unknown key refetch interval must not be negative");
            }
            this.unknownKeyRefetchInterval = interval;
            return this;
        }

        /** TCP connect timeout for JWKS and discovery requests. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connect timeout");
            return this;
        }

        /** Read timeout for JWKS and discovery requests. */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = positive(timeout, "read timeout");
            return this;
        }

        /** Largest JWKS or discovery document accepted, in bytes. */
        public Builder maxJwksBytes(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("max JWKS bytes must be positive");
            }
            this.maxJwksBytes = bytes;
            return this;
        }

        /** Builds the verifier; fetches nothing until the first token arrives. */
        public OidcTokenVerifier build() {
            if (keyMaxAge.compareTo(keyRefreshInterval) <= 0) {
                throw new IllegalArgumentException("key max age (" + keyMaxAge
                        + ") must be longer than the key refresh interval (" + keyRefreshInterval + ")");
            }
            return new OidcTokenVerifier(this);
        }

        private static Duration positive(Duration duration, String what) {
            Objects.requireNonNull(duration, what);
            if (duration.isZero() || duration.isNegative()) {
                throw new IllegalArgumentException(what + " must be positive");
            }
            return duration;
        }
    }
}
