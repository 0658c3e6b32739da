package io.hoopgw.server.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A running {@code postgres} server process, a child of this JVM that cannot outlive it for long.
 *
 * <p>The server is started through a small shell watchdog that holds the read end of a pipe whose write end only
 * this JVM holds. When the JVM closes it ({@link #stop()}) or dies in any way, even SIGKILL, the kernel closes it,
 * the watchdog reads end-of-file and sends the server SIGINT, PostgreSQL's fast shutdown. The watchdog exits with
 * the server, so the JVM sees the server's exit as its child's.
 */
final class Postmaster {
    // "$@" is the server's command line. Descriptor 3 keeps the pipe from the JVM; the server itself gets neither.
    private static final String WATCHDOG = """
            exec 3<&0 </dev/null
            "$@" 3<&- &
            server=$!
            { read -r _ <&3; kill -INT "$server" 2>/dev/null; } &
            watcher=$!
            wait "$server"
            status=$?
            kill "$watcher" 2>/dev/null
            exit "$status"
            """;
    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final int LOG_TAIL_LINES = 30;

    private final Process watchdog;
    private final Path dataDir;
    private final Path logFile;
    private final int port;

    private Postmaster(Process watchdog, Path dataDir, Path logFile, int port) {
        this.watchdog = watchdog;
        this.dataDir = dataDir;
        this.logFile = logFile;
        this.port = port;
    }

    /**
     * Starts {@code postgres} from {@code binDir} on {@code dataDir}, listening on {@code port}, appending its
     * output to {@code logFile}. Returns at once; see {@link #awaitReady}.
     */
    static Postmaster start(Path binDir, Path dataDir, int port, Path logFile, PrivilegeDrop drop)
            throws IOException {
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", WATCHDOG, "hoopgw-postgres-watchdog"));
        command.addAll(drop.wrap(List.of(
                binDir.resolve("postgres").toString(), "-D", dataDir.toString(), "-p", Integer.toString(port))));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dataDir.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        Commands.cleanEnvironment(builder.environment());
        return new Postmaster(builder.start(), dataDir, logFile, port);
    }

    /** @return the TCP port the server listens on */
    int port() {
        return port;
    }

    /**
     * Waits until the server accepts connections, which PostgreSQL announces in line 8 of postmaster.pid.
     *
     * @throws LaunchFailedException when the server exits or is not ready within {@code timeout}; it is then stopped
     */
    void awaitReady(Duration timeout) throws LaunchFailedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (!watchdog.isAlive()) {
                    throw new LaunchFailedException("postgres exited with status " + watchdog.exitValue()
                            + " before it was ready; its log ends:\n" + logTail());
                }
                if (isReady()) {
                    return;
                }
                Thread.sleep(POLL.toMillis());
            }
        } catch (InterruptedException e) {
            stop();
            Thread.currentThread().interrupt();
            throw new LaunchFailedException("interrupted while waiting for postgres to start", e);
        }
        stop();
        throw new LaunchFailedException("postgres was not ready within " + timeout.toSeconds() + " s; its log ends:\n"
                + logTail());
    }

    private boolean isReady() {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.UTF_8);
            return lines.size() >= 8 && lines.get(7).trim().equals("ready");
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            // Read while the postmaster was rewriting it; look again on the next poll.
            return false;
        }
    }

    /** @return true when the server exited because its port was taken, so another port may be tried */
    boolean failedToBindPort() {
        String log = logTail();
        return !watchdog.isAlive() && (log.contains("could not bind") || log.contains("Address already in use"));
    }

    /**
     * Stops the server (fast shutdown: open sessions are ended) and waits for it; kills it if it does not stop in
     * time. Safe to call more than once.
     */
    void stop() {
        try {
            watchdog.getOutputStream().close();
        } catch (IOException e) {
            // The pipe is closed either way; the watchdog sees end-of-file.
        }
        try {
            if (watchdog.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        watchdog.descendants().forEach(ProcessHandle::destroyForcibly);
        watchdog.destroyForcibly();
    }

    /** @return the last lines of the server's log, for error messages */
    String logTail() {
        try {
            // Decoded leniently: logged SQL may be in any encoding.
            List<String> lines = new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(log " + logFile + " unreadable: " + e.getMessage() + ")";
        }
    }
}
