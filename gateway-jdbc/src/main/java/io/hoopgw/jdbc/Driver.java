package io.hoopgw.jdbc;

import io.hoopgw.jdbc.token.Token;
import io.hoopgw.jdbc.token.TokenException;
import io.hoopgw.jdbc.token.TokenProperty;
import io.hoopgw.jdbc.token.TokenResolver;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code jdbc:hoopgw:} driver: the PostgreSQL JDBC driver, with the password replaced by an identity token.
 *
 * <p>It accepts {@code jdbc:hoopgw://host[:port]/database?name=value&...} (port {@value HoopgwUrl#DEFAULT_PORT} by
 * default; the database is the gateway target), gets a token from a {@link TokenResolver}, and connects through
 * {@code org.postgresql.Driver} at {@code jdbc:postgresql://host:port/database}. Every URL parameter and
 * {@code Properties} entry except the driver's own ({@link TokenProperty}) reaches the PostgreSQL driver
 * unchanged; a URL parameter wins over a {@code Properties} entry of the same name. A {@code password} given by
 * the caller is ignored: tools fill it with saved values, and the token is the password. {@code sslmode}
 * defaults to {@code require} ({@code verify-full} when {@code sslrootcert} is given); an explicit one is kept.
 *
 * <p>{@link #connect} returns {@code null} for any other URL, so the driver coexists with
 * {@code org.postgresql.Driver} in {@link DriverManager}. It registers itself when its class loads (and through
 * {@code META-INF/services/java.sql.Driver}).
 *
 * <p>A token that cannot be had, or that the gateway refuses, is an {@link SQLException} with SQLSTATE
 * {@code 28P01} whose message says which token provider was used or what each one lacked; never the token.
 */
public class Driver implements java.sql.Driver {
    private static final Logger LOGGER = Logger.getLogger(Driver.class.getPackageName());
    /** Called directly rather than through DriverManager, which would find this driver again for some URLs. */
    private static final java.sql.Driver POSTGRESQL = new org.postgresql.Driver();

    private static Driver registered;

    static {
        try {
            register();
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final TokenResolver tokens;

    /** A driver that gets tokens from the real environment, sharing its token caches with every such driver. */
    public Driver() {
        this(TokenResolver.system());
    }

    /** A driver that gets tokens from {@code tokens}: for programs that embed the driver, and tests. */
    public Driver(TokenResolver tokens) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    /**
     * Registers a driver with {@link DriverManager}; done once when this class loads.
     *
     * @throws IllegalStateException if one is already registered
     */
    public static synchronized void register() throws SQLException {
        if (registered != null) {
            throw new IllegalStateException("the hoopgw driver is already registered");
        }
        Driver driver = new Driver();
        DriverManager.registerDriver(driver);
        registered = driver;
    }

    /**
     * Removes the registered driver from {@link DriverManager}, for applications that unload it (servlet
     * containers).
     *
     * @throws IllegalStateException if none is registered
     */
    public static synchronized void deregister() throws SQLException {
        if (registered == null) {
            throw new IllegalStateException("the hoopgw driver is not registered; register() it first");
        }
        DriverManager.deregisterDriver(registered);
        registered = null;
    }

    /** Whether a driver registered by {@link #register()} is registered now. */
    public static synchronized boolean isRegistered() {
        return registered != null;
    }

    /**
     * Connects to the gateway at {@code url}, or returns {@code null} when {@code url} is not a {@code jdbc:hoopgw:}
     * URL.
     *
     * @throws SQLException with SQLSTATE {@code 08001} for a malformed {@code jdbc:hoopgw:} URL, {@code 28P01} when
     *                      no token can be had or the gateway refuses it, otherwise as the PostgreSQL driver throws
     */
    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (url == null) {
            throw new SQLNonTransientConnectionException("the URL must not be null", "08001");
        }
        if (!acceptsURL(url)) {
            return null;
        }
        PgjdbcRequest request = prepare(url, info);
        try {
            return POSTGRESQL.connect(request.url(), request.properties());
        } catch (SQLException e) {
            throw LoginFailures.augment(e, request.token());
        }
    }

    /**
     * Everything {@link #connect} does short of connecting: parses the URL, gets the token, and builds the
     * PostgreSQL driver's request.
     */
    PgjdbcRequest prepare(String url, Properties info) throws SQLException {
        ConnectionSettings settings = ConnectionSettings.of(parse(url), info);
        Token token;
        try {
            token = tokens.resolve(settings.tokenProperties());
        } catch (TokenException e) {
            throw LoginFailures.noToken(e.getMessage(), e);
        }
        LOGGER.log(Level.FINE, "Connecting to {0} with a token from {1}",
                new Object[] {settings.url().withoutParameters(), token});
        return settings.toPgjdbc(token);
    }

    /** Whether {@code url} starts with {@code jdbc:hoopgw:}; whether it is well formed is checked on connect. */
    @Override
    public boolean acceptsURL(String url) {
        return HoopgwUrl.isHoopgw(url);
    }

    /**
     * The driver's own properties ({@link TokenProperty}), then the PostgreSQL driver's, less {@code password},
     * which the token replaces. Values are those given in {@code url} and {@code info}, with the defaults applied.
     */
    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        HoopgwUrl parsed;
        try {
            parsed = HoopgwUrl.parse(url);
        } catch (IllegalArgumentException incomplete) {
            // Tools ask while the user is still typing the URL; list the properties all the same.
            parsed = new HoopgwUrl("localhost", HoopgwUrl.DEFAULT_PORT, "", Map.of());
        }
        ConnectionSettings settings = ConnectionSettings.of(parsed, info);
        Properties given = settings.tokenProperties();
        List<DriverPropertyInfo> result = new ArrayList<>();
        for (TokenProperty property : TokenProperty.values()) {
            DriverPropertyInfo entry = new DriverPropertyInfo(property.propertyName(),
                    given.getProperty(property.propertyName(), property.defaultValue()));
            entry.description = property.description();
            entry.required = false;
            if (property == TokenProperty.TOKEN_PROVIDER) {
                entry.choices = tokens.providerNames().toArray(String[]::new);
            }
            result.add(entry);
        }
        PgjdbcRequest request = settings.toPgjdbc(null);
        for (DriverPropertyInfo entry : POSTGRESQL.getPropertyInfo(request.url(), request.properties())) {
            if (!entry.name.equals(ConnectionSettings.PASSWORD)) {
                result.add(entry);
            }
        }
        return result.toArray(DriverPropertyInfo[]::new);
    }

    /** The major part of the project version. */
    @Override
    public int getMajorVersion() {
        return DriverVersion.MAJOR;
    }

    /** The minor part of the project version. */
    @Override
    public int getMinorVersion() {
        return DriverVersion.MINOR;
    }

    /** The full project version, such as {@code 0.1.0}. */
    public static String getVersion() {
        return DriverVersion.VERSION;
    }

    /** {@code false}: the PostgreSQL driver underneath does not claim compliance either. */
    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    /** The {@code io.hoopgw.jdbc} logger; the PostgreSQL driver logs under {@code org.postgresql}. */
    @Override
    public Logger getParentLogger() {
        return LOGGER;
    }

    private static HoopgwUrl parse(String url) throws SQLException {
        try {
            return HoopgwUrl.parse(url);
        } catch (IllegalArgumentException e) {
            throw new SQLNonTransientConnectionException(e.getMessage(), "08001", e);
        }
    }
}
