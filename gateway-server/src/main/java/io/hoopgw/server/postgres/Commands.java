package io.hoopgw.server.postgres;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the short-lived helper commands (initdb, probes) with a clean environment and a time limit. */
final class Commands {
    private static final File DEV_NULL = new File("/dev/null");

    private Commands() {
    }

    /**
     * What a finished command said.
     *
     * @param exitCode its exit status
     * @param output its standard output and standard error, interleaved
     */
    record Result(int exitCode, String output) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }

    /**
     * Runs {@code command} in {@code workDir} and waits for it.
     *
     * @throws IOException when it cannot be started or does not finish within {@code timeout} (it is then killed)
     */
    static Result run(List<String> command, Path workDir, Duration timeout) throws IOException {
        Path output = Files.createTempFile("hoopgw-command", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectInput(DEV_NULL)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            if (workDir != null) {
                builder.directory(workDir.toFile());
            }
            cleanEnvironment(builder.environment());
            Process process = builder.start();
            boolean finished;
            try {
                finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + command.get(0), e);
            }
            if (!finished) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within " + timeout.toSeconds()
                        + " s");
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8).strip());
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /**
     * Makes a child's environment predictable: PG* variables (PGDATA, PGPORT, ...) would override what we pass, and
     * messages must be in English because startup failures are recognised by their text.
     */
    static void cleanEnvironment(Map<String, String> environment) {
        environment.keySet().removeIf(name -> name.startsWith("PG") || name.startsWith("LC_"));
        environment.put("LC_ALL", "C");
        environment.put("LANG", "C");
    }
}
