package io.hoopgw.jdbc.it;

import static io.hoopgw.jdbc.it.Gateways.countingCatCommand;
import static io.hoopgw.jdbc.it.Gateways.currentUser;
import static io.hoopgw.jdbc.it.Gateways.driver;
import static io.hoopgw.jdbc.it.Gateways.runs;
import static io.hoopgw.jdbc.it.Gateways.url;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hoopgw.jdbc.Driver;
import io.hoopgw.jdbc.testing.MutableClock;
import io.hoopgw.jdbc.testing.Props;
import io.hoopgw.jdbc.token.TokenException;
import io.hoopgw.server.testing.GatewayHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cached tokens across their expiry, through a running gateway. The driver's clock is moved forward instead of
 * waiting; tokens are minted on the real clock, which the gateway judges them by.
 */
class TokenRefreshIT {
    static GatewayHarness harness;
    static GitHubActions github;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        github = GitHubActions.start(Duration.ofMinutes(10));
        harness = GatewayHarness.builder().issuer(github.trustedIssuerYaml("writers")).start();
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
        github.close();
    }

    @Test
    void tokenCommandRunsAgainWhenItsTokenIsAboutToExpire() throws Exception {
        Path tokenFile = dir.resolve("token");
        Path runLog = dir.resolve("runs");
        // Within the driver's 60 s margin after 45 s on its clock.
        Files.writeString(tokenFile, harness.identityProvider()
                .mint("short-lived@example.com", List.of("writers"), Duration.ofSeconds(90)));
        MutableClock clock = new MutableClock();
        Driver driver = driver(Map.of(), dir, clock);
        String command = countingCatCommand(tokenFile, runLog);
        Properties writer = Props.of("user", harness.writerRole(), "tokenCommand", command);

        try (Connection connection = driver.connect(url(harness), writer)) {
            assertThat(currentUser(connection)).isEqualTo(harness.writerRole());
        }
        assertThat(runs(runLog)).isEqualTo(1);

        // The command would now print a reader's token; the cached writer's token is still good, so it does not run.
        Files.writeString(tokenFile, harness.token("fresh@example.com", "readers"));
        try (Connection connection = driver.connect(url(harness), writer)) {
            assertThat(currentUser(connection)).isEqualTo(harness.writerRole());
        }
        assertThat(runs(runLog)).isEqualTo(1);

        clock.advance(Duration.ofSeconds(45));
        Properties reader = Props.of("user", harness.readerRole(), "tokenCommand", command);
        try (Connection connection = driver.connect(url(harness), reader)) {
            assertThat(currentUser(connection)).isEqualTo(harness.readerRole());
        }
        assertThat(runs(runLog)).isEqualTo(2);

        // The fresh token is the reader's: the writer role is refused with it, and the command is not run again.
        assertThatThrownBy(() -> driver.connect(url(harness), writer))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28000"));
        assertThat(runs(runLog)).isEqualTo(2);
    }

    @Test
    void commandTokenThatExpiredIsNeverPresented() throws Exception {
        Path tokenFile = dir.resolve("token");
        Path runLog = dir.resolve("runs");
        Files.writeString(tokenFile, harness.identityProvider()
                .mint("short-lived@example.com", List.of("writers"), Duration.ofSeconds(90)));
        MutableClock clock = new MutableClock();
        Driver driver = driver(Map.of(), dir, clock);
        String command = countingCatCommand(tokenFile, runLog);
        Properties writer = Props.of("user", harness.writerRole(), "tokenCommand", command);
        try (Connection connection = driver.connect(url(harness), writer)) {
            assertThat(currentUser(connection)).isEqualTo(harness.writerRole());
        }

        // Past exp on the driver's clock, and the command still prints the same token: nothing can refresh it.
        clock.advance(Duration.ofSeconds(120));
        assertThatThrownBy(() -> driver.connect(url(harness), writer))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("28P01");
                    assertThat(e.getMessage()).startsWith("tokenCommand: the command printed a token that expired at ");
                    // The driver's own refusal, not the gateway's: the token was not sent.
                    assertThat(e.getCause()).isInstanceOf(TokenException.class);
                });
        assertThat(runs(runLog)).isEqualTo(2);
    }

    @Test
    void gitHubActionsTokenIsRequestedAgainWhenItIsAboutToExpire() throws Exception {
        MutableClock clock = new MutableClock();
        Driver driver = driver(github.jobEnvironment(), dir, clock);
        Properties writer = Props.of("user", harness.writerRole());
        int before = github.requests().size();

        for (int i = 0; i < 2; i++) {
            try (Connection connection = driver.connect(url(harness), writer)) {
                assertThat(currentUser(connection)).isEqualTo(harness.writerRole());
            }
        }
        assertThat(github.requests().size() - before).isEqualTo(1);

        // Ten-minute tokens: after nine and a half the cached one is inside the 60 s margin.
        clock.advance(Duration.ofSeconds(570));
        try (Connection connection = driver.connect(url(harness), writer)) {
            assertThat(currentUser(connection)).isEqualTo(harness.writerRole());
        }
        assertThat(github.requests().size() - before).isEqualTo(2);
    }
}
