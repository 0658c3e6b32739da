package io.hoopgw.server.it;

import io.hoopgw.server.postgres.LocalPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds PostgreSQL's client programs (psql, pgbench) on this machine: beside the server's binaries, then in
 * Debian's {@code /usr/lib/postgresql/<version>/bin} (newest first), then on {@code PATH}.
 */
final class PostgresClientBinaries {
    private static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");

    private PostgresClientBinaries() {
    }

    /**
     * @return the path of {@code program}
     * @throws AssertionError naming how to install it when it is nowhere, so a missing client fails loudly
     *     rather than skipping the test
     */
    static Path require(String program, LocalPostgres postgres) {
        return find(program, postgres).orElseThrow(() -> new AssertionError(program
                + " was not found beside the server's binaries (" + postgres.binDir().map(Path::toString)
                .orElse("none") + "), in " + DEBIAN_ROOT + "/*/bin or on PATH; install the PostgreSQL client"
                + " programs, e.g. `apt-get install postgresql-client postgresql-contrib` on Debian"));
    }

    private static Optional<Path> find(String program, LocalPostgres postgres) {
        List<Path> candidates = new ArrayList<>();
        postgres.binDir().ifPresent(dir -> candidates.add(dir.resolve(program)));
        candidates.addAll(debianBinDirs().stream().map(dir -> dir.resolve(program)).toList());
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, program));
                }
            }
        }
        return candidates.stream().filter(Files::isRegularFile).filter(Files::isExecutable).findFirst();
    }

    private static List<Path> debianBinDirs() {
        if (!Files.isDirectory(DEBIAN_ROOT)) {
            return List.of();
        }
        try (Stream<Path> versions = Files.list(DEBIAN_ROOT)) {
            return versions.map(version -> version.resolve("bin")).filter(Files::isDirectory)
                    .sorted(Comparator.comparing(PostgresClientBinaries::versionOf).reversed()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int versionOf(Path binDir) {
        String name = binDir.getParent().getFileName().toString();
        return name.matches("\\d+") ? Integer.parseInt(name) : 0;
    }
}
