package io.hoopgw.jdbc.it;

import static io.hoopgw.jdbc.it.Gateways.currentUser;
import static io.hoopgw.jdbc.it.Gateways.driver;
import static io.hoopgw.jdbc.it.Gateways.url;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hoopgw.jdbc.Driver;
import io.hoopgw.jdbc.testing.Props;
import io.hoopgw.server.testing.GatewayHarness;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each token provider, through a running gateway to a real PostgreSQL: the token it supplies is the one the
 * gateway judges, shown by which upstream role the gateway then lets the connection use.
 */
class TokenProvidersIT {
    static GatewayHarness harness;
    static GitHubActions github;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        github = GitHubActions.start(Duration.ofMinutes(5));
        harness = GatewayHarness.builder().issuer(github.trustedIssuerYaml("writers")).start();
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
        github.close();
    }

    private Driver driverWith(Map<String, String> variables) {
        return driver(variables, dir.resolve("home"));
    }

    private String writersToken(String subject) {
        return harness.token(subject, "writers");
    }

    @Test
    void tokenPropertyIsPresented() throws Exception {
        try (Connection connection = driverWith(Map.of()).connect(url(harness),
                Props.of("user", harness.writerRole(), "token", writersToken("prop@example.com")))) {
            assertThat(currentUser(connection)).isEqualTo(harness.writerRole());
        }
    }

    @Test
    void tokenUrlParameterIsPresented() throws Exception {
        String token = URLEncoder.encode(writersToken("param@example.com"), StandardCharsets.UTF_8);
        try (Connection connection = driverWith(Map.of()).connect(url(harness) + "&token=" + token,
                Props.of("user", harness.writerRole()))) {
            assertThat(currentUser(connection)).isEqualTo(harness.writerRole());
        }
    }

    @Test
    void hoopgwTokenVariableIsPresented() throws Exception {
        Driver driver = driverWith(Map.of("HOOPGW_TOKEN", writersToken("env@example.com")));

        try (Connection connection = driver.connect(url(harness), Props.of("user", harness.writerRole()))) {
            assertThat(currentUser(connection)).isEqualTo(harness.writerRole());
        }
    }

    @Test
    void tokenFileIsReadAgainForEachConnection() throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, writersToken("alice@example.com") + "\n");
        Driver driver = driverWith(Map.of());
        String writer = harness.writerRole();

        try (Connection connection = driver.connect(url(harness),
                Props.of("user", writer, "tokenFile", file.toString()))) {
            assertThat(currentUser(connection)).isEqualTo(writer);
        }

        // Rotated in place, as Kubernetes does: now a reader's token, which has no grant for the writer role.
        Files.writeString(file, harness.token("bob@example.com", "readers"));
        assertThatThrownBy(() -> driver.connect(url(harness), Props.of("user", writer, "tokenFile", file.toString())))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("28000");
                    assertThat(e.getMessage()).contains("[readers]", "the token came from tokenFile " + file);
                });
        try (Connection connection = driver.connect(url(harness),
                Props.of("user", harness.readerRole(), "tokenFile", file.toString()))) {
            assertThat(currentUser(connection)).isEqualTo(harness.readerRole());
        }
    }

    @Test
    void tokenCommandOutputIsPresented() throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, writersToken("command@example.com"));

        try (Connection connection = driverWith(Map.of()).connect(url(harness),
                Props.of("user", harness.writerRole(), "tokenCommand", "cat '" + file + "'"))) {
            assertThat(currentUser(connection)).isEqualTo(harness.writerRole());
        }
    }

    @Test
    void gitHubActionsTokenIsRequestedForTheGatewaysAudienceAndPresented() throws Exception {
        Driver driver = driverWith(github.jobEnvironment());
        int before = github.requests().size();

        for (int i = 0; i < 2; i++) {
            try (Connection connection = driver.connect(url(harness), Props.of("user", harness.writerRole()))) {
                assertThat(currentUser(connection)).isEqualTo(harness.writerRole());
            }
        }

        // One request: the second connection reused the token, which is good for five minutes.
        assertThat(github.requests().subList(before, github.requests().size()))
                .singleElement()
                .satisfies(query -> assertThat(query).containsEntry("audience", GitHubActions.AUDIENCE));
    }

    @Test
    void gitHubActionsTokenForAnotherAudienceIsRefusedNamingIt() {
        Driver driver = driverWith(github.jobEnvironment());

        assertThatThrownBy(() -> driver.connect(url(harness),
                Props.of("user", harness.writerRole(), "githubAudience", "someone-else")))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("28P01");
                    assertThat(e.getMessage())
                            .contains("the token came from GitHub Actions OIDC (audience someone-else)");
                });
    }

    @Test
    void loginTokenUnderXdgConfigHomeIsPresented() throws Exception {
        Path configHome = dir.resolve("config");
        Files.createDirectories(configHome.resolve("hoopgw"));
        Files.writeString(configHome.resolve("hoopgw/token"), writersToken("login@example.com") + "\n");
        Driver driver = driverWith(Map.of("XDG_CONFIG_HOME", configHome.toString()));

        try (Connection connection = driver.connect(url(harness), Props.of("user", harness.writerRole()))) {
            assertThat(currentUser(connection)).isEqualTo(harness.writerRole());
        }
    }

    @Test
    void loginTokenUnderTheHomeDirectoryIsPresentedWithoutXdgConfigHome() throws Exception {
        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve(".config/hoopgw"));
        Files.writeString(home.resolve(".config/hoopgw/token"), writersToken("login-home@example.com"));

        try (Connection connection = driver(Map.of(), home).connect(url(harness),
                Props.of("user", harness.writerRole()))) {
            assertThat(currentUser(connection)).isEqualTo(harness.writerRole());
        }
    }
}
