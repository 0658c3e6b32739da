package io.hoopgw.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.core.policy.AdversarialCases;
import io.hoopgw.core.policy.PolicyEngine;
import io.hoopgw.core.protocol.backend.ErrorResponse;
import io.hoopgw.server.testing.GatewayHarness;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every way out of read-only mode, UTF8 or the session's role (gateway-core's adversarial escapes), sent through a
 * real gateway to a real PostgreSQL by a read-only identity whose rule allows every class and function, logged in
 * as the tables' owner: each is refused with 42501, and afterwards the session is still read-only, UTF8 and the
 * same role.
 */
class ReadOnlyEscapesIT {
    private static final String ROBOTS = "robots";
    private static final PolicyEngine ENGINE = PolicyGateways.engine("""
            rules:
              - name: robots-read-only
                groups: [robots]
                targets: ["*"]
                readOnly: true
                allow:
                  classes: [read, write, ddl, privilege, admin, session, transaction, unknown]
                  functions: ["*", "*.*"]
            """);

    private static GatewayHarness harness;

    @BeforeAll
    static void start() {
        harness = PolicyGateways.start(ENGINE, ROBOTS);
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void everyEscapeIsRefusedAndTheSessionStaysAsItWasOpened() throws IOException {
        SoftAssertions softly = new SoftAssertions();
        try (RawPgClient client = PolicyGateways.raw(harness, harness.writerRole(), ROBOTS)) {
            for (String sql : AdversarialCases.readOnlyEscapes()) {
                client.send(RawPgClient.query(sql));
                ErrorResponse error = client.readError();
                client.readUntilReady();
                softly.assertThat(error.sqlState()).as("%s: %s", sql, error.message()).isEqualTo("42501");
                softly.assertThat(error.message()).as(sql).startsWith("hoopgw: policy denies ");
            }
            assertThat(value(client, "SHOW default_transaction_read_only")).isEqualTo("on");
            assertThat(value(client, "SHOW client_encoding")).isEqualTo("UTF8");
            assertThat(value(client, "SELECT current_user")).isEqualTo(harness.writerRole());
            assertThat(value(client, "SELECT session_user")).isEqualTo(harness.writerRole());
        }
        softly.assertAll();
    }

    /** The first column of the only row {@code sql} returns, as text. */
    private static String value(RawPgClient client, String sql) throws IOException {
        client.send(RawPgClient.query(sql));
        String value = null;
        RawPgClient.Message message;
        while ((message = client.read()).tag() != 'Z') {
            assertThat(message.tag()).as("%s: %s", sql, message.tag() == 'E' ? message.error() : null)
                    .isNotEqualTo('E');
            if (message.tag() == 'D') {
                ByteBuffer row = ByteBuffer.wrap(message.body());
                row.getShort();
                byte[] bytes = new byte[row.getInt()];
                row.get(bytes);
                value = new String(bytes, StandardCharsets.UTF_8);
            }
        }
        return value;
    }
}
