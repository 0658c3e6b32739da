package io.hoopgw.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hoopgw.server.it.FakeUpstream.Received;
import io.hoopgw.server.testing.GatewayHarness;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A man in the middle between the gateway and its upstream (possible under {@code tls: disable} or
 * {@code require}) tries to make the gateway give its password away or accept a login nobody verified. Each
 * attacker is a raw socket on 127.0.0.1 that records what the gateway sends; the gateway must refuse the client
 * with 08001 and send nothing that reveals the password.
 */
class UpstreamDowngradeIT {
    private static final String PASSWORD = "gateway-held-upstream-secret";
    private static final String ROLE = "app";
    private static final String GROUP = "mitm-victims";

    private static FakeUpstream asksForCleartext;
    private static FakeUpstream asksForMd5;
    private static FakeUpstream saslThenOk;
    private static FakeUpstream okWithoutSaslFinal;
    private static GatewayHarness harness;

    @BeforeAll
    static void start() throws Exception {
        asksForCleartext = FakeUpstream.start(c -> c.sendAuthentication(3, new byte[0]));
        asksForMd5 = FakeUpstream.start(c -> c.sendAuthentication(5, new byte[] {1, 2, 3, 4}));
        saslThenOk = FakeUpstream.start(c -> {
            c.sendAuthentication(10, "SCRAM-SHA-256\0\0".getBytes(StandardCharsets.US_ASCII));
            c.receive();
            c.sendOkAndReady();
        });
        okWithoutSaslFinal = FakeUpstream.start(c -> {
            c.sendAuthentication(10, "SCRAM-SHA-256\0\0".getBytes(StandardCharsets.US_ASCII));
            String clientFirst = new String(c.receive().body(), StandardCharsets.UTF_8);
            String clientNonce = clientFirst.substring(clientFirst.indexOf("r=") + 2);
            String salt = Base64.getEncoder().encodeToString("sixteen byte slt".getBytes(StandardCharsets.US_ASCII));
            c.sendAuthentication(11, ("r=" + clientNonce + "attacker,s=" + salt + ",i=4096")
                    .getBytes(StandardCharsets.US_ASCII));
            c.receive();
            c.sendOkAndReady();
        });
        harness = GatewayHarness.builder()
                // md5 is allowed here, which must not let cleartext in.
                .target("cleartext", fakeTarget(asksForCleartext, "auth: [scram-sha-256, md5]"))
                .target("md5", fakeTarget(asksForMd5, ""))
                .target("saslok", fakeTarget(saslThenOk, ""))
                .target("nofinal", fakeTarget(okWithoutSaslFinal, ""))
                .grant("{name: mitm, groups: [" + GROUP + "], targets: [cleartext, md5, saslok, nofinal],"
                        + " roles: [\"*\"]}")
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
        for (FakeUpstream fake : new FakeUpstream[] {asksForCleartext, asksForMd5, saslThenOk, okWithoutSaslFinal}) {
            if (fake != null) {
                fake.close();
            }
        }
    }

    @Test
    void aServerAskingForTheCleartextPasswordGetsNothing() throws Exception {
        SQLException refusal = refuse("cleartext");

        // The reason ("asked for password authentication, which the target does not allow") stays in the log.
        assertThat(refusal.getMessage()).contains("cannot open a session on target");
        assertThat(new String(asksForCleartext.startupPacket(), StandardCharsets.UTF_8)).contains(ROLE);
        assertThat(asksForCleartext.receivedUntilClosed()).as("nothing after the startup packet").isEmpty();
    }

    @Test
    void aServerAskingForMd5OfAScramOnlyTargetGetsNothing() throws Exception {
        SQLException refusal = refuse("md5");

        assertThat(refusal.getMessage()).contains("cannot open a session on target");
        assertThat(asksForMd5.receivedUntilClosed()).as("nothing after the startup packet").isEmpty();
    }

    @Test
    void authenticationOkRightAfterTheSaslRequestIsRefused() throws Exception {
        SQLException refusal = refuse("saslok");

        assertThat(refusal.getMessage()).contains("cannot open a session on target");
        List<Received> received = saslThenOk.receivedUntilClosed();
        assertThat(received).as("only the SCRAM client-first message").hasSize(1);
        assertThat(received.get(0).tag()).isEqualTo((byte) 'p');
        assertThat(received.get(0).bodyText()).startsWith("SCRAM-SHA-256\0");
        assertNoPassword(received);
    }

    @Test
    void authenticationOkWithoutTheServerSignatureIsRefused() throws Exception {
        SQLException refusal = refuse("nofinal");

        assertThat(refusal.getMessage()).contains("cannot open a session on target");
        List<Received> received = okWithoutSaslFinal.receivedUntilClosed();
        assertThat(received).extracting(Received::tag).containsExactly((byte) 'p', (byte) 'p');
        assertThat(received.get(1).bodyText()).as("the SCRAM client-final message").startsWith("c=biws,r=");
        assertNoPassword(received);
    }

    private static void assertNoPassword(List<Received> received) {
        assertThat(received).allSatisfy(message -> assertThat(message.bodyText()).doesNotContain(PASSWORD));
    }

    private static SQLException refuse(String target) {
        String token = harness.token("victim@example.com", GROUP);
        Properties login = new Properties();
        login.setProperty("user", ROLE);
        login.setProperty("password", token);
        SQLException refusal = catchThrowableOfType(SQLException.class, () -> DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + harness.port() + "/" + target + "?sslmode=require", login).close());
        assertThat((Object) refusal).as("the login must fail").isNotNull();
        assertThat(refusal.getSQLState()).as(refusal.getMessage()).isEqualTo("08001");
        assertThat(refusal.getMessage()).contains("hoopgw: ").contains("\"" + target + "\"")
                .doesNotContain(PASSWORD).doesNotContain(token);
        return refusal;
    }

    private static String fakeTarget(FakeUpstream fake, String extra) {
        return """
                host: 127.0.0.1
                port: %d
                database: app
                tls: {mode: disable}
                roles:
                  %s: {password: {value: "%s"}}
                %s
                """.formatted(fake.port(), ROLE, PASSWORD, extra);
    }
}
