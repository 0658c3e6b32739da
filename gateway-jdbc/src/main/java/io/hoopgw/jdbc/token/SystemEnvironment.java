package io.hoopgw.jdbc.token;

import java.nio.file.Path;
import java.util.Optional;

/** The process's own environment. */
final class SystemEnvironment implements Environment {
    static final SystemEnvironment INSTANCE = new SystemEnvironment();

    private SystemEnvironment() {
    }

    @Override
    public Optional<String> variable(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(value -> !value.isEmpty());
    }

    @Override
    public Path userHome() {
        return Path.of(System.getProperty("user.home"));
    }
}
