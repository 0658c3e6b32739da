package io.hoopgw.server.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Starting, stopping and cleaning up after servers, including after a JVM killed with SIGKILL. */
class LocalPostgresLifecycleTest {
    private static final LocalPostgres.Options EMBEDDED = LocalPostgres.Options.builder()
            .strategy(LocalPostgres.Strategy.EMBEDDED)
            .build();

    @Test
    void closeStopsTheServerAndDeletesItsDirectory() throws Exception {
        LocalPostgres postgres = LocalPostgres.start(EMBEDDED);
        Path run = postgres.logFile().orElseThrow().getParent();
        long postmaster = postmasterPid(run);
        assertThat(ProcessHandle.of(postmaster)).isPresent();

        postgres.close();
        postgres.close();

        assertThat(run).doesNotExist();
        assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)).isIn(Optional.empty(), Optional.of(false));
        assertThatThrownBy(() -> new Socket(postgres.host(), postgres.port()).close()).isInstanceOf(IOException.class);
    }

    @Test
    void requestedPortAndFsyncAreUsed() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }
        try (LocalPostgres postgres = LocalPostgres.start(LocalPostgres.Options.builder()
                .strategy(LocalPostgres.Strategy.EMBEDDED).port(port).fsync(true).build());
                Connection connection = Jdbc.connectAsSuperuser(postgres, "postgres")) {
            assertThat(postgres.port()).isEqualTo(port);
            assertThat(postgres.superuser()).isEqualTo("postgres");
            assertThat(postgres.superuserPassword()).hasSizeGreaterThanOrEqualTo(20);
            assertThat(Jdbc.query(connection, "SHOW fsync")).containsExactly("on");
        }
    }

    @Test
    void aTakenPortIsReportedWithTheServerLog() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            LocalPostgres.Options options = LocalPostgres.Options.builder()
                    .strategy(LocalPostgres.Strategy.EMBEDDED).port(taken.getLocalPort()).build();
            assertThatThrownBy(() -> LocalPostgres.start(options))
                    .isInstanceOf(LocalPostgresException.class)
                    .hasMessageContaining("1. embedded: postgres exited with status 1 before it was ready")
                    .hasMessageContaining("could not bind IPv4 address \"127.0.0.1\"");
        }
    }

    /**
     * A JVM killed with SIGKILL runs no shutdown hook; its postmaster must stop anyway (the watchdog sees its pipe
     * close), and the next start must remove the directory it left.
     */
    @Test
    void aKilledJvmLeavesNoServerAndItsDirectoryIsSweptByTheNextStart() throws Exception {
        Path parent = Files.createTempDirectory("hoopgw-stray");
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
        Process child = new ProcessBuilder(List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                StrayPostgresMain.class.getName(), parent.toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        Path run;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertThat(line).as("the child JVM's first line").startsWith(StrayPostgresMain.READY);
            run = Path.of(line.substring(StrayPostgresMain.READY.length()));
        }
        ProcessHandle postmaster = ProcessHandle.of(postmasterPid(run)).orElseThrow();

        child.destroyForcibly();
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();

        assertThat(postmaster.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
        assertThat(run).exists();
        try (LocalPostgres next = LocalPostgres.start(LocalPostgres.Options.builder()
                .strategy(LocalPostgres.Strategy.EMBEDDED).dataDirParent(parent).build())) {
            assertThat(run).doesNotExist();
            assertThat(next.logFile().orElseThrow().getParent().getParent()).isEqualTo(parent);
        }
        assertThat(parent).isEmptyDirectory();
        Files.delete(parent);
    }

    @Test
    void aStalePostmasterIsKilledBySweeping() throws Exception {
        LocalPostgres postgres = LocalPostgres.start(EMBEDDED);
        Path run = postgres.logFile().orElseThrow().getParent();
        ProcessHandle postmaster = ProcessHandle.of(postmasterPid(run)).orElseThrow();
        // What a JVM that vanished without its watchdog firing leaves behind: a running postmaster whose owner
        // file names a process that no longer exists.
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(run.resolve("owner"), gone.pid() + " 0\n");

        RunDirectory.sweepStale(run.getParent());

        assertThat(postmaster.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
        assertThat(run).doesNotExist();
        postgres.close();
    }

    static long postmasterPid(Path run) throws IOException {
        return Long.parseLong(Files.readAllLines(run.resolve("data/postmaster.pid")).get(0).trim());
    }
}
