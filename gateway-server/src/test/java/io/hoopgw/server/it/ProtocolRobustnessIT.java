package io.hoopgw.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.core.protocol.backend.ErrorResponse;
import io.hoopgw.server.testing.GatewayHarness;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed and hostile byte streams from bare sockets, before and after login. The gateway answers each with a
 * FATAL 08P01 (or just closes), never allocates what a length field claims, never processes bytes smuggled ahead of
 * a TLS handshake, closes the upstream session of a client it drops, and goes on serving other clients.
 */
class ProtocolRobustnessIT {
    private static final Duration FAST = Duration.ofSeconds(5);
    private static GatewayHarness harness;

    @BeforeAll
    static void start() {
        harness = GatewayHarness.builder().limit("maxMessageSize: 1MiB").start();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @AfterEach
    void gatewaySurvived() throws SQLException {
        Upstream.assertGatewayServes(harness);
    }

    static Stream<Arguments> malformedStartupPackets() {
        Map<String, String> tooMany = new LinkedHashMap<>();
        for (int i = 0; i <= 64; i++) {
            tooMany.put("p" + i, "v");
        }
        byte[] unterminated = "user\0alice".getBytes(StandardCharsets.UTF_8);
        return Stream.of(
                packet("length below 8", () -> ByteBuffer.allocate(8).putInt(7).putInt(RawPgClient.PROTOCOL_3_0)
                        .array()),
                packet("length 2^31-1", () -> ByteBuffer.allocate(8).putInt(Integer.MAX_VALUE)
                        .putInt(RawPgClient.PROTOCOL_3_0).array()),
                packet("longer than 10000 bytes", () -> RawPgClient.startupMessage(RawPgClient.PROTOCOL_3_0,
                        Map.of("user", "x".repeat(10_001)))),
                packet("protocol 2.0", () -> RawPgClient.startupMessage(2 << 16, Map.of("user", "alice"))),
                packet("unknown request code", () -> RawPgClient.untagged((1234 << 16) | 9999, new byte[0])),
                packet("more than 64 parameters", () -> RawPgClient.startupMessage(RawPgClient.PROTOCOL_3_0,
                        tooMany)),
                packet("parameter without NUL", () -> RawPgClient.untagged(RawPgClient.PROTOCOL_3_0, unterminated)),
                packet("garbage", () -> {
                    byte[] garbage = new byte[64];
                    Arrays.fill(garbage, (byte) 0xff);
                    return garbage;
                }));
    }

    private static Arguments packet(String name, Supplier<byte[]> bytes) {
        return Arguments.of(name, bytes);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedStartupPackets")
    void malformedStartupPacketGetsAProtocolViolation(String name, Supplier<byte[]> bytes) throws IOException {
        long attempts = harness.gateway().upstreamConnectAttempts();
        try (RawPgClient client = RawPgClient.connect(harness.port())) {
            long sent = System.nanoTime();
            client.send(bytes.get());

            ErrorResponse error = client.readError();

            assertThat(Duration.ofNanos(System.nanoTime() - sent)).as("answered fast").isLessThan(FAST);
            assertFatalViolation(error);
            assertThat(client.closedWithin(FAST)).as("closed after the error").isTrue();
        }
        assertThat(harness.gateway().upstreamConnectAttempts()).isEqualTo(attempts);
    }

    /** CVE-2021-23214: plaintext sent in the same write as the SSLRequest must never be read as a startup. */
    @Test
    void plaintextStuffedAfterAnSslRequestIsNeverProcessed() throws IOException {
        long attempts = harness.gateway().upstreamConnectAttempts();
        byte[] sslRequest = ByteBuffer.allocate(8).putInt(8).putInt(RawPgClient.SSL_REQUEST_CODE).array();
        byte[] startup = RawPgClient.startupMessage(RawPgClient.PROTOCOL_3_0,
                Map.of("user", harness.writerRole(), "database", harness.target()));
        byte[] password = RawPgClient.message('p',
                RawPgClient.cString(harness.token("writer@example.com", "writers")));
        try (RawPgClient client = RawPgClient.connect(harness.port())) {
            client.send(RawPgClient.concat(sslRequest, startup, password));

            int first = client.readByte();

            assertThat((char) first).as("no TLS is started and no login is asked for").isEqualTo('E');
            RawPgClient.Message rest = readBodyAfterTag(client);
            assertFatalViolation(rest.error());
            assertThat(rest.error().message()).contains("unencrypted data after");
            assertThat(client.closedWithin(FAST)).isTrue();
        }
        assertThat(harness.gateway().upstreamConnectAttempts()).isEqualTo(attempts);
    }

    @Test
    void aRepeatedEncryptionRequestIsAProtocolViolation() throws IOException {
        // Answering repeats forever would let an unauthenticated client keep the gateway writing to it.
        try (RawPgClient client = RawPgClient.connect(harness.port())) {
            byte[] gssRequest = ByteBuffer.allocate(8).putInt(8).putInt(80877104).array();
            client.send(gssRequest);
            assertThat((char) client.readByte()).as("GSS encryption is declined").isEqualTo('N');
            client.send(gssRequest);

            assertFatalViolation(client.readError());
            assertThat(client.closedWithin(FAST)).isTrue();
        }
    }

    @Test
    void anOversizedPasswordMessageIsRefusedAtItsHeader() throws IOException {
        long attempts = harness.gateway().upstreamConnectAttempts();
        try (RawPgClient client = RawPgClient.connect(harness.port())) {
            client.send(RawPgClient.startupMessage(RawPgClient.PROTOCOL_3_0,
                    Map.of("user", harness.writerRole(), "database", harness.target())));
            assertThat(client.read().tag()).as("asked for a password").isEqualTo('R');
            // A 1 MiB "token": within the post-login message limit, far over what a login may send.
            client.send(ByteBuffer.allocate(5).put((byte) 'p').putInt(1 << 20).array());

            ErrorResponse error = client.readError();

            assertFatalViolation(error);
            assertThat(client.closedWithin(FAST)).isTrue();
        }
        assertThat(harness.gateway().upstreamConnectAttempts()).isEqualTo(attempts);
    }

    @Test
    void messageWithLengthBelowFourEndsTheSession() throws IOException {
        String app = "robust-short-length";
        try (RawPgClient client = loggedIn(app)) {
            client.send(new byte[] {'Q', 0, 0, 0, 3});

            assertFatalViolation(client.readError());
            assertThat(client.closedWithin(FAST)).isTrue();
        }
        Upstream.awaitNoBackend(harness, app);
    }

    @Test
    void messageOverTheSizeLimitEndsTheSessionWithoutBeingBuffered() throws IOException {
        String app = "robust-huge-message";
        try (RawPgClient client = loggedIn(app)) {
            byte[] header = ByteBuffer.allocate(5 + 16).put((byte) 'Q').putInt(100 * 1024 * 1024)
                    .put("SELECT 'abcdefg'".getBytes(StandardCharsets.US_ASCII)).array();
            long sent = System.nanoTime();
            client.send(header);

            ErrorResponse error = client.readError();

            assertThat(Duration.ofNanos(System.nanoTime() - sent)).as("refused at the header").isLessThan(FAST);
            assertFatalViolation(error);
            assertThat(error.message()).contains("104857600");
            assertThat(client.closedWithin(FAST)).isTrue();
        }
        Upstream.awaitNoBackend(harness, app);
    }

    @Test
    void unknownMessageTypeAfterLoginEndsTheSession() throws IOException {
        String app = "robust-unknown-type";
        try (RawPgClient client = loggedIn(app)) {
            client.send(RawPgClient.message((char) 0x01, new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, 0x00}));

            // Whoever notices first (the gateway or PostgreSQL, to which the frame is well-formed) says 08P01.
            ErrorResponse error = client.readError();
            assertThat(error.severity()).isEqualTo(ErrorResponse.Severity.FATAL);
            assertThat(error.sqlState()).isEqualTo("08P01");
            assertThat(client.closedWithin(FAST)).isTrue();
        }
        Upstream.awaitNoBackend(harness, app);
    }

    @Test
    void garbageAfterLoginEndsTheSession() throws IOException {
        String app = "robust-garbage";
        try (RawPgClient client = loggedIn(app)) {
            byte[] garbage = new byte[256];
            Arrays.fill(garbage, (byte) 0xff);
            client.send(garbage);

            assertFatalViolation(client.readError());
            assertThat(client.closedWithin(FAST)).isTrue();
        }
        Upstream.awaitNoBackend(harness, app);
    }

    @Test
    void clientThatDisconnectsMidMessageLeavesNoUpstreamSession() throws IOException {
        String app = "robust-mid-message";
        // Earlier tests' clients may still be closing: the count must reach zero, not return to a sample.
        Upstream.await("earlier sessions are gone", () -> harness.gateway().sessions() == 0);
        try (RawPgClient client = loggedIn(app)) {
            assertThat(harness.gateway().sessions()).isEqualTo(1);
            assertThat(Upstream.backends(harness, app)).isEqualTo(1);
            byte[] half = Arrays.copyOf(RawPgClient.query("SELECT 'a message the client never finishes'"), 12);
            client.send(half);
        }
        Upstream.awaitNoBackend(harness, app);
        Upstream.await("the gateway forgets the session", () -> harness.gateway().sessions() == 0);
    }

    /** A plaintext raw client logged in as the writer, with {@code applicationName} set upstream. */
    private static RawPgClient loggedIn(String applicationName) throws IOException {
        RawPgClient client = RawPgClient.connect(harness.port());
        client.login(Map.of("user", harness.writerRole(), "database", harness.target(),
                "application_name", applicationName), harness.token("writer@example.com", "writers"));
        return client;
    }

    /** Reads the length and body of a message whose tag byte was already read. */
    private static RawPgClient.Message readBodyAfterTag(RawPgClient client) throws IOException {
        byte[] length = new byte[4];
        for (int i = 0; i < 4; i++) {
            length[i] = (byte) client.readByte();
        }
        int size = ByteBuffer.wrap(length).getInt();
        assertThat(size).isBetween(4, 65_536);
        byte[] body = new byte[size - 4];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) client.readByte();
        }
        return new RawPgClient.Message('E', body);
    }

    private static void assertFatalViolation(ErrorResponse error) {
        assertThat(error.severity()).as(error.toString()).isEqualTo(ErrorResponse.Severity.FATAL);
        assertThat(error.field('S')).isEqualTo("FATAL");
        assertThat(error.sqlState()).as(error.message()).isEqualTo("08P01");
        assertThat(error.message()).startsWith("hoopgw: ");
    }
}
