package io.hoopgw.server.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hoopgw.core.policy.PolicyEngine;
import io.hoopgw.core.policy.PolicyException;
import io.hoopgw.core.policy.PolicyLoader;
import io.hoopgw.server.policy.PolicySource;
import io.hoopgw.server.session.DataPathControls;
import io.hoopgw.server.testing.GatewayHarness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Gateways with a policy for the policy integration tests, and the ways those tests talk to them and look at the
 * database behind them.
 *
 * <p>The policy is written as the YAML of a {@code policy:} section and loaded by {@link PolicyLoader}, as the
 * gateway's configuration loader does.
 */
final class PolicyGateways {
    private PolicyGateways() {
    }

    /** Loads a policy from the YAML body of a {@code policy:} section. */
    static PolicyEngine engine(String yaml) {
        try {
            Object node = new ObjectMapper(new YAMLFactory()).readValue(yaml, Object.class);
            return new PolicyEngine(PolicyLoader.load(node, "policy"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (PolicyException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /**
     * Starts a gateway configured with {@code policyYaml} as its {@code policy:} section, read by the gateway's
     * configuration loader like any other. Each group in {@code ownerGroups} is granted every upstream role, as
     * {@link #start(PolicyEngine, String...)} says.
     */
    static GatewayHarness start(String policyYaml, String... ownerGroups) {
        StringBuilder section = new StringBuilder("policy:\n");
        policyYaml.lines().forEach(line -> section.append("  ").append(line).append('\n'));
        return owners(GatewayHarness.builder().section(section.toString()), ownerGroups).start();
    }

    private static GatewayHarness.Builder owners(GatewayHarness.Builder builder, String... ownerGroups) {
        for (String group : ownerGroups) {
            builder.grant("{name: " + group + "-as-owner, groups: [" + group + "], targets: [\"*\"], roles: [\"*\"]}");
        }
        return builder;
    }

    /**
     * Starts a gateway that enforces {@code engine}, given in code. Each group in {@code ownerGroups} is granted every upstream
     * role, including the owner of the database's tables: a statement that slipped past the policy would really
     * run, so the tests can see that none does.
     */
    static GatewayHarness start(PolicyEngine engine, String... ownerGroups) {
        return start(PolicySource.fixed(engine), ownerGroups);
    }

    /** As {@link #start(PolicyEngine, String...)}, with a policy that may change while the gateway runs. */
    static GatewayHarness start(PolicySource policy, String... ownerGroups) {
        return owners(GatewayHarness.builder().controls(stateDir -> DataPathControls.NONE.withPolicy(policy)),
                ownerGroups).start();
    }

    /** A raw protocol client logged in through the gateway as {@code role} with a token for {@code group}. */
    static RawPgClient raw(GatewayHarness harness, String role, String group) throws IOException {
        RawPgClient client = RawPgClient.connect(harness.port());
        try {
            client.login(Map.of("user", role, "database", harness.target()),
                    harness.token(group + "@example.com", group));
            return client;
        } catch (IOException | RuntimeException | AssertionError e) {
            client.close();
            throw e;
        }
    }

    /** A pgjdbc connection through the gateway as {@code role} with a token for {@code group}. */
    static Connection jdbc(GatewayHarness harness, String role, String group, String urlOptions)
            throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", role);
        properties.setProperty("password", harness.token(group + "@example.com", group));
        return DriverManager.getConnection(harness.jdbcUrl() + urlOptions, properties);
    }

    /**
     * Runs {@code sql} directly on the harness's database as its owner role (the superuser, with SET ROLE), not
     * through the gateway, so the objects belong to the role a write would need.
     */
    static void asOwner(GatewayHarness harness, String sql) throws SQLException {
        try (Connection direct = harness.connectDirectly(); Statement statement = direct.createStatement()) {
            statement.execute("SET ROLE " + harness.writerRole());
            statement.execute(sql);
        }
    }

    /**
     * What a write could change, read directly as the superuser: every relation outside the system schemas with
     * its kind and owner, every table's and sequence's contents (hashed), the database's functions, and the
     * cluster's roles. Two equal fingerprints mean nothing was written in between.
     */
    static List<String> fingerprint(GatewayHarness harness) throws SQLException {
        List<String> facts = new ArrayList<>();
        try (Connection direct = harness.connectDirectly(); Statement statement = direct.createStatement()) {
            Map<String, String> contents = new LinkedHashMap<>();
            try (ResultSet rs = statement.executeQuery("SELECT n.nspname, c.relname, c.relkind,"
                    + " pg_get_userbyid(c.relowner) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_to%'"
                    + " ORDER BY 1, 2")) {
                while (rs.next()) {
                    facts.add("relation " + rs.getString(1) + "." + rs.getString(2) + " " + rs.getString(3) + " "
                            + rs.getString(4));
                    String name = quote(rs.getString(1)) + "." + quote(rs.getString(2));
                    switch (rs.getString(3)) {
                        case "r", "m", "p" -> contents.put(name, "SELECT count(*), md5(coalesce(string_agg(t::text, '|'"
                                + " ORDER BY t::text), '')) FROM " + name + " t");
                        case "S" -> contents.put(name, "SELECT 1, md5(last_value || ' ' || is_called) FROM " + name);
                        default -> {
                        }
                    }
                }
            }
            for (Map.Entry<String, String> relation : contents.entrySet()) {
                try (ResultSet rs = statement.executeQuery(relation.getValue())) {
                    rs.next();
                    facts.add("contents " + relation.getKey() + " " + rs.getLong(1) + " " + rs.getString(2));
                }
            }
            try (ResultSet rs = statement.executeQuery("SELECT n.nspname || '.' || p.proname FROM pg_proc p JOIN"
                    + " pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname NOT IN ('pg_catalog',"
                    + " 'information_schema') ORDER BY 1")) {
                while (rs.next()) {
                    facts.add("function " + rs.getString(1));
                }
            }
            try (ResultSet rs = statement.executeQuery("SELECT rolname, rolsuper FROM pg_roles ORDER BY 1")) {
                while (rs.next()) {
                    facts.add("role " + rs.getString(1) + " " + rs.getBoolean(2));
                }
            }
        }
        return facts;
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
