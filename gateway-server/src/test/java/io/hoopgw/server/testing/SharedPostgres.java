package io.hoopgw.server.testing;

import io.hoopgw.server.postgres.LocalPostgres;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One {@link LocalPostgres} per test JVM, started on first use and stopped when the JVM exits (by LocalPostgres's
 * shutdown hook). Test classes that need their own data call {@link #createDatabase} with a name of their own.
 *
 * <p>Either call {@link #get()} directly, or register the extension and declare a {@code LocalPostgres} parameter:
 * <pre>{@code
 * @ExtendWith(SharedPostgres.class)
 * class UpstreamIT {
 *     @Test
 *     void connects(LocalPostgres postgres) throws SQLException {
 *         String url = SharedPostgres.createDatabase("upstream_it");
 *         ...
 *     }
 * }
 * }</pre>
 * The strategy follows {@code HOOPGW_PG} and the usual order (see {@link LocalPostgres}).
 */
public final class SharedPostgres implements ParameterResolver {
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static LocalPostgres instance;

    /** @return the server of this JVM, started now if this is the first call */
    public static synchronized LocalPostgres get() {
        if (instance == null) {
            instance = LocalPostgres.start(LocalPostgres.Options.defaults());
        }
        return instance;
    }

    /**
     * Creates an empty database, dropping any earlier one of that name first (closing its sessions), so a test
     * class starts from nothing even when run twice in one JVM.
     *
     * @param name a lower-case identifier, at most 63 characters
     * @return the pgjdbc URL of the new database; log in as {@code get().superuser()}
     */
    public static String createDatabase(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database name '" + name
                    + "' must be a lower-case identifier of at most 63 characters");
        }
        LocalPostgres postgres = get();
        postgres.execute("postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        postgres.execute("postgres", "CREATE DATABASE " + name);
        return postgres.jdbcUrl(name);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == LocalPostgres.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        return get();
    }
}
