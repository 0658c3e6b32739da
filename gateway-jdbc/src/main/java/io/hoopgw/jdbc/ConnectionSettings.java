package io.hoopgw.jdbc;

import io.hoopgw.jdbc.token.Token;
import io.hoopgw.jdbc.token.TokenProperty;
import java.util.Properties;

/**
 * One connection's settings: a parsed URL and the caller's {@code Properties}, merged the way the PostgreSQL
 * driver merges them (a URL parameter wins over a {@code Properties} entry of the same name), then split into
 * what the token providers read and what the PostgreSQL driver receives.
 */
final class ConnectionSettings {
    static final String PASSWORD = "password";
    static final String SSL_MODE = "sslmode";
    static final String SSL = "ssl";
    static final String SSL_ROOT_CERT = "sslrootcert";

    private final HoopgwUrl url;
    private final Properties merged;

    private ConnectionSettings(HoopgwUrl url, Properties merged) {
        this.url = url;
        this.merged = merged;
    }

    /**
     * Merges {@code info} (may be null; its defaults count) with the URL's parameters. Entries whose key or value
     * is not a string are ignored, as {@link Properties#stringPropertyNames()} ignores them.
     */
    static ConnectionSettings of(HoopgwUrl url, Properties info) {
        Properties merged = new Properties();
        if (info != null) {
            for (String name : info.stringPropertyNames()) {
                merged.setProperty(name, info.getProperty(name));
            }
        }
        url.parameters().forEach(merged::setProperty);
        return new ConnectionSettings(url, merged);
    }

    HoopgwUrl url() {
        return url;
    }

    /** Everything given, for the token providers; each reads only its own properties. */
    Properties tokenProperties() {
        Properties copy = new Properties();
        copy.putAll(merged);
        return copy;
    }

    /**
     * What to hand the PostgreSQL driver: the rewritten URL, and every property except the driver's own, with
     * the token as the password ({@code null} leaves the password out, for property listings).
     *
     * <p>{@code sslmode} defaults to {@code require}: the token is a bearer credential and must not cross the
     * network in clear. With {@code sslrootcert} (the gateway's CA) it defaults to {@code verify-full}, as it does
     * when {@code ssl=true} is given, which the PostgreSQL driver reads as {@code verify-full} too. An explicit
     * {@code sslmode} is never changed.
     */
    PgjdbcRequest toPgjdbc(Token token) {
        Properties properties = new Properties();
        for (String name : merged.stringPropertyNames()) {
            if (!name.equals(PASSWORD) && TokenProperty.forName(name).isEmpty()) {
                properties.setProperty(name, merged.getProperty(name));
            }
        }
        if (!properties.containsKey(SSL_MODE)) {
            properties.setProperty(SSL_MODE, defaultSslMode(properties));
        }
        if (token != null) {
            properties.setProperty(PASSWORD, token.value());
        }
        return new PgjdbcRequest(url.toPgjdbcUrl(), properties, token);
    }

    private static String defaultSslMode(Properties properties) {
        String ssl = properties.getProperty(SSL);
        boolean sslTrue = ssl != null && (ssl.isEmpty() || Boolean.parseBoolean(ssl));
        return properties.containsKey(SSL_ROOT_CERT) || sslTrue ? "verify-full" : "require";
    }
}
