package io.hoopgw.core.auth;

import static io.hoopgw.core.auth.Rejected.assertRejected;
import static io.hoopgw.core.auth.TestTokens.AUDIENCE;
import static io.hoopgw.core.auth.TestTokens.claims;
import static io.hoopgw.core.auth.TestTokens.sign;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import io.hoopgw.core.auth.TokenRejectedException.FailedCheck;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How and when the verifier fetches keys: caching, discovery, files, re-fetch limits, refresh and outages. */
class JwksCachingTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final ECKey KEY = TestTokens.ec("key-1");
    private static final ECKey NEXT_KEY = TestTokens.ec("key-2");

    private final ManualTicker ticker = new ManualTicker();
    private final List<Runnable> backgroundTasks = Collections.synchronizedList(new ArrayList<>());
    private JwksServer idp;

    @BeforeEach
    void startIdentityProvider() {
        idp = JwksServer.publishing(KEY);
    }

    @AfterEach
    void stopIdentityProvider() {
        idp.close();
    }

    private OidcTokenVerifier.Builder builder(TrustedIssuer issuer) {
        return OidcTokenVerifier.builder(List.of(issuer))
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .ticker(ticker)
                .executor(backgroundTasks::add);
    }

    private OidcTokenVerifier verifier(URI jwksUri) {
        return builder(issuer(jwksUri, null)).build();
    }

    private TrustedIssuer issuer(URI jwksUri, Path jwksFile) {
        return new TrustedIssuer(idp.issuer(), AUDIENCE, jwksUri, jwksFile, "groups", null, null, null);
    }

    private String token(ECKey key) {
        return sign(key, claims(idp.issuer(), NOW).build());
    }

    private String tokenWithKid(String kid) {
        return sign(KEY, TestTokens.algorithmFor(KEY), kid, claims(idp.issuer(), NOW).build());
    }

    private void runBackgroundTasks() {
        List<Runnable> due;
        synchronized (backgroundTasks) {
            due = new ArrayList<>(backgroundTasks);
            backgroundTasks.clear();
        }
        due.forEach(Runnable::run);
    }

    @Test
    void fetchesTheJwksOnceForManyVerifications() throws Exception {
        OidcTokenVerifier verifier = verifier(idp.jwksUri());

        for (int i = 0; i < 25; i++) {
            verifier.verify(token(KEY));
        }

        assertThat(idp.jwksRequests()).isEqualTo(1);
        assertThat(idp.discoveryRequests()).isZero();
    }

    @Test
    void findsTheJwksThroughDiscovery() throws Exception {
        OidcTokenVerifier verifier = verifier(null);

        for (int i = 0; i < 5; i++) {
            assertThat(verifier.verify(token(KEY)).issuer()).isEqualTo(idp.issuer());
        }

        assertThat(idp.discoveryRequests()).isEqualTo(1);
        assertThat(idp.jwksRequests()).isEqualTo(1);
    }

    @Test
    void rejectsDiscoveryDocumentNamingAnotherIssuer() {
        idp.discoveryNamesIssuer("https://someone-else.example");

        TokenRejectedException rejection = assertRejected(verifier(null), token(KEY), FailedCheck.KEYS_UNAVAILABLE);

        assertThat(rejection.getCause()).hasMessageContaining("names issuer \"https://someone-else.example\"");
        assertThat(idp.jwksRequests()).isZero();
    }

    @Test
    void readsKeysFromALocalFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("jwks.json");
        Files.writeString(file, new JWKSet(KEY).toPublicJWKSet().toString());
        idp.close();

        OidcTokenVerifier verifier = builder(issuer(null, file)).build();

        assertThat(verifier.verify(token(KEY)).subject()).isEqualTo("alice@example.com");
    }

    @Test
    void unknownKidRefetchesOnceThenWaitsForTheInterval() throws Exception {
        OidcTokenVerifier verifier = verifier(idp.jwksUri());
        verifier.verify(token(KEY));
        assertThat(idp.jwksRequests()).isEqualTo(1);

        assertRejected(verifier, tokenWithKid("forged-1"), FailedCheck.UNKNOWN_KEY);
        assertThat(idp.jwksRequests()).as("first unknown kid re-fetches").isEqualTo(2);

        assertThat(assertRejected(verifier, tokenWithKid("forged-2"), FailedCheck.UNKNOWN_KEY).getMessage())
                .contains("re-fetched too recently");
        ticker.advance(Duration.ofSeconds(29));
        assertRejected(verifier, tokenWithKid("forged-3"), FailedCheck.UNKNOWN_KEY);
        assertThat(idp.jwksRequests()).as("no re-fetch within 30 s").isEqualTo(2);

        ticker.advance(Duration.ofSeconds(2));
        assertRejected(verifier, tokenWithKid("forged-4"), FailedCheck.UNKNOWN_KEY);
        assertThat(idp.jwksRequests()).as("re-fetch allowed again after 30 s").isEqualTo(3);
    }

    @Test
    void acceptsARotatedKeyAfterRefetching() throws Exception {
        OidcTokenVerifier verifier = verifier(idp.jwksUri());
        verifier.verify(token(KEY));

        idp.publish(KEY, NEXT_KEY);
        Identity rotated = verifier.verify(token(NEXT_KEY));
        verifier.verify(token(NEXT_KEY));
        verifier.verify(token(KEY));

        assertThat(rotated.subject()).isEqualTo("alice@example.com");
        assertThat(idp.jwksRequests()).isEqualTo(2);
    }

    @Test
    void aRotationDuringTheRefetchIntervalIsPickedUpAfterIt() throws Exception {
        OidcTokenVerifier verifier = verifier(idp.jwksUri());
        assertRejected(verifier, tokenWithKid("forged"), FailedCheck.UNKNOWN_KEY);

        idp.publish(KEY, NEXT_KEY);
        assertRejected(verifier, token(NEXT_KEY), FailedCheck.UNKNOWN_KEY);
        ticker.advance(Duration.ofSeconds(31));

        assertThat(verifier.verify(token(NEXT_KEY)).subject()).isEqualTo("alice@example.com");
    }

    @Test
    void concurrentTokensWithTheRotatedKeyShareOneRefetch() throws Exception {
        OidcTokenVerifier verifier = verifier(idp.jwksUri());
        verifier.verify(token(KEY));
        idp.publish(KEY, NEXT_KEY);
        String rotated = token(NEXT_KEY);
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Identity>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(callers.submit(() -> {
                    start.await();
                    return verifier.verify(rotated);
                }));
            }
            start.countDown();
            for (Future<Identity> result : results) {
                assertThat(result.get(10, TimeUnit.SECONDS).subject()).isEqualTo("alice@example.com");
            }
        } finally {
            callers.shutdownNow();
        }

        assertThat(idp.jwksRequests()).isEqualTo(2);
    }

    @Test
    void aZeroRefetchIntervalRefetchesForEveryUnknownKid() {
        OidcTokenVerifier verifier = builder(issuer(idp.jwksUri(), null))
                .unknownKeyRefetchInterval(Duration.ZERO).build();

        IntStream.range(0, 3).forEach(i -> assertRejected(verifier, tokenWithKid("k" + i), FailedCheck.UNKNOWN_KEY));

        // One initial load, then one re-fetch per unknown kid.
        assertThat(idp.jwksRequests()).isEqualTo(4);
    }

    @Test
    void refreshesKeysInTheBackgroundOnTheGivenExecutor() throws Exception {
        OidcTokenVerifier verifier = verifier(idp.jwksUri());
        verifier.verify(token(KEY));
        runBackgroundTasks();
        idp.publish(NEXT_KEY);

        ticker.advance(Duration.ofMinutes(6));
        // Still answered from the cached set while the refresh waits on the executor.
        verifier.verify(token(KEY));
        assertThat(idp.jwksRequests()).isEqualTo(1);

        runBackgroundTasks();
        assertThat(idp.jwksRequests()).isEqualTo(2);
        assertThat(verifier.verify(token(NEXT_KEY)).subject()).isEqualTo("alice@example.com");
        assertThat(idp.jwksRequests()).isEqualTo(2);
    }

    @Test
    void keepsCachedKeysThroughAShortOutageButNotPastTheirMaxAge() throws Exception {
        OidcTokenVerifier verifier = verifier(idp.jwksUri());
        verifier.verify(token(KEY));
        idp.respondWith(503);

        ticker.advance(Duration.ofMinutes(30));
        verifier.verify(token(KEY));
        runBackgroundTasks();
        assertThat(verifier.verify(token(KEY)).subject()).isEqualTo("alice@example.com");

        ticker.advance(Duration.ofMinutes(31));
        assertRejected(verifier, token(KEY), FailedCheck.KEYS_UNAVAILABLE);
        idp.respondWith(200);
        assertThat(verifier.verify(token(KEY)).subject()).isEqualTo("alice@example.com");
    }

    @Test
    void reportsKeysUnavailableWhenNothingListens() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        OidcTokenVerifier verifier = verifier(URI.create("http://127.0.0.1:" + closedPort + "/jwks.json"));

        TokenRejectedException rejection = assertRejected(verifier, token(KEY), FailedCheck.KEYS_UNAVAILABLE);

        assertThat(rejection.getMessage()).contains(idp.issuer());
        assertThat(rejection.getCause()).hasMessageContaining("cannot fetch http://127.0.0.1:" + closedPort);
    }

    @Test
    void reportsKeysUnavailableOnHttpError() {
        idp.respondWith(500);

        assertRejected(verifier(idp.jwksUri()), token(KEY), FailedCheck.KEYS_UNAVAILABLE);
        assertRejected(verifier(null), token(KEY), FailedCheck.KEYS_UNAVAILABLE);
    }

    @Test
    void givesUpOnAStalledServerAfterTheReadTimeout() {
        idp.stall();
        OidcTokenVerifier verifier = builder(issuer(idp.jwksUri(), null))
                .readTimeout(Duration.ofMillis(200)).build();

        long start = System.nanoTime();
        assertRejected(verifier, token(KEY), FailedCheck.KEYS_UNAVAILABLE);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void refusesOversizedAndInvalidKeySets() {
        List<ECKey> many = IntStream.range(0, 10).mapToObj(i -> TestTokens.ec("big-" + i)).toList();
        idp.publish(many.toArray(ECKey[]::new));
        OidcTokenVerifier small = builder(issuer(idp.jwksUri(), null)).maxJwksBytes(1024).build();

        assertRejected(small, token(KEY), FailedCheck.KEYS_UNAVAILABLE);

        idp.publishRaw("{\"keys\": \"not a list\"}");
        assertRejected(verifier(idp.jwksUri()), token(KEY), FailedCheck.KEYS_UNAVAILABLE);
        idp.publishRaw("<html>login</html>");
        assertRejected(verifier(idp.jwksUri()), token(KEY), FailedCheck.KEYS_UNAVAILABLE);
    }

    @Test
    void refusesAnOversizedKeyFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("jwks.json");
        Files.writeString(file, new JWKSet(KEY).toPublicJWKSet().toString());
        OidcTokenVerifier small = builder(issuer(null, file)).maxJwksBytes(64).build();

        assertRejected(small, token(KEY), FailedCheck.KEYS_UNAVAILABLE);
        assertRejected(builder(issuer(null, dir.resolve("missing.json"))).build(), token(KEY),
                FailedCheck.KEYS_UNAVAILABLE);
    }
}
