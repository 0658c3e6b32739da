package io.hoopgw.server.config;

import io.hoopgw.server.config.ConfigException.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What reading one configuration source needs from outside (the directory relative paths start from, the
 * environment secrets come from) and the problems found so far. Reading goes on after a problem so that one run
 * reports every mistake, not just the first.
 */
final class ReadContext {
    private final List<Problem> problems = new ArrayList<>();
    private final Path baseDir;
    private final Function<String, String> environment;

    ReadContext(Path baseDir, Function<String, String> environment) {
        this.baseDir = baseDir;
        this.environment = environment;
    }

    void problem(String key, String reason) {
        problems.add(new Problem(key, reason));
    }

    int problemCount() {
        return problems.size();
    }

    /** Puts {@code prefix} before the reason of every problem reported since there were {@code count}. */
    void prefixProblemsSince(int count, String prefix) {
        for (int i = count; i < problems.size(); i++) {
            Problem problem = problems.get(i);
            problems.set(i, new Problem(problem.key(), prefix + problem.reason()));
        }
    }

    List<Problem> problems() {
        return List.copyOf(problems);
    }

    /** {@code path} made absolute against the configuration file's directory. */
    Path resolve(String path) {
        return baseDir.resolve(path).toAbsolutePath().normalize();
    }

    /** The value of environment variable {@code name}, or null when it is not set. */
    String environmentVariable(String name) {
        return environment.apply(name);
    }
}
