package io.hoopgw.server.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory one server lives in: {@code run-<jvm pid>-<random>/} holding an {@code owner} file naming the JVM
 * that made it, the server's log, and the PostgreSQL data directory {@code data/} (which also holds the socket).
 *
 * <p>A JVM killed with SIGKILL cannot clean up, so every start first sweeps its parent directory: a run directory
 * whose owning JVM is gone is stale; a postmaster still running from it is killed and the directory removed.
 */
final class RunDirectory {
    static final String PREFIX = "run-";
    private static final Logger LOG = LoggerFactory.getLogger(RunDirectory.class);
    private static final String OWNER_FILE = "owner";
    // A directory is created a moment before its owner file is written; do not sweep one that young.
    private static final Duration OWNERLESS_GRACE = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path path;

    private RunDirectory(Path path) {
        this.path = path;
    }

    /**
     * Creates a fresh run directory under {@code parent}, with an empty data directory handed over to the user the
     * server will run as.
     */
    static RunDirectory create(Path parent, PrivilegeDrop drop) throws IOException {
        Files.createDirectories(parent);
        ProcessHandle self = ProcessHandle.current();
        byte[] suffix = new byte[4];
        RANDOM.nextBytes(suffix);
        Path path = parent.resolve(PREFIX + self.pid() + "-" + HexFormat.of().formatHex(suffix));
        Files.createDirectory(path);
        // Others may traverse (nobody must reach data/ under setpriv) but not list or write; set after creating, as
        // the umask would mask bits given at creation.
        Files.setPosixFilePermissions(path, WorkArea.TRAVERSE_ONLY);
        Files.writeString(path.resolve(OWNER_FILE), self.pid() + " " + startMillis(self).orElse(0L) + "\n");
        RunDirectory run = new RunDirectory(path);
        // The log may hold statements with passwords in them (log_statement=all).
        createPrivateFile(run.logFile());
        Files.createDirectory(run.dataDir(), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        drop.handOver(run.dataDir());
        return run;
    }

    /** Creates an empty file only its owner may read or write, without a moment in which others could. */
    static Path createPrivateFile(Path file) throws IOException {
        return Files.createFile(file,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }

    /** @return the run directory itself */
    Path path() {
        return path;
    }

    /** @return the PostgreSQL data directory */
    Path dataDir() {
        return path.resolve("data");
    }

    /** @return the file the server's standard output and error go to */
    Path logFile() {
        return path.resolve("postgres.log");
    }

    /** Removes the run directory and everything in it; the server must have stopped. */
    void delete() {
        deleteTree(path);
    }

    /**
     * Removes run directories under {@code parent} whose JVM is gone, killing any postmaster still running in them.
     * Problems are logged, never thrown: a leftover must not stop a new server from starting.
     */
    static void sweepStale(Path parent) {
        if (!Files.isDirectory(parent)) {
            return;
        }
        try (DirectoryStream<Path> runs = Files.newDirectoryStream(parent, PREFIX + "*")) {
            for (Path run : runs) {
                if (isStale(run)) {
                    LOG.info("Removing {} left by a JVM that is gone", run);
                    killPostmaster(run.resolve("data"));
                    deleteTree(run);
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not sweep stale PostgreSQL run directories in {}: {}", parent, e.toString());
        }
    }

    private static boolean isStale(Path run) throws IOException {
        List<String> owner;
        try {
            owner = List.of(Files.readString(run.resolve(OWNER_FILE), StandardCharsets.UTF_8).trim().split(" "));
        } catch (NoSuchFileException e) {
            Instant modified = Files.getLastModifiedTime(run).toInstant();
            return modified.isBefore(Instant.now().minus(OWNERLESS_GRACE));
        }
        if (owner.size() != 2) {
            return true;
        }
        long pid = Long.parseLong(owner.get(0));
        long started = Long.parseLong(owner.get(1));
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        // A reused pid belongs to a process that started at another time.
        return process.isEmpty() || !process.get().isAlive()
                || startMillis(process.get()).map(millis -> Math.abs(millis - started) > 1000).orElse(false);
    }

    private static void killPostmaster(Path dataDir) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
            if (lines.isEmpty()) {
                return;
            }
            Optional<ProcessHandle> postmaster = ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
            // The pid may have been reused since; only a process started on this data directory is ours to stop.
            boolean isOurs = postmaster.flatMap(p -> p.info().commandLine())
                    .map(commandLine -> commandLine.contains(" -D " + dataDir + " "))
                    .orElse(false);
            if (postmaster.isPresent() && isOurs) {
                LOG.info("Stopping stray postmaster {} of {}", postmaster.get().pid(), dataDir);
                // SIGTERM lets it remove its shared memory; its clients died with their JVM.
                postmaster.get().destroy();
                try {
                    postmaster.get().onExit().get(5, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    postmaster.get().destroyForcibly();
                    postmaster.get().onExit().get(5, TimeUnit.SECONDS);
                }
            }
        } catch (NoSuchFileException e) {
            // Never started, or shut down cleanly: nothing to kill.
        } catch (Exception e) {
            LOG.warn("Could not stop the postmaster of {}: {}", dataDir, e.toString());
        }
    }

    private static Optional<Long> startMillis(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli);
    }

    static void deleteTree(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                    Files.deleteIfExists(directory);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // Already gone.
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", root, e.toString());
        }
    }
}
