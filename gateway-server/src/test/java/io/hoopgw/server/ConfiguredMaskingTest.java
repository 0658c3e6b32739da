package io.hoopgw.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hoopgw.server.config.ConfigLoader;
import io.hoopgw.server.config.GatewayConfig;
import io.hoopgw.server.mask.CatalogLookupException;
import io.hoopgw.server.mask.ColumnCatalog.ColumnName;
import io.hoopgw.server.mask.ColumnCatalog.ColumnRef;
import io.hoopgw.server.mask.MaskingControls;
import io.hoopgw.server.postgres.LocalPostgres;
import io.hoopgw.server.testing.GatewayHarness;
import io.hoopgw.server.testing.SharedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A {@code masking} section gives the gateway's sessions masking controls: the configured rules and a column
 * catalog on the configured targets, which the gateway owns and closes with itself.
 */
class ConfiguredMaskingTest {
    private static final ColumnRef PG_CLASS_RELNAME = new ColumnRef(1259, (short) 2);

    private static GatewayConfig config(String masking) throws Exception {
        LocalPostgres postgres = SharedPostgres.get();
        return ConfigLoader.withEnvironment(Map.of("PG_PASSWORD", postgres.superuserPassword())::get).read("""
                listeners: [{host: 127.0.0.1, port: 0, allowPlaintext: true}]
                issuers: [{issuer: https://idp.example.com, audience: hoopgw, groupsClaim: groups}]
                targets:
                  main:
                    host: %s
                    port: %d
                    database: postgres
                    tls: {mode: disable}
                    roles: {%s: {password: {env: PG_PASSWORD}}}
                """.formatted(postgres.host(), postgres.port(), postgres.superuser()) + masking, "test.yaml",
                java.nio.file.Path.of(""));
    }

    @Test
    void aMaskingSectionGivesRulesAndACatalogThatCloseWithTheControls() throws Exception {
        GatewayConfig config = config("""
                masking:
                  catalogCacheTtl: 1m
                  rules:
                    - {name: cards, detect: card, strategy: partial, keep-last: 4}
                    - {name: relnames, column: pg_catalog.pg_class.relname, strategy: redact}
                """);

        ConfiguredControls controls = ConfiguredControls.open(config);
        MaskingControls masking = controls.controls().masking().orElseThrow();
        try {
            assertThat(controls.controls().audit()).isEmpty();
            assertThat(masking.config()).isSameAs(config.masking().orElseThrow().rules());
            assertThat(masking.catalog().names("main", Set.of(PG_CLASS_RELNAME)).get(10, TimeUnit.SECONDS))
                    .containsExactly(Map.entry(PG_CLASS_RELNAME, new ColumnName("pg_catalog", "pg_class", "relname")));
        } finally {
            controls.close();
        }

        assertThatThrownBy(() -> masking.catalog().names("main", Set.of(PG_CLASS_RELNAME)).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(CatalogLookupException.class)
                .hasMessageContaining("closing");
    }

    @Test
    void withoutAMaskingSectionNothingIsMasked() throws Exception {
        ConfiguredControls controls = ConfiguredControls.open(config(""));

        assertThat(controls.controls().masking()).isEmpty();
        controls.close();
    }

    @Test
    void aGatewayWithAMaskingSectionStartsServesAndCloses() throws Exception {
        try (GatewayHarness harness = GatewayHarness.builder().section("""
                masking:
                  rules:
                    - {name: emails, detect: email, strategy: redact, exempt: [writers]}
                """).start();
                Connection connection = harness.connectAsWriter();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT 'alice@example.com'")) {
            assertThat(rs.next()).isTrue();
            // The writers group is exempt, so this holds whether or not the relay applies masking yet.
            assertThat(rs.getString(1)).isEqualTo("alice@example.com");
        }
    }
}
