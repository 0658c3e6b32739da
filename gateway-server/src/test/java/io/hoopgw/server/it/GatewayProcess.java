package io.hoopgw.server.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A gateway in a JVM of its own, started as users start it ({@code java -jar hoopgw.jar serve --config F}), so
 * that a test can kill it the way a machine or an OOM killer does. The jar is the one {@code package} built
 * (failsafe passes its path in {@code hoopgw.jar}). Output goes to files beside the configuration, shown when
 * something goes wrong.
 */
final class GatewayProcess implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("hoopgw: serving on \\[/127\\.0\\.0\\.1:(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final int port;

    private GatewayProcess(Process process, Path stdout, Path stderr, int port) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.port = port;
    }

    /**
     * Starts {@code hoopgw serve} and waits until it listens.
     *
     * @param config   the configuration file (its first listener should be on 127.0.0.1, port 0)
     * @param stateDir the gateway's state directory
     * @param name     names the output files, e.g. {@code first-run}
     */
    static GatewayProcess start(Path config, Path stateDir, String name) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("hoopgw.jar", "target/hoopgw.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("no gateway jar at " + jar + ": run the integration tests with Maven"
                    + " (verify), whose package phase builds it");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path out = config.resolveSibling(name + ".stdout");
        Path err = config.resolveSibling(name + ".stderr");
        Process process = new ProcessBuilder(List.of(java, "-XX:+UseSerialGC", "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-jar", jar.toString(), "serve", "--config", config.toString(), "--state-dir", stateDir.toString()))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher serving = SERVING.matcher(Files.readString(out, StandardCharsets.UTF_8));
            if (serving.find()) {
                return new GatewayProcess(process, out, err, Integer.parseInt(serving.group(1)));
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError("the gateway process did not start listening\n" + describe(out, err));
    }

    /** The port it listens on. */
    int port() {
        return port;
    }

    /** Kills it at once, as {@code kill -9} does: no shutdown hook runs, nothing is flushed or sealed. */
    void kill() throws InterruptedException {
        process.destroyForcibly(); // SIGKILL on Linux
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the gateway process survived SIGKILL");
        }
    }

    /** Stops it as an operator does (SIGTERM: the gateway closes its sessions and seals the audit segment). */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the gateway process did not stop on SIGTERM\n" + output());
        }
    }

    /** The exit status (after {@link #kill} or {@link #stop}). */
    int exitValue() {
        return process.exitValue();
    }

    /** Both outputs, for assertion messages. */
    String output() {
        return describe(stdout, stderr);
    }

    private static String describe(Path out, Path err) {
        try {
            return "--- stdout ---\n" + Files.readString(out, StandardCharsets.UTF_8) + "\n--- stderr ---\n"
                    + Files.readString(err, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }

    /** Kills the process if it is still running (a test that failed half-way). */
    @Override
    public void close() {
        process.destroyForcibly();
    }
}
