package io.hoopgw.jdbc.token;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a token command through the platform shell ({@code /bin/sh -c}, or {@code cmd.exe /c} on Windows) with a
 * time limit, and returns what it printed on stdout.
 *
 * <p>stdout and stderr are drained on their own threads: a command that fills a pipe buffer nobody reads would
 * otherwise hang until the time limit. On timeout the command and everything it started are killed.
 */
final class CommandRunner {
    /** A token is a few kilobytes; anything past this is not a token and is not kept. */
    static final int MAX_OUTPUT_BYTES = 64 * 1024;
    private static final int MAX_STDERR_IN_MESSAGE = 200;

    private CommandRunner() {
    }

    /**
     * Runs {@code command} and returns its stdout, trimmed.
     *
     * @param label how messages name the command ({@code "tokenCommand"})
     * @throws TokenException if it cannot start, exceeds {@code timeout}, exits non-zero or prints nothing
     */
    static String run(String command, Duration timeout, String label) throws TokenException {
        ProcessBuilder builder = new ProcessBuilder(shell(command));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new TokenException(label + ": cannot start " + builder.command().get(0) + ": " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            process.getOutputStream().close();
            FutureTask<Output> stdout = drain(process.getInputStream(), "stdout");
            FutureTask<Output> stderr = drain(process.getErrorStream(), "stderr");
            if (!process.waitFor(remaining(deadline), TimeUnit.NANOSECONDS)) {
                throw new TokenException(label + ": timed out after " + describe(timeout) + " and was killed");
            }
            // The shell has exited, but a process it left behind may still hold the pipes open.
            Output out = stdout.get(remaining(deadline), TimeUnit.NANOSECONDS);
            Output err = stderr.get(remaining(deadline), TimeUnit.NANOSECONDS);
            int status = process.exitValue();
            if (status != 0) {
                throw new TokenException(label + ": exited with status " + status + stderrSummary(err));
            }
            if (out.truncated()) {
                throw new TokenException(label + ": printed more than " + MAX_OUTPUT_BYTES + " bytes, so not a token");
            }
            String token = out.text().trim();
            if (token.isEmpty()) {
                throw new TokenException(label + ": printed nothing on stdout" + stderrSummary(err));
            }
            return token;
        } catch (TimeoutException e) {
            throw new TokenException(label + ": timed out after " + describe(timeout) + " and was killed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenException(label + ": interrupted while waiting for the command", e);
        } catch (ExecutionException | IOException e) {
            throw new TokenException(label + ": cannot read its output: " + e.getMessage(), e);
        } finally {
            killTree(process);
        }
    }

    private static List<String> shell(String command) {
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return List.of("cmd.exe", "/c", command);
        }
        return List.of("/bin/sh", "-c", command);
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    private static String describe(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }

    /** Descendants first: once the shell is gone its children are re-parented and can no longer be found. */
    private static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static String stderrSummary(Output err) {
        String text = err.text().strip();
        if (text.isEmpty()) {
            return "";
        }
        String firstLine = text.lines().findFirst().orElse("");
        if (firstLine.length() > MAX_STDERR_IN_MESSAGE) {
            firstLine = firstLine.substring(0, MAX_STDERR_IN_MESSAGE) + "...";
        }
        return "; stderr: " + firstLine;
    }

    private static FutureTask<Output> drain(InputStream stream, String name) {
        FutureTask<Output> task = new FutureTask<>(() -> readCapped(stream));
        Thread thread = new Thread(task, "hoopgw-token-command-" + name);
        thread.setDaemon(true);
        thread.start();
        return task;
    }

    /** Reads the stream to its end, keeping at most {@link #MAX_OUTPUT_BYTES} so the writer never blocks. */
    private static Output readCapped(InputStream stream) throws IOException {
        try (stream) {
            ByteArrayOutputStream kept = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            boolean truncated = false;
            for (int n; (n = stream.read(buffer)) != -1; ) {
                int room = MAX_OUTPUT_BYTES - kept.size();
                kept.write(buffer, 0, Math.min(room, n));
                truncated |= n > room;
            }
            return new Output(kept.toString(StandardCharsets.UTF_8), truncated);
        }
    }

    private record Output(String text, boolean truncated) {
    }
}
