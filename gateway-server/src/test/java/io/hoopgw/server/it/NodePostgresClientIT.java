package io.hoopgw.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hoopgw.server.testing.GatewayHarness;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * node-postgres ({@code pg} from npm) through the gateway: a JavaScript client whose protocol code shares nothing
 * with libpq or pgjdbc (see {@link NodePostgres}).
 */
class NodePostgresClientIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static GatewayHarness harness;

    @BeforeAll
    static void start() throws IOException {
        NodePostgres.install();
        harness = GatewayHarness.start();
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void nodePostgresQueriesBindsParametersAndRollsBack() throws IOException {
        String script = """
                const { Client } = require('pg');
                (async () => {
                  const client = new Client({...JSON.parse(process.env.HOOPGW_IT_CONNECTION),
                    ssl: { rejectUnauthorized: false }, connectionTimeoutMillis: 5000 });
                  await client.connect();
                  const out = { tls: client.connection.stream.encrypted === true };
                  out.simple = (await client.query('SELECT current_user AS who, 6 * 7 AS answer')).rows[0];
                  out.parameters = (await client.query(
                    'SELECT $1::int + $2::int AS sum, $2::text || $3 AS text', [40, 2, " \\u2713"])).rows[0];
                  await client.query('CREATE TABLE node_items (id int PRIMARY KEY, name text)');
                  await client.query('INSERT INTO node_items VALUES (1, $1)', ['kept']);
                  await client.query('BEGIN');
                  out.inserted = (await client.query(
                    'INSERT INTO node_items VALUES ($1, $2) RETURNING id, name', [2, 'rolled back'])).rows;
                  out.countInTransaction = (await client.query('SELECT count(*)::int AS n FROM node_items')).rows[0].n;
                  await client.query('ROLLBACK');
                  out.afterRollback = (await client.query('SELECT id, name FROM node_items ORDER BY id')).rows;
                  try {
                    await client.query('SELECT 1 / $1::int', [0]);
                  } catch (e) {
                    out.error = { code: e.code, message: e.message };
                  }
                  out.afterError = (await client.query('SELECT $1::text AS still', ['usable'])).rows[0].still;
                  await client.end();
                  console.log(JSON.stringify(out));
                })().catch(e => { console.error(e.stack || String(e)); process.exit(1); });
                """;
        String connection = JSON.writeValueAsString(Map.of(
                "host", "127.0.0.1",
                "port", harness.port(),
                "database", harness.target(),
                "user", harness.writerRole(),
                "password", harness.token("node@example.com", "writers")));

        ClientProcess.Result run = NodePostgres.run("client-it.js", script,
                Map.of("HOOPGW_IT_CONNECTION", connection));

        assertThat(run.exitCode()).as(run.describe()).isZero();
        JsonNode out = JSON.readTree(run.stdout());
        assertThat(out.path("tls").asBoolean()).as("the client's connection is TLS").isTrue();
        assertThat(out.at("/simple/who").asText()).isEqualTo(harness.writerRole());
        assertThat(out.at("/simple/answer").asInt()).isEqualTo(42);
        assertThat(out.at("/parameters/sum").isInt()).isTrue();
        assertThat(out.at("/parameters/sum").asInt()).isEqualTo(42);
        assertThat(out.at("/parameters/text").asText()).isEqualTo("2 ✓");
        assertThat(out.at("/inserted/0/id").asInt()).isEqualTo(2);
        assertThat(out.at("/inserted/0/name").asText()).isEqualTo("rolled back");
        assertThat(out.path("countInTransaction").asInt()).isEqualTo(2);
        assertThat(out.path("afterRollback").size()).isEqualTo(1);
        assertThat(out.at("/afterRollback/0/id").asInt()).isEqualTo(1);
        assertThat(out.at("/afterRollback/0/name").asText()).isEqualTo("kept");
        assertThat(out.at("/error/code").asText()).isEqualTo("22012");
        assertThat(out.at("/error/message").asText()).isEqualTo("division by zero");
        assertThat(out.path("afterError").asText()).isEqualTo("usable");
    }
}
