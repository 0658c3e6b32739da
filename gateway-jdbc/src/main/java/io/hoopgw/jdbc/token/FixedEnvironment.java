package io.hoopgw.jdbc.token;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** An environment given as data. */
record FixedEnvironment(Map<String, String> variables, Path userHome) implements Environment {

    @Override
    public Optional<String> variable(String name) {
        return Optional.ofNullable(variables.get(name)).filter(value -> !value.isEmpty());
    }

    /** Names the variables but not their values, which may be tokens. */
    @Override
    public String toString() {
        return "FixedEnvironment[variables=" + variables.keySet() + ", userHome=" + userHome + "]";
    }
}
