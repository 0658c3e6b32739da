package io.hoopgw.examples;

import io.hoopgw.jdbc.HoopgwDataSource;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * A Flyway migration through the gateway, as a role allowed to change the schema. The migrations are the SQL files
 * under {@code db/migration} on the class path ({@code src/main/resources/db/migration}); they go into their own
 * schema, {@value #SCHEMA}, which Flyway creates, so the example also runs against a database that already has
 * tables in {@code public} (the {@code hoopgw demo} one).
 *
 * <p>Flyway picks its database support from the URL's prefix and has none for {@code jdbc:hoopgw:}, so it is given
 * a {@link HoopgwDataSource} rather than a URL: the data source hands Flyway ordinary PostgreSQL connections, and
 * Flyway then works exactly as it does against PostgreSQL.
 *
 * <pre>
 * HOOPGW_TOKEN=... java -cp examples/target/examples-all.jar io.hoopgw.examples.FlywayMigrationExample \
 *   jdbc:hoopgw://gateway:6432/app app_rw
 * </pre>
 */
public final class FlywayMigrationExample {
    private static final String USAGE = "FlywayMigrationExample <jdbc:hoopgw://host:port/target> <user>";
    /** Where the example's migrations are. */
    public static final String LOCATION = "classpath:db/migration";
    /** The schema the migrations create their tables in, and where Flyway keeps its history table. */
    public static final String SCHEMA = "inventory";

    private FlywayMigrationExample() {
    }

    /**
     * Migrates the target at the URL from the arguments (or {@code HOOPGW_URL}) as the user from the arguments (or
     * {@code HOOPGW_USER}) and prints what was applied.
     */
    public static void main(String[] args) {
        GatewayArguments gateway = GatewayArguments.parse(args, USAGE);
        MigrateResult result = migrate(gateway.url(), gateway.properties());
        // Flyway reports no target version when there was nothing to apply.
        String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        System.out.println("applied " + result.migrationsExecuted + " migrations; schema now at version " + version);
    }

    /**
     * Applies the pending migrations from {@value #LOCATION} to schema {@value #SCHEMA} of the target at {@code url}.
     *
     * @param properties {@code user}, and any driver or PostgreSQL driver property (a {@code token}, say)
     * @throws org.flywaydb.core.api.FlywayException if a migration fails
     */
    public static MigrateResult migrate(String url, Properties properties) {
        HoopgwDataSource dataSource = new HoopgwDataSource();
        dataSource.setUrl(url);
        properties.stringPropertyNames().forEach(name -> dataSource.setProperty(name, properties.getProperty(name)));
        return Flyway.configure()
                .dataSource(dataSource)
                .locations(LOCATION)
                .schemas(SCHEMA)
                .load()
                .migrate();
    }
}
