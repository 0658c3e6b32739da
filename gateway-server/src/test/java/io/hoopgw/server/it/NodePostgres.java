package io.hoopgw.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * node-postgres ({@code pg} from npm) for integration tests: installed once into {@code target/node-it} and reused
 * by later runs, and scripts run with {@code node} from there.
 */
final class NodePostgres {
    /** Pinned so a new release of the client cannot change what the tests mean. */
    static final String PG_VERSION = "8.23.1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private NodePostgres() {
    }

    /** The directory {@code pg} is installed in, installing it first if needed; scripts are run from there. */
    static synchronized Path install() throws IOException {
        Path nodeDir = Path.of(System.getProperty("basedir", "."), "target", "node-it").toAbsolutePath();
        Path installed = nodeDir.resolve("node_modules/pg/package.json");
        if (Files.isRegularFile(installed)
                && JSON.readTree(installed.toFile()).path("version").asText().equals(PG_VERSION)) {
            return nodeDir;
        }
        Files.createDirectories(nodeDir);
        Files.writeString(nodeDir.resolve("package.json"), """
                {"name": "hoopgw-node-it", "private": true, "dependencies": {"pg": "%s"}}
                """.formatted(PG_VERSION));
        ClientProcess.Result install = ClientProcess.run(
                List.of(program("npm").toString(), "install", "--no-audit", "--no-fund", "--no-save"),
                Map.of(), nodeDir, Duration.ofSeconds(120));
        assertThat(install.exitCode()).as(install.describe()).isZero();
        assertThat(JSON.readTree(installed.toFile()).path("version").asText()).isEqualTo(PG_VERSION);
        return nodeDir;
    }

    /** Writes {@code source} as {@code name} into the install directory and runs it with {@code environment}. */
    static ClientProcess.Result run(String name, String source, Map<String, String> environment) throws IOException {
        Path nodeDir = install();
        Path script = nodeDir.resolve(name);
        Files.writeString(script, source);
        return ClientProcess.run(List.of(program("node").toString(), script.toString()), environment, nodeDir,
                Duration.ofSeconds(30));
    }

    private static Path program(String name) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(name + " is not on PATH; install Node.js and npm (e.g. `apt-get install nodejs npm`"
                + " on Debian) to run the node-postgres integration tests");
    }
}
