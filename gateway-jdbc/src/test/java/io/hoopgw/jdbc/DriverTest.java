package io.hoopgw.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hoopgw.jdbc.testing.MutableClock;
import io.hoopgw.jdbc.testing.Props;
import io.hoopgw.jdbc.testing.TestJwts;
import io.hoopgw.jdbc.token.Environment;
import io.hoopgw.jdbc.token.TokenResolver;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DriverTest {
    @TempDir
    Path home;

    private Driver driverWith(Map<String, String> variables) {
        return new Driver(new TokenResolver(Environment.of(variables, home), new MutableClock()));
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void acceptsOnlyHoopgwUrls() {
        Driver driver = new Driver();

        assertThat(driver.acceptsURL("jdbc:hoopgw://gw/db")).isTrue();
        assertThat(driver.acceptsURL("jdbc:hoopgw:anything-else")).isTrue();
        assertThat(driver.acceptsURL("jdbc:postgresql://gw/db")).isFalse();
        assertThat(driver.acceptsURL("jdbc:hoopgw")).isFalse();
        assertThat(driver.acceptsURL(null)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:postgresql://127.0.0.1/db", "jdbc:mysql://127.0.0.1/db", "jdbc:h2:mem:x"})
    void connectReturnsNullForOtherDriversUrlsWithoutLookingForAToken(String url) throws Exception {
        assertThat(driverWith(Map.of()).connect(url, new Properties())).isNull();
    }

    @Test
    void coexistsWithThePostgresqlDriverInDriverManager() throws Exception {
        assertThat(Driver.isRegistered()).isTrue();
        assertThat(DriverManager.getDriver("jdbc:hoopgw://gw/db")).isInstanceOf(Driver.class);
        assertThat(DriverManager.getDriver("jdbc:postgresql://gw/db")).isInstanceOf(org.postgresql.Driver.class);
    }

    @Test
    void isDeclaredAsAJavaSqlDriverService() {
        assertThat(ServiceLoader.load(java.sql.Driver.class).stream().map(ServiceLoader.Provider::type))
                .contains(Driver.class, org.postgresql.Driver.class);
    }

    @Test
    void canBeDeregisteredAndRegisteredAgain() throws Exception {
        Driver.deregister();
        try {
            assertThat(Driver.isRegistered()).isFalse();
            assertThatThrownBy(() -> DriverManager.getDriver("jdbc:hoopgw://gw/db"))
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(Driver::deregister).isInstanceOf(IllegalStateException.class);
        } finally {
            Driver.register();
        }
        assertThat(DriverManager.getDriver("jdbc:hoopgw://gw/db")).isInstanceOf(Driver.class);
        assertThatThrownBy(Driver::register).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void reportsTheProjectVersion() {
        String version = System.getProperty("hoopgw.version");
        String[] parts = version.split("[.-]");
        Driver driver = new Driver();

        assertThat(Driver.getVersion()).isEqualTo(version);
        assertThat(driver.getMajorVersion()).isEqualTo(Integer.parseInt(parts[0]));
        assertThat(driver.getMinorVersion()).isEqualTo(Integer.parseInt(parts[1]));
        assertThat(driver.jdbcCompliant()).isFalse();
        assertThat(driver.getParentLogger().getName()).isEqualTo("io.hoopgw.jdbc");
    }

    @Test
    void propertyInfoListsTheTokenPropertiesThenThePostgresqlDriversWithoutPassword() throws Exception {
        DriverPropertyInfo[] info = new Driver().getPropertyInfo(
                "jdbc:hoopgw://gw/db?tokenFile=/var/run/token", Props.of("user", "alice"));
        Map<String, DriverPropertyInfo> byName = Arrays.stream(info)
                .collect(Collectors.toMap(entry -> entry.name, Function.identity()));

        assertThat(Arrays.stream(info).limit(6).map(entry -> entry.name)).containsExactly(
                "token", "tokenProvider", "tokenFile", "tokenCommand", "tokenCommandTimeout", "githubAudience");
        assertThat(byName.get("tokenFile").value).isEqualTo("/var/run/token");
        assertThat(byName.get("tokenFile").description).contains("re-read for every connection");
        assertThat(byName.get("tokenCommandTimeout").value).isEqualTo("10");
        assertThat(byName.get("githubAudience").value).isEqualTo("hoopgw");
        assertThat(byName.get("tokenProvider").choices)
                .containsExactly("token", "env", "tokenFile", "tokenCommand", "githubActions", "login");
        assertThat(byName.get("sslmode").value).isEqualTo("require");
        assertThat(byName.get("user").value).isEqualTo("alice");
        assertThat(byName.get("socketTimeout").description).isNotBlank();
        assertThat(byName).doesNotContainKey("password");
    }

    @Test
    void propertyInfoWorksWhileTheUrlIsIncomplete() throws Exception {
        assertThat(new Driver().getPropertyInfo("jdbc:hoopgw:", new Properties()))
                .extracting(entry -> entry.name)
                .contains("token", "sslmode");
    }

    @Test
    void withoutATokenConnectFailsWith28P01NamingTheProvidersTried() {
        assertThatThrownBy(() -> driverWith(Map.of()).connect("jdbc:hoopgw://127.0.0.1/db", new Properties()))
                .isInstanceOf(SQLInvalidAuthorizationSpecException.class)
                .hasMessageStartingWith("No token to present to the gateway. Tried, in order: token: the token "
                        + "property is not set; env: HOOPGW_TOKEN is not set;")
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("28P01");
    }

    @Test
    void aMalformedHoopgwUrlIsAnErrorSayingWhy() {
        assertThatThrownBy(() -> driverWith(Map.of()).connect("jdbc:hoopgw://gw:port/db?token=secret", null))
                .isInstanceOf(SQLNonTransientConnectionException.class)
                .hasMessage("Invalid hoopgw URL: the port 'port' is not a number. "
                        + "Expected jdbc:hoopgw://host[:port]/database[?name=value&...]")
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08001");
    }

    @Test
    void preparesTheRequestWithTheResolvedToken() throws Exception {
        String jwt = TestJwts.expiringAt("alice", java.time.Instant.now().plusSeconds(600));

        PgjdbcRequest request = driverWith(Map.of("HOOPGW_TOKEN", jwt))
                .prepare("jdbc:hoopgw://127.0.0.1:7000/orders?ApplicationName=etl", Props.of("user", "alice"));

        assertThat(request.url()).isEqualTo("jdbc:postgresql://127.0.0.1:7000/orders");
        assertThat(request.properties()).containsOnly(
                Map.entry("ApplicationName", "etl"), Map.entry("user", "alice"),
                Map.entry("sslmode", "require"), Map.entry("password", jwt));
        assertThat(request.token().source()).isEqualTo("HOOPGW_TOKEN");
    }

    /** The connection attempt really reaches the PostgreSQL driver, which dials the rewritten address. */
    @Test
    void connectHandsTheRewrittenAddressToThePostgresqlDriver() throws Exception {
        int port = closedPort();

        assertThatThrownBy(() -> driverWith(Map.of("HOOPGW_TOKEN", "opaque"))
                .connect("jdbc:hoopgw://127.0.0.1:" + port + "/db", Props.of("user", "alice")))
                .isInstanceOf(org.postgresql.util.PSQLException.class)
                .hasMessageContaining("127.0.0.1:" + port)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08001");
    }

    @Test
    void aRefusedLoginSaysWhichProviderSuppliedTheToken() {
        SQLException refused = new SQLException("FATAL: token rejected: expired", "28P01", 0);
        String jwt = TestJwts.expiringAt("alice", java.time.Instant.parse("2030-01-01T00:00:00Z"));

        SQLException augmented = LoginFailures.augment(refused, io.hoopgw.jdbc.token.Token.of(jwt, "tokenFile /t"));

        assertThat((Throwable) augmented)
                .isInstanceOf(SQLInvalidAuthorizationSpecException.class)
                .hasMessage("FATAL: token rejected: expired "
                        + "(the token came from tokenFile /t, expiring 2030-01-01T00:00:00Z)")
                .hasCause(refused);
        assertThat(augmented.getSQLState()).isEqualTo("28P01");
        assertThat(augmented.getMessage()).doesNotContain(jwt);
    }

    @Test
    void otherErrorsAreNotAugmented() {
        SQLException refused = new SQLException("Connection refused", "08001");

        assertThat((Throwable) LoginFailures.augment(refused, io.hoopgw.jdbc.token.Token.of("t", "x")))
                .isSameAs(refused);
    }
}
