package io.hoopgw.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hoopgw.server.testing.GatewayHarness;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The settings the gateway opens upstream sessions with, against a real PostgreSQL: read-only identities get
 * {@code default_transaction_read_only = on}, so PostgreSQL itself refuses a write a rule let through; and sessions
 * the gateway inspects are UTF8 whatever encoding the client asked for, while psql and pgjdbc keep working.
 */
class UpstreamSessionSettingsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String POLICY = """
            policy:
              rules:
                - name: readers-read-only
                  groups: [readers]
                  targets: ["*"]
                  readOnly: true
                  allow: {classes: [read, session, transaction]}
                - name: writers
                  groups: [writers]
                  targets: ["*"]
                  allow: {classes: [read, write, ddl, session, transaction]}
                - name: on-call-read-only
                  groups: [on-call]
                  targets: ["*"]
                  readOnly: true
            """;

    private static GatewayHarness inspected;
    private static GatewayHarness bare;

    @TempDir
    Path workDir;

    @BeforeAll
    static void start() {
        inspected = GatewayHarness.builder().section(POLICY).start();
        bare = GatewayHarness.start();
    }

    @AfterAll
    static void stop() {
        if (inspected != null) {
            inspected.close();
        }
        if (bare != null) {
            bare.close();
        }
    }

    private static Connection connect(GatewayHarness harness, String role, String... groups) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", role);
        properties.setProperty("password", harness.token("someone@example.com", groups));
        return DriverManager.getConnection(harness.jdbcUrl(), properties);
    }

    private static String show(Connection connection, String setting) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SHOW " + setting)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    @Test
    void aReadOnlyIdentitysSessionIsReadOnlyInPostgres() throws SQLException {
        try (Connection reader = connect(inspected, inspected.readerRole(), "readers")) {
            assertThat(show(reader, "default_transaction_read_only")).isEqualTo("on");
            assertThat(show(reader, "transaction_read_only")).isEqualTo("on");
            assertThat(show(reader, "client_encoding")).isEqualTo("UTF8");
        }
        try (Connection writer = connect(inspected, inspected.writerRole(), "writers")) {
            assertThat(show(writer, "default_transaction_read_only")).isEqualTo("off");
        }
    }

    @Test
    void postgresRefusesAWriteThatARuleOfAReadOnlyIdentityAllowed() throws SQLException {
        try (Connection writer = connect(inspected, inspected.writerRole(), "writers");
                Statement statement = writer.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS tickets (id int)");
        }
        // The writers rule allows INSERT; the on-call rule makes the identity read-only. The policy lets the
        // statement through, and PostgreSQL, told at login, refuses it.
        try (Connection onCall = connect(inspected, inspected.writerRole(), "writers", "on-call");
                Statement statement = onCall.createStatement()) {
            assertThat(show(onCall, "default_transaction_read_only")).isEqualTo("on");
            assertThatThrownBy(() -> statement.execute("INSERT INTO tickets VALUES (1)"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("read-only transaction")
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("25006");
        }
    }

    @Test
    void aReadOnlyIdentityStillReadsMetadataWithPgjdbc() throws SQLException {
        try (Connection writer = connect(inspected, inspected.writerRole(), "writers");
                Statement statement = writer.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS metadata_probe (id int PRIMARY KEY, label text)");
        }
        try (Connection reader = connect(inspected, inspected.readerRole(), "readers")) {
            DatabaseMetaData metaData = reader.getMetaData();
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = metaData.getTables(null, "public", "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            assertThat(tables).contains("metadata_probe");
            try (ResultSet rs = metaData.getColumns(null, "public", "metadata_probe", "%")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("COLUMN_NAME")).isEqualTo("id");
            }
        }
    }

    @Test
    void anInspectedSessionIsUtf8WhateverTheClientAskedFor() throws IOException {
        Map<String, String> status = loginAndShow(inspected, Map.of("client_encoding", "LATIN1"));

        assertThat(status).containsEntry("client_encoding", "UTF8").containsEntry("SHOW", "UTF8");
        assertThat(loginAndShow(inspected, Map.of("CLIENT_ENCODING", "SQL_ASCII")))
                .containsEntry("client_encoding", "UTF8").containsEntry("SHOW", "UTF8");
    }

    @Test
    void aBareRelayLeavesTheClientsEncodingAlone() throws IOException {
        assertThat(loginAndShow(bare, Map.of("client_encoding", "LATIN1")))
                .containsEntry("client_encoding", "LATIN1").containsEntry("SHOW", "LATIN1");
    }

    @Test
    void psqlAskingForLatin1GetsUtf8AndKeepsWorking() {
        Path psql = PostgresClientBinaries.require("psql", inspected.postgres());
        List<String> command = List.of(psql.toString(), "-X", "-At",
                "host=127.0.0.1 port=" + inspected.port() + " dbname=" + inspected.target() + " user="
                        + inspected.readerRole() + " sslmode=require",
                "-c", "SHOW client_encoding", "-c", "\\encoding", "-c", "SELECT 'Grüße'", "-c", "\\dt");
        ClientProcess.Result result = ClientProcess.run(command, Map.of(
                "PGPASSWORD", inspected.token("psql@example.com", "readers"), "PGCLIENTENCODING", "LATIN1",
                "PGCONNECT_TIMEOUT", "5"), workDir, TIMEOUT);

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout().lines()).startsWith("UTF8", "UTF8", "Grüße");
    }

    /**
     * Logs in as a writer on a bare socket with {@code parameters} added to the startup packet, and returns the
     * ParameterStatus values the client was sent, plus {@code SHOW client_encoding}'s answer under the key SHOW.
     */
    private static Map<String, String> loginAndShow(GatewayHarness harness, Map<String, String> parameters)
            throws IOException {
        Map<String, String> startup = new LinkedHashMap<>();
        startup.put("user", harness.writerRole());
        startup.put("database", harness.target());
        startup.putAll(parameters);
        Map<String, String> status = new HashMap<>();
        try (RawPgClient client = RawPgClient.connect(harness.port())) {
            client.send(RawPgClient.startupMessage(RawPgClient.PROTOCOL_3_0, startup));
            assertThat(client.read().authenticationCode()).isEqualTo(3);
            client.send(RawPgClient.message('p', RawPgClient.cString(harness.token("raw@example.com", "writers"))));
            RawPgClient.Message message;
            while ((message = client.read()).tag() != 'Z') {
                assertThat(message.tag()).as("login error: %s", message.tag() == 'E' ? message.error() : null)
                        .isNotEqualTo('E');
                if (message.tag() == 'S') {
                    String[] pair = new String(message.body(), StandardCharsets.UTF_8).split("\0", -1);
                    status.put(pair[0], pair[1]);
                }
            }
            client.send(RawPgClient.query("SHOW client_encoding"));
            while ((message = client.read()).tag() != 'Z') {
                assertThat(message.tag()).as("query error: %s", message.tag() == 'E' ? message.error() : null)
                        .isNotEqualTo('E');
                if (message.tag() == 'D') {
                    ByteBuffer row = ByteBuffer.wrap(message.body());
                    assertThat(row.getShort()).isEqualTo((short) 1);
                    byte[] value = new byte[row.getInt()];
                    row.get(value);
                    status.put("SHOW", new String(value, StandardCharsets.US_ASCII));
                }
            }
        }
        return status;
    }
}
