package io.hoopgw.server.postgres;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The machine's own PostgreSQL server binaries: where {@code pg_config --bindir} says, then the usual install
 * locations (Debian's {@code /usr/lib/postgresql/<major>/bin} and the PGDG RPMs' {@code /usr/pgsql-<major>/bin},
 * newest major first; a source build's {@code /usr/local/pgsql/bin}; {@code /usr/bin} as on Fedora and Arch).
 */
final class SystemBinaries implements BinariesSource {
    private static final Duration PG_CONFIG_TIMEOUT = Duration.ofSeconds(10);

    private final Supplier<List<Path>> candidates;

    /** @param candidates the directories to look in, in order of preference */
    SystemBinaries(Supplier<List<Path>> candidates) {
        this.candidates = candidates;
    }

    /** @return the binaries installed on this machine */
    static SystemBinaries onThisMachine() {
        return new SystemBinaries(SystemBinaries::usualPlaces);
    }

    @Override
    public Path binDir() throws LaunchFailedException {
        List<Path> places = candidates.get();
        for (Path place : places) {
            if (Files.isExecutable(place.resolve("initdb")) && Files.isExecutable(place.resolve("postgres"))) {
                return place;
            }
        }
        throw new LaunchFailedException("no PostgreSQL server binaries (initdb and postgres) in "
                + places.stream().map(Path::toString).collect(Collectors.joining(", ")));
    }

    private static List<Path> usualPlaces() {
        Set<Path> places = new LinkedHashSet<>();
        pgConfigBinDir().ifPresent(places::add);
        places.addAll(versionedDirectories(Path.of("/usr/lib/postgresql"), "*", "bin"));
        places.addAll(versionedDirectories(Path.of("/usr"), "pgsql-*", "bin"));
        places.add(Path.of("/usr/local/pgsql/bin"));
        places.add(Path.of("/usr/bin"));
        return new ArrayList<>(places);
    }

    private static Optional<Path> pgConfigBinDir() {
        try {
            Commands.Result result = Commands.run(List.of("pg_config", "--bindir"), null, PG_CONFIG_TIMEOUT);
            return result.succeeded() && !result.output().isEmpty()
                    ? Optional.of(Path.of(result.output().lines().findFirst().orElseThrow()))
                    : Optional.empty();
        } catch (IOException e) {
            // No pg_config on the PATH: the fixed places below still apply.
            return Optional.empty();
        }
    }

    /** @return {@code parent/<glob>/<child>} for every match, highest version number first */
    private static List<Path> versionedDirectories(Path parent, String glob, String child) {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(parent)) {
            return found;
        }
        try (DirectoryStream<Path> matches = Files.newDirectoryStream(parent, glob)) {
            matches.forEach(match -> found.add(match.resolve(child)));
        } catch (IOException e) {
            return found;
        }
        found.sort(Comparator.comparingDouble(SystemBinaries::versionOf).reversed());
        return found;
    }

    private static double versionOf(Path binDir) {
        String name = binDir.getParent().getFileName().toString().replaceAll("[^0-9.]", "");
        try {
            return name.isEmpty() ? 0 : Double.parseDouble(name.replaceFirst("^(\\d+(\\.\\d+)?).*", "$1"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
