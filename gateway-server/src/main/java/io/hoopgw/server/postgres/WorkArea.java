package io.hoopgw.server.postgres;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The directory under the system temporary directory where extracted binaries and run directories live by default:
 * {@code $TMPDIR/hoopgw-postgres-<uid>}.
 *
 * <p>It is world-readable so that {@code nobody} can run the binaries when root drops privileges with setpriv; a
 * home directory would not do, as root's is closed to others. Because the temporary directory is shared, a directory
 * of that name that someone else owns or can write to is refused: it could hold binaries we would then run.
 */
final class WorkArea {
    /** Everyone may list and read; only we may write. */
    static final Set<PosixFilePermission> OPEN_FOR_READING = PosixFilePermissions.fromString("rwxr-xr-x");
    /** Everyone may pass through to a path they know; only we may list or write. */
    static final Set<PosixFilePermission> TRAVERSE_ONLY = PosixFilePermissions.fromString("rwx--x--x");

    private WorkArea() {
    }

    /** @return the default work area, created if absent */
    static Path root() throws IOException {
        Path root = Path.of(System.getProperty("java.io.tmpdir"), "hoopgw-postgres-" + PrivilegeDrop.effectiveUid());
        return ensurePrivateDirectory(root);
    }

    /**
     * @return {@code name} under the default work area, created if absent, with exactly {@code permissions}
     *     (whatever the umask: nobody must be able to reach binaries and data under setpriv)
     */
    static Path subdirectory(String name, Set<PosixFilePermission> permissions) throws IOException {
        Path directory = root().resolve(name);
        Files.createDirectories(directory);
        Files.setPosixFilePermissions(directory, permissions);
        return directory;
    }

    /**
     * Creates {@code directory} readable by all and writable by us only, or checks that the existing one is.
     *
     * @throws IOException when it exists but another user owns it or others may write to it
     */
    static Path ensurePrivateDirectory(Path directory) throws IOException {
        try {
            Files.createDirectories(directory.getParent());
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OPEN_FOR_READING));
            // The umask may have taken bits away; set exactly what others need.
            Files.setPosixFilePermissions(directory, OPEN_FOR_READING);
            return directory;
        } catch (FileAlreadyExistsException e) {
            checkOwnedByUs(directory);
            return directory;
        }
    }

    private static void checkOwnedByUs(Path directory) throws IOException {
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(directory + " exists and is not a directory");
        }
        int owner = (Integer) Files.getAttribute(directory, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(directory, LinkOption.NOFOLLOW_LINKS);
        if (owner != PrivilegeDrop.effectiveUid()
                || permissions.contains(PosixFilePermission.GROUP_WRITE)
                || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException(directory + " is owned by uid " + owner + " with permissions "
                    + PosixFilePermissions.toString(permissions) + "; it must be ours and writable by us only"
                    + " (remove it)");
        }
    }
}
