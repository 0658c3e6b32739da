package io.hoopgw.server.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How PostgreSQL's programs are run so that they are not root: initdb and postgres refuse to run as root.
 *
 * <p>Not root: they run as they are. Root: preferably inside a new user namespace that maps {@code nobody} to root
 * ({@code unshare --map-user}), where files stay owned by root and nothing needs chown; where user namespaces are
 * blocked (some container sandboxes), as {@code nobody} through {@code setpriv}, with the data directory handed over
 * to {@code nobody}. Both tools are in util-linux, which every Debian-like system has.
 */
final class PrivilegeDrop {
    /** The ways of running PostgreSQL's programs. */
    enum Mode {
        /** Not root: run the programs as they are. */
        NONE,
        /** Root: run them in a user namespace where they are {@code nobody}. */
        USER_NAMESPACE,
        /** Root: switch to {@code nobody} with setpriv. */
        SETPRIV
    }

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
    private static final Object LOCK = new Object();
    private static PrivilegeDrop forCurrentUser;

    private final Mode mode;
    private final int uid;
    private final int gid;

    private PrivilegeDrop(Mode mode, int uid, int gid) {
        this.mode = mode;
        this.uid = uid;
        this.gid = gid;
    }

    /**
     * The way to use for this process, decided once per JVM.
     *
     * @throws LaunchFailedException when this process is root and neither way of dropping root works here
     */
    static PrivilegeDrop forCurrentUser() throws LaunchFailedException {
        synchronized (LOCK) {
            if (forCurrentUser == null) {
                forCurrentUser = choose();
            }
            return forCurrentUser;
        }
    }

    private static PrivilegeDrop choose() throws LaunchFailedException {
        if (effectiveUid() != 0) {
            return new PrivilegeDrop(Mode.NONE, -1, -1);
        }
        List<String> failures = new ArrayList<>();
        for (Mode mode : List.of(Mode.USER_NAMESPACE, Mode.SETPRIV)) {
            try {
                return of(mode);
            } catch (LaunchFailedException e) {
                failures.add(e.getMessage());
            }
        }
        throw new LaunchFailedException("running as root, and PostgreSQL refuses root; " + String.join("; ", failures)
                + " (run as an ordinary user, or install util-linux)");
    }

    /**
     * A specific way, checked to work on this machine.
     *
     * @throws LaunchFailedException when it does not work here, saying why
     */
    static PrivilegeDrop of(Mode mode) throws LaunchFailedException {
        if (mode == Mode.NONE) {
            if (effectiveUid() == 0) {
                throw new LaunchFailedException("PostgreSQL refuses to run as root");
            }
            return new PrivilegeDrop(Mode.NONE, -1, -1);
        }
        if (effectiveUid() != 0) {
            throw new LaunchFailedException(mode + " needs root");
        }
        int[] nobody = nobody();
        PrivilegeDrop drop = new PrivilegeDrop(mode, nobody[0], nobody[1]);
        List<String> probe = drop.wrap(List.of("id", "-u"));
        try {
            Commands.Result result = Commands.run(probe, null, PROBE_TIMEOUT);
            if (result.succeeded() && result.output().equals(Integer.toString(nobody[0]))) {
                return drop;
            }
            throw new LaunchFailedException(probe.get(0) + " did not work: " + result.output());
        } catch (IOException e) {
            throw new LaunchFailedException(probe.get(0) + " did not work: " + e.getMessage(), e);
        }
    }

    /** @return the mode in use */
    Mode mode() {
        return mode;
    }

    /** @return {@code command} prefixed so that it runs unprivileged */
    List<String> wrap(List<String> command) {
        List<String> wrapped = new ArrayList<>();
        switch (mode) {
            case NONE -> {
            }
            case USER_NAMESPACE -> wrapped.addAll(List.of(
                    "unshare", "--map-user=" + uid, "--map-group=" + gid, "--"));
            case SETPRIV -> wrapped.addAll(List.of(
                    "setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--"));
        }
        wrapped.addAll(command);
        return wrapped;
    }

    /**
     * Makes {@code path} belong to the user the programs run as, where that differs from ours on disk.
     *
     * @throws IOException when the owner cannot be changed
     */
    void handOver(Path path) throws IOException {
        if (mode == Mode.SETPRIV) {
            Files.setAttribute(path, "unix:uid", uid);
            Files.setAttribute(path, "unix:gid", gid);
        }
    }

    /** @return how the programs run, for the log */
    String describe() {
        return switch (mode) {
            case NONE -> "as the current user";
            case USER_NAMESPACE -> "as uid " + uid + " in a user namespace";
            case SETPRIV -> "as uid " + uid + " through setpriv";
        };
    }

    /** @return the effective uid of this JVM, from /proc (the JDK has no portable call for it) */
    static int effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or no /proc: treat as an ordinary user and let initdb speak for itself.
        }
        return -1;
    }

    /** @return uid and gid of the {@code nobody} user, which initdb must find in the passwd database */
    private static int[] nobody() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                String[] fields = line.split(":");
                if (fields.length > 3 && fields[0].equals("nobody")) {
                    return new int[] {Integer.parseInt(fields[2]), Integer.parseInt(fields[3])};
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Fall through to the conventional ids.
        }
        return new int[] {65534, 65534};
    }
}
