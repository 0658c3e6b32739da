package io.hoopgw.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.jdbc.testing.Props;
import io.hoopgw.jdbc.token.Token;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectionSettingsTest {
    private static final Token TOKEN = Token.of("the-token", "the token property");

    private static PgjdbcRequest rewrite(String url, Properties info) {
        return ConnectionSettings.of(HoopgwUrl.parse(url), info).toPgjdbc(TOKEN);
    }

    private static Map<String, String> asMap(Properties properties) {
        Map<String, String> map = new java.util.TreeMap<>();
        properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
        return map;
    }

    @Test
    void passesEveryOtherParameterAndPropertyThroughWithTheTokenAsPassword() {
        PgjdbcRequest request = rewrite(
                "jdbc:hoopgw://gw.example.com:7000/orders?ApplicationName=report&options=-c%20statement_timeout%3D5s",
                Props.of("user", "alice", "connectTimeout", "3", "prepareThreshold", "0", "custom.thing", "kept"));

        assertThat(request.url()).isEqualTo("jdbc:postgresql://gw.example.com:7000/orders");
        assertThat(asMap(request.properties())).isEqualTo(Map.of(
                "ApplicationName", "report",
                "options", "-c statement_timeout=5s",
                "user", "alice",
                "connectTimeout", "3",
                "prepareThreshold", "0",
                "custom.thing", "kept",
                "sslmode", "require",
                "password", "the-token"));
        assertThat(request.token()).isSameAs(TOKEN);
    }

    @Test
    void aUrlParameterWinsOverAPropertyOfTheSameName() {
        PgjdbcRequest request = rewrite("jdbc:hoopgw://gw/db?user=from-url", Props.of("user", "from-properties"));

        assertThat(request.properties().getProperty("user")).isEqualTo("from-url");
    }

    @Test
    void propertyDefaultsCountAsGiven() {
        Properties defaults = Props.of("user", "from-defaults");

        assertThat(rewrite("jdbc:hoopgw://gw/db", new Properties(defaults)).properties().getProperty("user"))
                .isEqualTo("from-defaults");
    }

    @Test
    void theDriversOwnPropertiesAndAnyGivenPasswordAreNotPassedOn() {
        PgjdbcRequest request = rewrite("jdbc:hoopgw://gw/db?token=literal&tokenProvider=token&githubAudience=a",
                Props.of("tokenFile", "/t", "tokenCommand", "c", "tokenCommandTimeout", "3",
                        "password", "a-saved-database-password"));

        assertThat(asMap(request.properties()))
                .isEqualTo(Map.of("sslmode", "require", "password", "the-token"));
    }

    @Test
    void listsWithoutAPasswordWhenThereIsNoToken() {
        PgjdbcRequest request = ConnectionSettings.of(HoopgwUrl.parse("jdbc:hoopgw://gw/db"), null).toPgjdbc(null);

        assertThat(asMap(request.properties())).isEqualTo(Map.of("sslmode", "require"));
    }

    @ParameterizedTest
    @CsvSource({
        "'',                                   require",
        "sslrootcert=/etc/gw-ca.pem,           verify-full",
        "ssl=true,                             verify-full",
        "ssl,                                  verify-full",
        "ssl=false,                            require",
        "sslmode=disable,                      disable",
        "sslmode=verify-ca&sslrootcert=/ca.pem, verify-ca",
        "sslmode=prefer&ssl=true,              prefer",
    })
    void sslmodeDefaultsToRequireAndAnExplicitOneWins(String parameters, String sslmode) {
        PgjdbcRequest request = rewrite("jdbc:hoopgw://gw/db?" + parameters, null);

        assertThat(request.properties().getProperty("sslmode")).isEqualTo(sslmode);
    }

    @Test
    void anSslmodeGivenAsAPropertyWinsToo() {
        assertThat(rewrite("jdbc:hoopgw://gw/db", Props.of("sslmode", "verify-full")).properties()
                .getProperty("sslmode")).isEqualTo("verify-full");
    }

    /** The PostgreSQL driver's own parser must read the rewritten request as the hoopgw URL meant it. */
    @ParameterizedTest
    @ValueSource(strings = {"orders", "sales%2Feu%20west", "caf%C3%A9+bar", "100%25", "a%2Bb", "x%3Fy%26z"})
    void thePostgresqlDriverReadsTheSameAddressAndDatabase(String encodedDatabase) {
        HoopgwUrl url = HoopgwUrl.parse("jdbc:hoopgw://gw.example.com:7000/" + encodedDatabase + "?user=alice");
        PgjdbcRequest request = ConnectionSettings.of(url, null).toPgjdbc(TOKEN);

        Properties parsed = org.postgresql.Driver.parseURL(request.url(), request.properties());

        assertThat(parsed).isNotNull();
        assertThat(parsed.getProperty("PGHOST")).isEqualTo("gw.example.com");
        assertThat(parsed.getProperty("PGPORT")).isEqualTo("7000");
        assertThat(parsed.getProperty("PGDBNAME")).isEqualTo(url.database());
        assertThat(parsed.getProperty("user")).isEqualTo("alice");
        assertThat(parsed.getProperty("password")).isEqualTo("the-token");
    }

    @Test
    void thePostgresqlDriverReadsAnIpv6Address() {
        PgjdbcRequest request = rewrite("jdbc:hoopgw://[::1]:7000/db", null);

        Properties parsed = org.postgresql.Driver.parseURL(request.url(), request.properties());

        assertThat(parsed.getProperty("PGHOST")).isEqualTo("[::1]");
        assertThat(parsed.getProperty("PGPORT")).isEqualTo("7000");
    }

    @Test
    void theRequestsToStringShowsNoValues() {
        assertThat(rewrite("jdbc:hoopgw://gw/db", Props.of("user", "alice")).toString())
                .isEqualTo("PgjdbcRequest[url=jdbc:postgresql://gw:6432/db, properties=[password, sslmode, user], "
                        + "token=Token[source=the token property, expiresAt=unknown]]")
                .doesNotContain("the-token");
    }
}
