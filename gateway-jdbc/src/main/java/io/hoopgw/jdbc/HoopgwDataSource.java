package io.hoopgw.jdbc;

import io.hoopgw.jdbc.token.TokenProperty;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeSet;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} for the gateway, for connection pools and tools configured by class name and bean
 * properties (HikariCP's {@code dataSourceClassName=io.hoopgw.jdbc.HoopgwDataSource}).
 *
 * <p>Either set {@link #setUrl url} ({@code jdbc:hoopgw://host[:port]/database?...}), or {@link #setServerName
 * serverName}, {@link #setPortNumber portNumber} and {@link #setDatabaseName databaseName}. Setting the URL copies
 * its address and parameters into this data source, so a property set afterwards overrides the URL's. The token
 * providers are configured with the setters of the same names as the driver's properties; any PostgreSQL driver
 * property goes through {@link #setProperty}. Connections are made by {@link Driver}, so everything said there
 * about tokens, {@code sslmode} and errors holds here.
 *
 * <p>There is deliberately no {@code getToken()}: bean introspection by frameworks must not surface the token.
 */
public class HoopgwDataSource implements DataSource {
    private final Driver driver;
    private String serverName = "localhost";
    private int portNumber = HoopgwUrl.DEFAULT_PORT;
    private String databaseName;
    private final Properties properties = new Properties();
    private PrintWriter logWriter;

    /** A data source whose connections get tokens from the real environment. */
    public HoopgwDataSource() {
        this(new Driver());
    }

    /** A data source whose connections are made by {@code driver}: for embedding programs and tests. */
    public HoopgwDataSource(Driver driver) {
        this.driver = Objects.requireNonNull(driver, "driver");
    }

    /** A connection as {@link #setUser user}, with a token from the configured providers. */
    @Override
    public Connection getConnection() throws SQLException {
        return connect(copyOfProperties());
    }

    /**
     * A connection as {@code username}. {@code password} is ignored, as the driver ignores a {@code password}
     * property: pools pass a configured password here, and the token is what is presented.
     */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        Properties info = copyOfProperties();
        if (username != null) {
            info.setProperty("user", username);
        }
        return connect(info);
    }

    private Connection connect(Properties info) throws SQLException {
        return driver.connect(checkedUrl(), info);
    }

    /** What {@link #getConnection()} would ask the PostgreSQL driver for, without connecting. */
    PgjdbcRequest prepare() throws SQLException {
        return driver.prepare(checkedUrl(), copyOfProperties());
    }

    private String checkedUrl() throws SQLException {
        String url = getUrl();
        if (getDatabaseName() == null || getDatabaseName().isEmpty()) {
            throw new SQLNonTransientConnectionException(
                    "HoopgwDataSource: set databaseName (the gateway target) or url", "08001");
        }
        return url;
    }

    private synchronized Properties copyOfProperties() {
        Properties copy = new Properties();
        copy.putAll(properties);
        return copy;
    }

    /** The URL of the configured address and database; parameters are left out, as they may hold a token. */
    public synchronized String getUrl() {
        return new HoopgwUrl(serverName, portNumber, databaseName == null ? "" : databaseName, Map.of())
                .withoutParameters();
    }

    /**
     * Takes the address, database and parameters from a {@code jdbc:hoopgw:} URL.
     *
     * @throws IllegalArgumentException if the URL is malformed, saying how
     */
    public synchronized void setUrl(String url) {
        HoopgwUrl parsed = HoopgwUrl.parse(url);
        serverName = parsed.host();
        portNumber = parsed.port();
        databaseName = parsed.database();
        parsed.parameters().forEach(properties::setProperty);
    }

    /** The same as {@link #getUrl()}, for tools that spell it this way. */
    public String getURL() {
        return getUrl();
    }

    /** The same as {@link #setUrl(String)}, for tools that spell it this way. */
    public void setURL(String url) {
        setUrl(url);
    }

    /** The gateway's host name or address. */
    public synchronized String getServerName() {
        return serverName;
    }

    /** Sets the gateway's host name or address (an IPv6 address in brackets); default {@code localhost}. */
    public synchronized void setServerName(String serverName) {
        this.serverName = Objects.requireNonNull(serverName, "serverName");
    }

    /** The gateway's port. */
    public synchronized int getPortNumber() {
        return portNumber;
    }

    /** Sets the gateway's port; 0 means the default, {@value HoopgwUrl#DEFAULT_PORT}. */
    public synchronized void setPortNumber(int portNumber) {
        if (portNumber < 0 || portNumber > 65535) {
            throw new IllegalArgumentException("portNumber must be between 1 and 65535, or 0 for the default");
        }
        this.portNumber = portNumber == 0 ? HoopgwUrl.DEFAULT_PORT : portNumber;
    }

    /** The gateway target's name. */
    public synchronized String getDatabaseName() {
        return databaseName;
    }

    /** Sets the gateway target's name. */
    public synchronized void setDatabaseName(String databaseName) {
        this.databaseName = databaseName;
    }

    /** The PostgreSQL user name sent to the gateway. */
    public String getUser() {
        return getProperty("user");
    }

    /** Sets the PostgreSQL user name sent to the gateway. */
    public void setUser(String user) {
        setProperty("user", user);
    }

    /** Sets a literal token; see {@link TokenProperty#TOKEN}. There is no getter. */
    public void setToken(String token) {
        setProperty(TokenProperty.TOKEN.propertyName(), token);
    }

    /** The selected token provider, or null when they are tried in order. */
    public String getTokenProvider() {
        return getProperty(TokenProperty.TOKEN_PROVIDER.propertyName());
    }

    /** Selects one token provider; see {@link TokenProperty#TOKEN_PROVIDER}. */
    public void setTokenProvider(String tokenProvider) {
        setProperty(TokenProperty.TOKEN_PROVIDER.propertyName(), tokenProvider);
    }

    /** The token file, or null. */
    public String getTokenFile() {
        return getProperty(TokenProperty.TOKEN_FILE.propertyName());
    }

    /** Sets a file holding the token, re-read for every connection. */
    public void setTokenFile(String tokenFile) {
        setProperty(TokenProperty.TOKEN_FILE.propertyName(), tokenFile);
    }

    /** The token command, or null. */
    public String getTokenCommand() {
        return getProperty(TokenProperty.TOKEN_COMMAND.propertyName());
    }

    /** Sets a shell command that prints the token. */
    public void setTokenCommand(String tokenCommand) {
        setProperty(TokenProperty.TOKEN_COMMAND.propertyName(), tokenCommand);
    }

    /** Seconds the token command may run. */
    public int getTokenCommandTimeout() {
        String value = getProperty(TokenProperty.TOKEN_COMMAND_TIMEOUT.propertyName());
        return Integer.parseInt(value == null ? TokenProperty.TOKEN_COMMAND_TIMEOUT.defaultValue() : value);
    }

    /** Sets the seconds the token command may run; default 10. */
    public void setTokenCommandTimeout(int seconds) {
        if (seconds <= 0) {
            throw new IllegalArgumentException("tokenCommandTimeout must be at least 1 second");
        }
        setProperty(TokenProperty.TOKEN_COMMAND_TIMEOUT.propertyName(), Integer.toString(seconds));
    }

    /** The audience requested from GitHub Actions. */
    public String getGithubAudience() {
        String value = getProperty(TokenProperty.GITHUB_AUDIENCE.propertyName());
        return value == null ? TokenProperty.GITHUB_AUDIENCE.defaultValue() : value;
    }

    /** Sets the audience requested from GitHub Actions; default {@code hoopgw}. */
    public void setGithubAudience(String audience) {
        setProperty(TokenProperty.GITHUB_AUDIENCE.propertyName(), audience);
    }

    /** The explicit {@code sslmode}, or null for the driver's default. */
    public String getSslMode() {
        return getProperty(ConnectionSettings.SSL_MODE);
    }

    /** Sets {@code sslmode}; by default the driver uses {@code require}, or {@code verify-full} with a root cert. */
    public void setSslMode(String sslMode) {
        setProperty(ConnectionSettings.SSL_MODE, sslMode);
    }

    /** The CA certificate file the gateway's certificate is verified against, or null. */
    public String getSslRootCert() {
        return getProperty(ConnectionSettings.SSL_ROOT_CERT);
    }

    /** Sets the CA certificate file to verify the gateway against; makes {@code verify-full} the default. */
    public void setSslRootCert(String sslRootCert) {
        setProperty(ConnectionSettings.SSL_ROOT_CERT, sslRootCert);
    }

    /** The {@code application_name} reported to the gateway, or null. */
    public String getApplicationName() {
        return getProperty("ApplicationName");
    }

    /** Sets the {@code application_name} reported to the gateway (the PostgreSQL driver's ApplicationName). */
    public void setApplicationName(String applicationName) {
        setProperty("ApplicationName", applicationName);
    }

    /** A connection property (the driver's or the PostgreSQL driver's), or null when unset. */
    public synchronized String getProperty(String name) {
        return properties.getProperty(name);
    }

    /** Sets any connection property; {@code null} removes it. */
    public synchronized void setProperty(String name, String value) {
        Objects.requireNonNull(name, "name");
        if (value == null) {
            properties.remove(name);
        } else {
            properties.setProperty(name, value);
        }
    }

    /** Seconds to wait for a connection (the PostgreSQL driver's {@code loginTimeout}); 0 means its default. */
    @Override
    public int getLoginTimeout() {
        String value = getProperty("loginTimeout");
        return value == null ? 0 : Integer.parseInt(value);
    }

    /** Sets the seconds to wait for a connection; 0 leaves the PostgreSQL driver's default. */
    @Override
    public void setLoginTimeout(int seconds) {
        setProperty("loginTimeout", seconds == 0 ? null : Integer.toString(seconds));
    }

    /** Kept for the DataSource contract; the drivers log through {@link java.util.logging}. */
    @Override
    public synchronized PrintWriter getLogWriter() {
        return logWriter;
    }

    /** Kept for the DataSource contract; nothing is written to it. */
    @Override
    public synchronized void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    /** The {@code io.hoopgw.jdbc} logger. */
    @Override
    public Logger getParentLogger() {
        return driver.getParentLogger();
    }

    /** This data source, if it is an {@code iface}. */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("HoopgwDataSource is not a " + iface.getName());
    }

    /** Whether this data source is an {@code iface}. */
    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    /** The URL and the names of the properties set; never their values, one of which may be a token. */
    @Override
    public synchronized String toString() {
        return "HoopgwDataSource[" + getUrl() + ", properties=" + new TreeSet<>(properties.stringPropertyNames()) + "]";
    }
}
