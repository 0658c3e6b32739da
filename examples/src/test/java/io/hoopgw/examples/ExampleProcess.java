package io.hoopgw.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an example's {@code main} from {@code examples-all.jar} in its own JVM, as the README tells people to, with an
 * environment holding only {@code PATH}, {@code HOME} and the given variables.
 */
final class ExampleProcess {
    private static final Path JAR = Path.of(System.getProperty("hoopgw.examples.jar"));
    private static final long TIMEOUT_SECONDS = 60;

    private ExampleProcess() {
    }

    /**
     * What the run printed and how it ended.
     *
     * @param exitCode the process's exit status
     * @param stdout   everything printed on stdout
     * @param stderr   everything printed on stderr
     */
    record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs {@code main} with {@code args} and {@code environment}; fails if it takes longer than a minute. */
    static Result run(Class<?> main, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // A small heap and C1 only: the examples are short-lived, and start-up dominates.
        List<String> command = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Xmx128m", "-cp", JAR.toString(), main.getName()));
        command.addAll(List.of(args));
        Path stdout = Files.createTempFile("example-stdout", ".txt");
        Path stderr = Files.createTempFile("example-stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().retainAll(List.of("PATH", "HOME"));
        env.putAll(environment);
        Process process = builder.start();
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError(main.getSimpleName() + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }
}
