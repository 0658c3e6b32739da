package io.hoopgw.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HoopgwUrlTest {

    @Test
    void parsesHostPortDatabaseAndParameters() {
        HoopgwUrl url = HoopgwUrl.parse("jdbc:hoopgw://gw.example.com:7000/orders?sslmode=verify-full&user=alice");

        assertThat(url).isEqualTo(new HoopgwUrl("gw.example.com", 7000, "orders",
                Map.of("sslmode", "verify-full", "user", "alice")));
    }

    @Test
    void thePortDefaultsTo6432() {
        assertThat(HoopgwUrl.parse("jdbc:hoopgw://gw/orders").port()).isEqualTo(6432);
    }

    @ParameterizedTest
    @CsvSource({
        "jdbc:hoopgw://[::1]/db,           [::1],       6432",
        "jdbc:hoopgw://[::1]:7000/db,      [::1],       7000",
        "jdbc:hoopgw://127.0.0.1:65535/db, 127.0.0.1,   65535",
    })
    void acceptsIpAddresses(String text, String host, int port) {
        HoopgwUrl url = HoopgwUrl.parse(text);

        assertThat(url.host()).isEqualTo(host);
        assertThat(url.port()).isEqualTo(port);
    }

    @Test
    void decodesParametersAndTheDatabaseAsThePostgresqlDriverDoes() {
        HoopgwUrl url = HoopgwUrl.parse(
                "jdbc:hoopgw://gw/sales%2Feu%20west?options=-c%20search_path%3Dapp&flag&ApplicationName=a+b&x=1&x=2");

        assertThat(url.database()).isEqualTo("sales/eu west");
        assertThat(url.parameters()).containsExactly(
                Map.entry("options", "-c search_path=app"),
                Map.entry("flag", ""),
                Map.entry("ApplicationName", "a b"),
                Map.entry("x", "2"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "jdbc:postgresql://gw/db       | it does not start with jdbc:hoopgw:",
        "jdbc:hoopgw:gw/db             | the host must follow jdbc:hoopgw://",
        "jdbc:hoopgw://gw              | it names no database (the gateway target)",
        "jdbc:hoopgw://gw/             | it names no database (the gateway target)",
        "jdbc:hoopgw://gw/?token=x     | it names no database (the gateway target)",
        "jdbc:hoopgw:///db             | it names no host",
        "jdbc:hoopgw://:7000/db        | it names no host",
        "jdbc:hoopgw://gw:x/db         | the port 'x' is not a number",
        "jdbc:hoopgw://gw:0/db         | the port 0 is not between 1 and 65535",
        "jdbc:hoopgw://gw:65536/db     | the port 65536 is not between 1 and 65535",
        "jdbc:hoopgw://a,b/db          | it names more than one host; the driver connects to one gateway address",
        "jdbc:hoopgw://[::1/db         | the IPv6 address has no closing ']'",
        "jdbc:hoopgw://[::1]x/db       | unexpected text after the IPv6 address: x",
        "jdbc:hoopgw://gw/a/b          | the database name contains '/'; percent-encode it as %2F",
        "jdbc:hoopgw://gw/db?=x        | a parameter has no name",
        "jdbc:hoopgw://gw/db?token=%zz | the value of parameter token has a malformed %-escape",
    })
    void rejectsMalformedUrlsSayingWhy(String text, String reason) {
        assertThatThrownBy(() -> HoopgwUrl.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid hoopgw URL: " + reason
                        + ". Expected jdbc:hoopgw://host[:port]/database[?name=value&...]");
    }

    @Test
    void rewritesToAPostgresqlUrlWithoutParameters() {
        assertThat(HoopgwUrl.parse("jdbc:hoopgw://[::1]/sales%2Feu%20west?token=secret").toPgjdbcUrl())
                .isEqualTo("jdbc:postgresql://[::1]:6432/sales%2Feu+west");
    }

    @Test
    void toStringLeavesParameterValuesOut() {
        assertThat(HoopgwUrl.parse("jdbc:hoopgw://gw/db?token=secret-token").toString())
                .isEqualTo("HoopgwUrl[jdbc:hoopgw://gw:6432/db, parameters=[token]]");
    }
}
