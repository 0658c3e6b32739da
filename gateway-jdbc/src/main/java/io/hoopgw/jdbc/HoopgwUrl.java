package io.hoopgw.jdbc;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed {@code jdbc:hoopgw://host[:port]/database[?name=value&...]} URL. The database is the gateway target's
 * name. Parameter names and values, and the database, are percent-decoded as the PostgreSQL driver decodes them;
 * a parameter without {@code =} has the empty value, and a repeated parameter keeps its last value.
 *
 * @param host       a host name, an IPv4 address, or an IPv6 address in brackets ({@code [::1]})
 * @param port       the gateway's port, {@value #DEFAULT_PORT} when the URL gives none
 * @param database   the target's name, never empty
 * @param parameters the URL parameters in the order given
 */
record HoopgwUrl(String host, int port, String database, Map<String, String> parameters) {
    /** The URL prefix this driver accepts. */
    static final String PREFIX = "jdbc:hoopgw:";
    /** The gateway's default port, PgBouncer's, so that it does not collide with a local PostgreSQL. */
    static final int DEFAULT_PORT = 6432;

    private static final String FORM = "jdbc:hoopgw://host[:port]/database[?name=value&...]";

    HoopgwUrl {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** Whether {@code url} is meant for this driver: it starts with {@value #PREFIX}. */
    static boolean isHoopgw(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    /**
     * Parses {@code url}.
     *
     * @throws IllegalArgumentException naming what is wrong and the expected form
     */
    static HoopgwUrl parse(String url) {
        if (!isHoopgw(url)) {
            throw invalid("it does not start with " + PREFIX);
        }
        String rest = url.substring(PREFIX.length());
        if (!rest.startsWith("//")) {
            throw invalid("the host must follow " + PREFIX + "//");
        }
        rest = rest.substring(2);
        int query = rest.indexOf('?');
        String path = query < 0 ? rest : rest.substring(0, query);
        Map<String, String> parameters = query < 0 ? Map.of() : parameters(rest.substring(query + 1));

        int slash = path.indexOf('/');
        if (slash < 0 || slash == path.length() - 1) {
            throw invalid("it names no database (the gateway target)");
        }
        String rawDatabase = path.substring(slash + 1);
        if (rawDatabase.contains("/")) {
            throw invalid("the database name contains '/'; percent-encode it as %2F");
        }
        String database = decode(rawDatabase, "database");
        String authority = path.substring(0, slash);
        if (authority.contains(",")) {
            throw invalid("it names more than one host; the driver connects to one gateway address");
        }
        String host;
        String port = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw invalid("the IPv6 address has no closing ']'");
            }
            host = authority.substring(0, close + 1);
            String after = authority.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw invalid("unexpected text after the IPv6 address: " + after);
                }
                port = after.substring(1);
            }
        } else {
            int colon = authority.indexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            port = colon < 0 ? null : authority.substring(colon + 1);
        }
        if (host.isEmpty() || host.equals("[]")) {
            throw invalid("it names no host");
        }
        return new HoopgwUrl(host, port == null ? DEFAULT_PORT : port(port), database, parameters);
    }

    /** The PostgreSQL driver URL for the same address and database, without parameters. */
    String toPgjdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8);
    }

    /** The URL without parameters, which may hold a token. */
    String withoutParameters() {
        return PREFIX + "//" + host + ":" + port + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8);
    }

    private static int port(String text) {
        int port;
        try {
            port = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw invalid("the port '" + text + "' is not a number");
        }
        if (port < 1 || port > 65535) {
            throw invalid("the port " + port + " is not between 1 and 65535");
        }
        return port;
    }

    private static Map<String, String> parameters(String query) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals), "parameter name");
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1), "value of parameter " + name);
            if (name.isEmpty()) {
                throw invalid("a parameter has no name");
            }
            parameters.put(name, value);
        }
        return parameters;
    }

    private static String decode(String text, String what) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid("the " + what + " has a malformed %-escape");
        }
    }

    private static IllegalArgumentException invalid(String reason) {
        // The URL itself is not repeated: its parameters may include a token.
        return new IllegalArgumentException("Invalid hoopgw URL: " + reason + ". Expected " + FORM);
    }

    /** Leaves parameter values out: one of them may be a token. */
    @Override
    public String toString() {
        return "HoopgwUrl[" + withoutParameters() + ", parameters=" + parameters.keySet() + "]";
    }
}
