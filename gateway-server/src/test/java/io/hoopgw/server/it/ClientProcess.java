package io.hoopgw.server.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external client program (psql, pgbench, node, npm) to completion with a hard time limit, collecting its
 * exit code and both output streams. A program still running at the limit is killed with its children, and the
 * test fails with what it had printed so far.
 */
final class ClientProcess {
    private ClientProcess() {
    }

    /** What a finished program left behind. */
    record Result(List<String> command, int exitCode, String stdout, String stderr) {
        /** A description for assertion messages: the command, exit code and both outputs. */
        String describe() {
            return "command " + command + " exited with " + exitCode + "\n--- stdout ---\n" + stdout
                    + "\n--- stderr ---\n" + stderr;
        }
    }

    /**
     * Runs {@code command} in {@code workDir} with {@code environment} added to this JVM's environment (less any
     * {@code PG*} variables) and its standard input closed.
     *
     * @throws AssertionError if it does not finish within {@code timeout}
     */
    static Result run(List<String> command, Map<String, String> environment, Path workDir, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        // libpq and node-postgres both read PG* variables; a developer's own PGHOST or PGSSLMODE must not steer a test.
        builder.environment().keySet().removeIf(name -> name.startsWith("PG"));
        builder.environment().putAll(environment);
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        }
        CompletableFuture<String> stdout = drain(process.getInputStream());
        CompletableFuture<String> stderr = drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("command " + command + " did not finish within " + timeout
                        + "\n--- stdout ---\n" + stdout.getNow("") + "\n--- stderr ---\n" + stderr.getNow(""));
            }
            return new Result(List.copyOf(command), process.exitValue(), stdout.get(10, TimeUnit.SECONDS),
                    stderr.get(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while running " + command, e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not read the output of " + command, e);
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        // Each stream is read on its own thread so a chatty program never blocks on a full pipe.
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                stream.transferTo(out);
                return out.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, runnable -> {
            Thread thread = new Thread(runnable, "client-process-output");
            thread.setDaemon(true);
            thread.start();
        });
    }
}
