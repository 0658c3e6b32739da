package io.hoopgw.server.cli;

import java.nio.file.Path;

/** Where the CLI keeps generated state (dev identity-provider key, self-signed certificate) by default. */
final class StateDirectory {
    private StateDirectory() {
    }

    /** {@code $HOOPGW_HOME}, or {@code ~/.hoopgw}. */
    static Path defaultRoot() {
        String home = System.getenv("HOOPGW_HOME");
        return home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"), ".hoopgw");
    }

    /** The demo's state: {@code <root>/demo}. */
    static Path defaultDemo() {
        return defaultRoot().resolve("demo");
    }
}
