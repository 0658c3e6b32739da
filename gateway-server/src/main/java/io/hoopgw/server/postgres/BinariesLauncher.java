package io.hoopgw.server.postgres;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts a server from PostgreSQL binaries on this machine (embedded or installed): initdb into a fresh run
 * directory, our settings and pg_hba.conf on top, then {@link Postmaster} as a child of this JVM.
 */
final class BinariesLauncher implements Launcher {
    private static final Duration INITDB_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    // A free port found by binding can be taken by someone else before postgres binds it; then try another.
    private static final int PORT_ATTEMPTS = 3;
    // Linux limits a socket path to 107 bytes; postgres cannot start with a longer one.
    private static final int MAX_SOCKET_PATH = 107;

    /** Decides how PostgreSQL's programs avoid running as root. */
    interface Privileges {
        PrivilegeDrop get() throws LaunchFailedException;
    }

    private final LocalPostgres.Strategy strategy;
    private final BinariesSource source;
    private final Privileges privileges;

    BinariesLauncher(LocalPostgres.Strategy strategy, BinariesSource source, Privileges privileges) {
        this.strategy = strategy;
        this.source = source;
        this.privileges = privileges;
    }

    @Override
    public LocalPostgres.Strategy strategy() {
        return strategy;
    }

    @Override
    public StartedServer start(LocalPostgres.Options options, String password) throws LaunchFailedException {
        Path binDir = source.binDir();
        PrivilegeDrop drop = privileges.get();
        RunDirectory run;
        try {
            Path parent = options.dataDirParent().isPresent()
                    ? options.dataDirParent().get()
                    : WorkArea.subdirectory("runs", WorkArea.TRAVERSE_ONLY);
            RunDirectory.sweepStale(parent);
            run = RunDirectory.create(parent, drop);
        } catch (IOException e) {
            throw new LaunchFailedException("could not create a data directory: " + e.getMessage(), e);
        }
        try {
            initdb(binDir, run, options.superuser(), password, drop);
            ServerConfigFiles.write(run.dataDir(), settings(run, options), options.hbaLines());
            Postmaster postmaster = startPostmaster(binDir, run, options.port(), drop);
            return new StartedServer("127.0.0.1", postmaster.port(), Optional.of(binDir), Optional.of(run.logFile()),
                    version(binDir) + " from " + binDir + " " + drop.describe() + ", data in " + run.dataDir(),
                    () -> {
                        postmaster.stop();
                        run.delete();
                    });
        } catch (IOException e) {
            run.delete();
            throw new LaunchFailedException(e.getMessage(), e);
        } catch (LaunchFailedException | RuntimeException e) {
            run.delete();
            throw e;
        }
    }

    private static void initdb(Path binDir, RunDirectory run, String superuser, String password, PrivilegeDrop drop)
            throws IOException, LaunchFailedException {
        Path passwordFile = RunDirectory.createPrivateFile(run.path().resolve("superuser.password"));
        Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
        drop.handOver(passwordFile);
        try {
            Commands.Result result = Commands.run(drop.wrap(List.of(
                    binDir.resolve("initdb").toString(),
                    "--pgdata=" + run.dataDir(),
                    "--username=" + superuser,
                    "--pwfile=" + passwordFile,
                    "--auth=scram-sha-256",
                    "--encoding=UTF8",
                    "--locale=C",
                    // A throwaway cluster does not need to survive a power cut; this saves seconds.
                    "--no-sync",
                    "--no-instructions")), run.path(), INITDB_TIMEOUT);
            if (!result.succeeded()) {
                throw new LaunchFailedException("initdb failed with status " + result.exitCode() + ":\n"
                        + result.output());
            }
        } finally {
            Files.deleteIfExists(passwordFile);
        }
    }

    private static Map<String, String> settings(RunDirectory run, LocalPostgres.Options options) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("listen_addresses", "127.0.0.1");
        String socket = run.dataDir().resolve(".s.PGSQL.65535").toString();
        // Without a socket directory postgres would use its compiled-in one (often /var/run/postgresql).
        settings.put("unix_socket_directories",
                socket.length() <= MAX_SOCKET_PATH ? run.dataDir().toString() : "");
        settings.putAll(options.serverSettings());
        return settings;
    }

    private static Postmaster startPostmaster(Path binDir, RunDirectory run, int requestedPort, PrivilegeDrop drop)
            throws IOException, LaunchFailedException {
        for (int attempt = 1; ; attempt++) {
            int port = requestedPort != 0 ? requestedPort : freePort();
            Postmaster postmaster = Postmaster.start(binDir, run.dataDir(), port, run.logFile(), drop);
            try {
                postmaster.awaitReady(READY_TIMEOUT);
                return postmaster;
            } catch (LaunchFailedException e) {
                if (requestedPort != 0 || attempt == PORT_ATTEMPTS || !postmaster.failedToBindPort()) {
                    throw e;
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private static String version(Path binDir) {
        try {
            Commands.Result result = Commands.run(
                    List.of(binDir.resolve("postgres").toString(), "--version"), null, Duration.ofSeconds(10));
            return result.succeeded() ? result.output().replace("postgres (PostgreSQL)", "PostgreSQL") : "PostgreSQL";
        } catch (IOException e) {
            return "PostgreSQL";
        }
    }
}
