package io.hoopgw.jdbc;

import io.hoopgw.jdbc.token.Token;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeSet;

/**
 * A connection request for the PostgreSQL driver.
 *
 * @param url        a {@code jdbc:postgresql:} URL without parameters
 * @param properties everything else, including the token as {@code password}
 * @param token      the token sent as the password, or null in a request made only to list properties
 */
record PgjdbcRequest(String url, Properties properties, Token token) {
    PgjdbcRequest {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(properties, "properties");
    }

    /** Names the properties but shows no values: the password is a token. */
    @Override
    public String toString() {
        return "PgjdbcRequest[url=" + url + ", properties=" + new TreeSet<>(properties.stringPropertyNames())
                + ", token=" + token + "]";
    }
}
