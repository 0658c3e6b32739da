package io.hoopgw.jdbc.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hoopgw.jdbc.testing.MutableClock;
import io.hoopgw.jdbc.testing.Props;
import io.hoopgw.jdbc.testing.TestJwts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs real commands through {@code /bin/sh -c}. */
class TokenCommandProviderTest {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();
    private Path tokenFile;
    private Path calls;
    private String command;

    @BeforeEach
    void setUp() {
        tokenFile = dir.resolve("current-token");
        calls = dir.resolve("calls");
        // Records each run, then prints whatever token the test has put in place.
        command = "echo run >> '" + calls + "'; cat '" + tokenFile + "'";
    }

    private TokenResolver resolver() {
        return new TokenResolver(Environment.of(Map.of(), dir), clock);
    }

    private long runs() throws Exception {
        return Files.exists(calls) ? Files.readAllLines(calls).size() : 0;
    }

    @Test
    void returnsTheCommandsTrimmedStdout() throws Exception {
        String jwt = TestJwts.expiringAt("alice", clock.instant().plusSeconds(600));
        Files.writeString(tokenFile, jwt + "\n\n");

        Token token = resolver().resolve(Props.of("tokenCommand", command));

        assertThat(token.value()).isEqualTo(jwt);
        assertThat(token.source()).isEqualTo("tokenCommand");
    }

    @Test
    void reusesTheTokenUntilItsExpiryMinusTheMarginThenRunsAgain() throws Exception {
        String first = TestJwts.expiringAt("alice", clock.instant().plusSeconds(300));
        Files.writeString(tokenFile, first);
        TokenResolver resolver = resolver();
        Properties properties = Props.of("tokenCommand", command);

        assertThat(resolver.resolve(properties).value()).isEqualTo(first);
        String second = TestJwts.expiringAt("alice", clock.instant().plusSeconds(900));
        Files.writeString(tokenFile, second);
        clock.advance(Duration.ofSeconds(239));
        assertThat(resolver.resolve(properties).value()).isEqualTo(first);
        assertThat(runs()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1)); // now exp minus the 60 s margin
        assertThat(resolver.resolve(properties).value()).isEqualTo(second);
        assertThat(runs()).isEqualTo(2);
    }

    @Test
    void runsAgainOnceTheCachedTokenHasExpired() throws Exception {
        Files.writeString(tokenFile, TestJwts.expiringAt("alice", clock.instant().plusSeconds(120)));
        TokenResolver resolver = resolver();
        Properties properties = Props.of("tokenCommand", command);
        resolver.resolve(properties);

        clock.advance(Duration.ofSeconds(600));
        String fresh = TestJwts.expiringAt("alice", clock.instant().plusSeconds(120));
        Files.writeString(tokenFile, fresh);

        Token token = resolver.resolve(properties);
        assertThat(token.value()).isEqualTo(fresh);
        assertThat(token.isExpiredAt(clock.instant())).isFalse();
        assertThat(runs()).isEqualTo(2);
    }

    @Test
    void connectionsThatNeedATokenAtOnceShareOneRun() throws Exception {
        String jwt = TestJwts.expiringAt("alice", clock.instant().plusSeconds(600));
        Files.writeString(tokenFile, jwt);
        TokenResolver resolver = resolver();
        Properties properties = Props.of("tokenCommand", "sleep 0.3; " + command);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Token>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> resolver.resolve(properties)));
            }
            for (Future<Token> result : results) {
                assertThat(result.get(10, TimeUnit.SECONDS).value()).isEqualTo(jwt);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(runs()).isEqualTo(1);
    }

    @Test
    void aTokenWithoutKnownExpiryIsNotReused() throws Exception {
        Files.writeString(tokenFile, "opaque");
        TokenResolver resolver = resolver();
        Properties properties = Props.of("tokenCommand", command);

        resolver.resolve(properties);
        resolver.resolve(properties);

        assertThat(runs()).isEqualTo(2);
    }

    @Test
    void aCommandThatPrintsAnExpiredTokenIsAnError() throws Exception {
        String expired = TestJwts.expiringAt("alice", clock.instant().minusSeconds(1));
        Files.writeString(tokenFile, expired);

        assertThatThrownBy(() -> resolver().resolve(Props.of("tokenCommand", command)))
                .isInstanceOf(TokenException.class)
                .hasMessageStartingWith("tokenCommand: the command printed a token that expired at "
                        + clock.instant().minusSeconds(1))
                .message().doesNotContain(expired);
    }

    @Test
    void aCommandThatRunsTooLongIsKilledAtItsTimeout() {
        long start = System.nanoTime();

        assertThatThrownBy(() -> resolver().resolve(
                Props.of("tokenCommand", "sleep 30; echo late", "tokenCommandTimeout", "1")))
                .isInstanceOf(TokenException.class)
                .hasMessageStartingWith("tokenCommand: timed out after 1 s and was killed");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aFailingCommandReportsItsStatusAndFirstStderrLine() {
        assertThatThrownBy(() -> resolver().resolve(Props.of(
                "tokenCommand", "echo 'not logged in' >&2; echo 'second line' >&2; exit 3")))
                .hasMessageStartingWith("tokenCommand: exited with status 3; stderr: not logged in (before it:");
    }

    @Test
    void aCommandThatPrintsNothingIsAnError() {
        assertThatThrownBy(() -> resolver().resolve(Props.of("tokenCommand", "true", "tokenProvider",
                "tokenCommand")))
                .hasMessage("tokenCommand: printed nothing on stdout");
    }

    @Test
    void aCommandThatPrintsMoreThanATokenIsAnError() {
        assertThatThrownBy(() -> resolver().resolve(Props.of("tokenCommand", "head -c 70000 /dev/zero | tr '\\0' a",
                "tokenProvider", "tokenCommand")))
                .hasMessage("tokenCommand: printed more than 65536 bytes, so not a token");
    }

    @Test
    void drainsStderrSoAChattyCommandDoesNotHang() throws Exception {
        Files.writeString(tokenFile, "opaque");

        Token token = resolver().resolve(Props.of("tokenCommand",
                "head -c 200000 /dev/zero >&2; cat '" + tokenFile + "'", "tokenCommandTimeout", "5"));

        assertThat(token.value()).isEqualTo("opaque");
    }

    @Test
    void rejectsATimeoutThatIsNotAPositiveNumberOfSeconds() {
        assertThatThrownBy(() -> resolver().resolve(Props.of("tokenCommand", "true", "tokenCommandTimeout", "10s",
                "tokenProvider", "tokenCommand")))
                .hasMessage("tokenCommandTimeout=10s: not a whole number of seconds");
        assertThatThrownBy(() -> resolver().resolve(Props.of("tokenCommand", "true", "tokenCommandTimeout", "0",
                "tokenProvider", "tokenCommand")))
                .hasMessage("tokenCommandTimeout=0: must be at least 1 second");
    }
}
