package io.hoopgw.jdbc.token;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The process environment as the token providers see it. Injectable so that tests, and programs embedding the
 * driver, can supply variables without changing the real process environment.
 */
public interface Environment {

    /** The variable's value, or empty when it is unset or empty. */
    Optional<String> variable(String name);

    /** The user's home directory. */
    Path userHome();

    /** The real environment: {@link System#getenv(String)} and the {@code user.home} system property. */
    static Environment system() {
        return SystemEnvironment.INSTANCE;
    }

    /** A fixed environment: exactly {@code variables}, and {@code userHome}. */
    static Environment of(Map<String, String> variables, Path userHome) {
        return new FixedEnvironment(Map.copyOf(variables), Objects.requireNonNull(userHome, "userHome"));
    }
}
