package io.hoopgw.server.testing;

import io.hoopgw.core.auth.OidcTokenVerifier;
import io.hoopgw.server.Gateway;
import io.hoopgw.server.config.ConfigException;
import io.hoopgw.server.config.ConfigLoader;
import io.hoopgw.server.config.GatewayConfig;
import io.hoopgw.server.devidp.DevIdentityProvider;
import io.hoopgw.server.postgres.LocalPostgres;
import io.hoopgw.server.session.DataPathControls;
import io.hoopgw.server.tls.TlsMaterialException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real gateway for integration tests: the shared throwaway PostgreSQL, a local OIDC issuer, and a gateway on
 * 127.0.0.1 configured through an ordinary YAML configuration.
 *
 * <p>Each harness gets its own database and two upstream roles with SCRAM passwords: {@code <db>_rw} (owner) and
 * {@code <db>_ro} (SELECT only). The target is named like the database. Groups {@code writers} may use both roles,
 * {@code readers} only the read-only one.
 */
public final class GatewayHarness implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final LocalPostgres postgres;
    private final DevIdentityProvider idp;
    private final Gateway gateway;
    private final String database;
    private final Path stateDir;
    private final String configuration;

    private GatewayHarness(LocalPostgres postgres, DevIdentityProvider idp, Gateway gateway, String database,
            Path stateDir, String configuration) {
        this.postgres = postgres;
        this.idp = idp;
        this.gateway = gateway;
        this.database = database;
        this.stateDir = stateDir;
        this.configuration = configuration;
    }

    /** Starts a gateway with default limits and a TLS listener that also allows plaintext (loopback). */
    public static GatewayHarness start() {
        return builder().start();
    }

    /** A harness with extra configuration. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Adds to the harness's configuration. Each piece is YAML in the configuration's own format, so tests
     * exercise the same loader users do.
     */
    public static final class Builder {
        private final StringBuilder limits = new StringBuilder();
        private final StringBuilder targets = new StringBuilder();
        private final StringBuilder grants = new StringBuilder();
        private final StringBuilder issuers = new StringBuilder();
        private final StringBuilder sections = new StringBuilder();
        private boolean allowPlaintext = true;
        private java.util.function.Function<Path, DataPathControls> controls;

        private Builder() {
        }

        /** A line of the {@code limits:} section, e.g. {@code "maxConnections: 2"}. */
        public Builder limit(String line) {
            limits.append("  ").append(line).append('\n');
            return this;
        }

        /** Another target: its name and its YAML body, indented by four spaces inside {@code targets:}. */
        public Builder target(String name, String body) {
            targets.append("  ").append(name).append(":\n");
            body.lines().forEach(line -> targets.append("    ").append(line).append('\n'));
            return this;
        }

        /** Another grant, as the YAML of one list entry (without the leading dash), e.g. a flow mapping. */
        public Builder grant(String flowMapping) {
            grants.append("  - ").append(flowMapping).append('\n');
            return this;
        }

        /** Another trusted issuer, as the YAML flow mapping of one list entry. */
        public Builder issuer(String flowMapping) {
            issuers.append("  - ").append(flowMapping).append('\n');
            return this;
        }

        /** Whether the listener lets clients log in without TLS (default true: it is on loopback). */
        public Builder allowPlaintext(boolean allowed) {
            this.allowPlaintext = allowed;
            return this;
        }

        /**
         * Another top-level section of the configuration, as YAML starting at column 0 (e.g. {@code "audit:\n  ..."}).
         * {@code %state%} in it is replaced by the harness's state directory.
         */
        public Builder section(String yaml) {
            sections.append(yaml.endsWith("\n") ? yaml : yaml + "\n");
            return this;
        }

        /**
         * Data-path controls built in code instead of from the configuration; {@code factory} gets the harness's
         * state directory. The test owns what it builds (a recorder is not closed by the harness).
         */
        public Builder controls(java.util.function.Function<Path, DataPathControls> factory) {
            this.controls = factory;
            return this;
        }

        /** Starts the harness. */
        public GatewayHarness start() {
            return GatewayHarness.start(this);
        }
    }

    private static GatewayHarness start(Builder builder) {
        LocalPostgres postgres = SharedPostgres.get();
        String database = "gw" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        String rwPassword = "rw-" + database + "-secret";
        String roPassword = "ro-" + database + "-secret";
        postgres.execute("postgres", "CREATE ROLE " + database + "_rw LOGIN PASSWORD '" + rwPassword + "'");
        postgres.execute("postgres", "CREATE ROLE " + database + "_ro LOGIN PASSWORD '" + roPassword + "'");
        postgres.execute("postgres", "CREATE DATABASE " + database + " OWNER " + database + "_rw");
        postgres.execute(database, "GRANT USAGE ON SCHEMA public TO " + database + "_ro;"
                + "ALTER DEFAULT PRIVILEGES FOR ROLE " + database + "_rw IN SCHEMA public GRANT SELECT ON TABLES TO "
                + database + "_ro");
        DevIdentityProvider idp = null;
        try {
            idp = DevIdentityProvider.start();
            Path stateDir = Files.createTempDirectory("hoopgw-it-");
            String yaml = """
                    listeners:
                      - host: 127.0.0.1
                        port: 0
                        tls: {selfSigned: true}
                        allowPlaintext: %s
                    issuers:
                      - issuer: %s
                        audience: %s
                        groupsClaim: groups
                    %stargets:
                      %s:
                        host: %s
                        port: %d
                        database: %s
                        tls: {mode: disable}
                        defaultRole: %s_ro
                        roles:
                          %s_rw: {password: {value: "%s"}}
                          %s_ro: {password: {value: "%s"}}
                    %sgrants:
                      - name: writers
                        groups: [writers]
                        targets: [%s]
                        roles: ["*"]
                      - name: readers
                        groups: [readers]
                        targets: [%s]
                        roles: [%s_ro]
                    %s""".formatted(builder.allowPlaintext, idp.issuer(), idp.audience(), builder.issuers,
                    database, postgres.host(), postgres.port(), database, database, database, rwPassword, database,
                    roPassword, builder.targets, database, database, database, builder.grants)
                    + (builder.limits.length() > 0 ? "limits:\n" + builder.limits : "")
                    + builder.sections.toString().replace("%state%", stateDir.toString());
            GatewayConfig config = ConfigLoader.parse(yaml, "harness.yaml");
            OidcTokenVerifier verifier = OidcTokenVerifier.builder(config.issuers()).build();
            Gateway gateway = builder.controls == null
                    ? Gateway.start(config, verifier, stateDir)
                    : Gateway.start(config, verifier, stateDir, builder.controls.apply(stateDir));
            return new GatewayHarness(postgres, idp, gateway, database, stateDir, yaml);
        } catch (IOException e) {
            closeQuietly(idp);
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            closeQuietly(idp);
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TlsMaterialException | ConfigException | RuntimeException e) {
            closeQuietly(idp);
            throw new IllegalStateException("the test gateway did not start: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(DevIdentityProvider idp) {
        if (idp != null) {
            idp.close();
        }
    }

    /** The gateway's state directory, a fresh temporary directory (also a good place for test audit logs). */
    public Path stateDir() {
        return stateDir;
    }

    /**
     * The configuration this harness's gateway was started with, as YAML: the same target, roles, grants and
     * issuer, for a test that runs another gateway (in its own process, say) in front of the same database.
     */
    public String configuration() {
        return configuration;
    }

    /** The running gateway. */
    public Gateway gateway() {
        return gateway;
    }

    /** The gateway's port. */
    public int port() {
        return gateway.port();
    }

    /** The upstream PostgreSQL. */
    public LocalPostgres postgres() {
        return postgres;
    }

    /** The identity provider whose tokens the gateway trusts. */
    public DevIdentityProvider identityProvider() {
        return idp;
    }

    /** The target (and upstream database) name. */
    public String target() {
        return database;
    }

    /** The read-write upstream role. */
    public String writerRole() {
        return database + "_rw";
    }

    /** The read-only upstream role. */
    public String readerRole() {
        return database + "_ro";
    }

    /** A valid token for {@code subject} in {@code groups}. */
    public String token(String subject, String... groups) {
        return idp.mint(subject, List.of(groups), Duration.ofMinutes(30));
    }

    /** A pgjdbc URL for the gateway, with TLS required. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database + "?sslmode=require";
    }

    /** Connects with pgjdbc through the gateway as a writer (upstream role {@link #writerRole()}). */
    public Connection connectAsWriter(Properties extra) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", writerRole());
        properties.setProperty("password", token("writer@example.com", "writers"));
        properties.putAll(extra);
        return DriverManager.getConnection(jdbcUrl(), properties);
    }

    /** Connects with pgjdbc through the gateway as a writer. */
    public Connection connectAsWriter() throws SQLException {
        return connectAsWriter(new Properties());
    }

    /** Connects directly to PostgreSQL as the superuser, bypassing the gateway (for checks). */
    public Connection connectDirectly() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(database), postgres.superuser(),
                postgres.superuserPassword());
    }

    @Override
    public void close() {
        gateway.close();
        idp.close();
        try (var files = Files.walk(stateDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // A temp directory left behind is harmless.
        }
    }
}
