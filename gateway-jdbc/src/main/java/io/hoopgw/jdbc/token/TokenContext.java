package io.hoopgw.jdbc.token;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * What a {@link TokenProvider} may consult for one connection.
 *
 * @param properties  the connection's properties: the URL parameters over the caller's {@code Properties}
 * @param environment environment variables and the user's home directory
 * @param clock       the clock that decides whether a token has expired
 */
public record TokenContext(Properties properties, Environment environment, Clock clock) {
    public TokenContext {
        Objects.requireNonNull(properties, "properties");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(clock, "clock");
    }

    /** The property's value with surrounding whitespace removed, or empty when it is unset or blank. */
    public Optional<String> property(TokenProperty property) {
        String value = properties.getProperty(property.propertyName());
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(value.trim());
    }

    /** The property's value, or its documented default. */
    public String propertyOrDefault(TokenProperty property) {
        return property(property).orElse(property.defaultValue());
    }

    /** A path from a property; a leading {@code ~/} means the user's home directory, as a shell would read it. */
    Path path(String value) {
        if (value.equals("~") || value.startsWith("~/")) {
            return environment.userHome().resolve(value.substring(Math.min(2, value.length())));
        }
        return Path.of(value);
    }
}
