package io.hoopgw.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hoopgw.jdbc.testing.MutableClock;
import io.hoopgw.jdbc.token.Environment;
import io.hoopgw.jdbc.token.TokenResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HoopgwDataSourceTest {
    @TempDir
    Path dir;

    private HoopgwDataSource dataSource(Map<String, String> variables) {
        return new HoopgwDataSource(
                new Driver(new TokenResolver(Environment.of(variables, dir), new MutableClock())));
    }

    @Test
    void buildsTheRequestFromServerPortAndDatabase() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), "file-token");
        HoopgwDataSource ds = dataSource(Map.of());
        ds.setServerName("gw.example.com");
        ds.setPortNumber(7000);
        ds.setDatabaseName("orders");
        ds.setUser("alice");
        ds.setTokenFile(tokenFile.toString());
        ds.setApplicationName("etl");
        ds.setProperty("prepareThreshold", "0");

        PgjdbcRequest request = ds.prepare();

        assertThat(ds.getUrl()).isEqualTo("jdbc:hoopgw://gw.example.com:7000/orders");
        assertThat(request.url()).isEqualTo("jdbc:postgresql://gw.example.com:7000/orders");
        assertThat(request.properties()).containsOnly(
                Map.entry("user", "alice"), Map.entry("ApplicationName", "etl"), Map.entry("prepareThreshold", "0"),
                Map.entry("sslmode", "require"), Map.entry("password", "file-token"));
        assertThat(request.token().source()).isEqualTo("tokenFile " + tokenFile);
    }

    @Test
    void takesAddressDatabaseAndParametersFromAUrlAndLaterSettersOverrideThem() throws Exception {
        HoopgwDataSource ds = dataSource(Map.of("HOOPGW_TOKEN", "env-token"));
        ds.setURL("jdbc:hoopgw://[::1]/orders?sslmode=verify-full&user=bob");
        ds.setUser("alice");
        ds.setPortNumber(0);

        PgjdbcRequest request = ds.prepare();

        assertThat(ds.getServerName()).isEqualTo("[::1]");
        assertThat(ds.getPortNumber()).isEqualTo(6432);
        assertThat(ds.getDatabaseName()).isEqualTo("orders");
        assertThat(ds.getSslMode()).isEqualTo("verify-full");
        assertThat(request.url()).isEqualTo("jdbc:postgresql://[::1]:6432/orders");
        assertThat(request.properties()).containsOnly(
                Map.entry("user", "alice"), Map.entry("sslmode", "verify-full"), Map.entry("password", "env-token"));
    }

    @Test
    void tokenProviderSettersReachTheProviders() throws Exception {
        HoopgwDataSource ds = dataSource(Map.of("HOOPGW_TOKEN", "env-token"));
        ds.setDatabaseName("orders");
        ds.setTokenCommand("echo command-token");
        ds.setTokenCommandTimeout(3);
        ds.setTokenProvider("tokenCommand");
        ds.setGithubAudience("gw");
        ds.setSslRootCert("/etc/gw-ca.pem");

        PgjdbcRequest request = ds.prepare();

        assertThat(request.token().value()).isEqualTo("command-token");
        assertThat(request.properties()).containsOnly(Map.entry("sslrootcert", "/etc/gw-ca.pem"),
                Map.entry("sslmode", "verify-full"), Map.entry("password", "command-token"));
        assertThat(ds.getTokenCommandTimeout()).isEqualTo(3);
        assertThat(ds.getTokenProvider()).isEqualTo("tokenCommand");
        assertThat(ds.getGithubAudience()).isEqualTo("gw");
    }

    @Test
    void aDatabaseIsRequired() {
        assertThatThrownBy(() -> dataSource(Map.of("HOOPGW_TOKEN", "t")).getConnection())
                .isInstanceOf(SQLNonTransientConnectionException.class)
                .hasMessage("HoopgwDataSource: set databaseName (the gateway target) or url");
    }

    @Test
    void connectsThroughTheDriverSoAMissingTokenIs28P01() {
        HoopgwDataSource ds = dataSource(Map.of());
        ds.setDatabaseName("orders");

        assertThatThrownBy(() -> ds.getConnection("alice", "ignored-password"))
                .isInstanceOf(SQLInvalidAuthorizationSpecException.class)
                .hasMessageStartingWith("No token to present to the gateway.")
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("28P01");
    }

    @Test
    void aMalformedUrlIsRejectedWhenSet() {
        assertThatThrownBy(() -> dataSource(Map.of()).setUrl("jdbc:hoopgw://gw"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid hoopgw URL: it names no database");
    }

    @Test
    void neitherToStringNorGetUrlShowsTheToken() {
        HoopgwDataSource ds = dataSource(Map.of());
        ds.setUrl("jdbc:hoopgw://gw/orders?token=secret-token");

        assertThat(ds.getUrl()).isEqualTo("jdbc:hoopgw://gw:6432/orders");
        assertThat(ds.toString()).isEqualTo("HoopgwDataSource[jdbc:hoopgw://gw:6432/orders, properties=[token]]");
    }

    @Test
    void isADataSourceForToolsConfiguredByClassName() throws Exception {
        DataSource ds = (DataSource) Class.forName("io.hoopgw.jdbc.HoopgwDataSource")
                .getDeclaredConstructor().newInstance();
        ds.setLoginTimeout(5);

        assertThat(ds.getLoginTimeout()).isEqualTo(5);
        assertThat(ds.isWrapperFor(HoopgwDataSource.class)).isTrue();
        assertThat(ds.unwrap(HoopgwDataSource.class)).isSameAs(ds);
        assertThat(ds.unwrap(HoopgwDataSource.class).getProperty("loginTimeout")).isEqualTo("5");
        assertThatThrownBy(() -> ds.unwrap(String.class)).isInstanceOf(SQLException.class);
        assertThat(ds.getParentLogger().getName()).isEqualTo("io.hoopgw.jdbc");
    }
}
