package io.hoopgw.server.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hoopgw.server.tls.UpstreamTls;
import io.hoopgw.server.tls.UpstreamTlsMode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.Future;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The connector against a real loopback server that accepts the connection and answers only what a test writes
 * to it: the login deadline and cancellation must both close the upstream connection, and a server that floods
 * the login is cut off.
 */
class UpstreamConnectorTest {
    private static final UpstreamCredential CREDENTIAL = new UpstreamCredential("app", "secret");

    private EventLoopGroup group;
    private ServerSocket silent;
    private final CompletableFuture<Socket> accepted = new CompletableFuture<>();

    @BeforeEach
    void start() throws IOException {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            try {
                accepted.complete(silent.accept());
            } catch (IOException e) {
                accepted.completeExceptionally(e);
            }
        }, "silent-upstream");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void stop() throws Exception {
        silent.close();
        if (accepted.isDone() && !accepted.isCompletedExceptionally()) {
            accepted.get().close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Test
    void aServerThatNeverAnswersFailsTheLoginAtTheDeadlineAndIsHungUpOn() throws Exception {
        UpstreamConnector connector = connector(Duration.ofMillis(300));
        UpstreamEndpoint endpoint = endpoint();

        Future<UpstreamConnection> login = connector.connect(loop(), endpoint,
                UpstreamConnector.resolve(endpoint), CREDENTIAL, Map.of());

        assertThat(login.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(login.cause()).isInstanceOf(UpstreamLoginException.class)
                .hasMessage("target 'silent' did not complete the login within 300 ms");
        assertHungUp(accepted.get(5, TimeUnit.SECONDS));
    }

    @Test
    void cancellingTheLoginClosesTheUpstreamConnection() throws Exception {
        UpstreamConnector connector = connector(Duration.ofSeconds(30));
        UpstreamEndpoint endpoint = endpoint();

        Future<UpstreamConnection> login = connector.connect(loop(), endpoint,
                UpstreamConnector.resolve(endpoint), CREDENTIAL, Map.of());
        Socket upstream = accepted.get(5, TimeUnit.SECONDS);
        assertThat(login.cancel(false)).isTrue();

        assertHungUp(upstream);
        assertThat(login.isCancelled()).isTrue();
    }

    @Test
    void resolveGivesTheAddressToConnectToAndConnectRefusesAnUnresolvedOne() throws Exception {
        UpstreamEndpoint endpoint = endpoint();

        InetSocketAddress address = UpstreamConnector.resolve(endpoint);

        assertThat(address.isUnresolved()).isFalse();
        assertThat(address.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(address.getPort()).isEqualTo(silent.getLocalPort());
        assertThatThrownBy(() -> connector(Duration.ofSeconds(1)).connect(loop(), endpoint,
                InetSocketAddress.createUnresolved("127.0.0.1", silent.getLocalPort()), CREDENTIAL, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unresolved");
    }

    @Test
    void aLoggedInUpstreamChannelHasKeepaliveOnAndNoLoginHandlersLeft() throws Exception {
        Future<UpstreamConnection> login = connectTrusting();
        // What a caller's listener sees, as the session's does when it adds its relay.
        CompletableFuture<List<String>> handlers = new CompletableFuture<>();
        login.addListener(f -> handlers.complete(f.isSuccess() ? login.getNow().channel().pipeline().names() : null));
        Socket upstream = acceptStartup();

        DataOutputStream out = new DataOutputStream(upstream.getOutputStream());
        out.write(new byte[] {'R', 0, 0, 0, 8, 0, 0, 0, 0, 'Z', 0, 0, 0, 5, 'I'});
        out.flush();

        assertThat(handlers.get(5, TimeUnit.SECONDS)).isNotNull().doesNotContain("login", "loginFailure");
        Channel channel = login.getNow().channel();
        try {
            assertThat(channel.config().getOption(ChannelOption.SO_KEEPALIVE)).isTrue();
        } finally {
            channel.close().sync();
        }
    }

    @Test
    void aLoginMessageOverOneMebibyteIsRefused() throws Exception {
        Future<UpstreamConnection> login = connectTrusting();
        Socket upstream = acceptStartup();

        DataOutputStream out = new DataOutputStream(upstream.getOutputStream());
        out.writeByte('R');
        out.writeInt(4 + UpstreamConnector.MAX_LOGIN_MESSAGE);
        out.flush();

        assertThat(login.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(login.cause()).isInstanceOf(UpstreamLoginException.class)
                .hasMessageContaining("upstream login failed");
        assertHungUp(upstream);
    }

    @Test
    void endlessParameterStatusMessagesAreCutOff() throws Exception {
        Future<UpstreamConnection> login = connectTrusting();
        Socket upstream = acceptStartup();

        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(upstream.getOutputStream()));
        out.writeByte('R');
        out.writeInt(8);
        out.writeInt(0);
        byte[] parameter = "application_name\0x\0".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i <= UpstreamLoginHandler.MAX_COLLECTED; i++) {
            out.writeByte('S');
            out.writeInt(4 + parameter.length);
            out.write(parameter);
        }
        out.flush();

        assertThat(login.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(login.cause()).isInstanceOf(UpstreamLoginException.class)
                .hasMessage("upstream sent more than 1000 ParameterStatus messages during login");
        assertHungUp(upstream);
    }

    @Test
    void aServerThatAcceptsTlsAndThenSpeaksPlaintextFailsTheHandshake() throws Exception {
        UpstreamEndpoint endpoint = new UpstreamEndpoint("faketls", "127.0.0.1", silent.getLocalPort(), "app",
                UpstreamTls.clientContext(UpstreamTlsMode.REQUIRE, null), false,
                Set.of(UpstreamAuthMethod.SCRAM_SHA_256));
        Future<UpstreamConnection> login = connector(Duration.ofSeconds(10)).connect(loop(), endpoint,
                UpstreamConnector.resolve(endpoint), CREDENTIAL, Map.of());
        Socket upstream = accepted.get(5, TimeUnit.SECONDS);
        upstream.setSoTimeout(5_000);
        DataInputStream in = new DataInputStream(upstream.getInputStream());
        assertThat(in.readInt()).as("SSLRequest length").isEqualTo(8);
        assertThat(in.readInt()).as("SSLRequest code").isEqualTo(80877103);

        upstream.getOutputStream().write('S');
        upstream.getOutputStream().flush();
        // Wait for the ClientHello, so the reply lands on the TLS handler, not on the SSLRequest's.
        assertThat(in.readByte()).as("TLS handshake record").isEqualTo((byte) 22);
        upstream.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        upstream.getOutputStream().flush();

        assertThat(login.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(login.cause()).isInstanceOf(UpstreamLoginException.class).hasMessageContaining("faketls");
        assertHungUp(upstream);
    }

    @Test
    void aCancelToATlsTargetIsNeverSentInPlaintext() throws Exception {
        UpstreamEndpoint endpoint = new UpstreamEndpoint("faketls", "127.0.0.1", silent.getLocalPort(), "app",
                UpstreamTls.clientContext(UpstreamTlsMode.REQUIRE, null), false,
                Set.of(UpstreamAuthMethod.SCRAM_SHA_256));

        connector(Duration.ofSeconds(10)).cancel(loop(), endpoint, UpstreamConnector.resolve(endpoint), 4242,
                new byte[] {1, 2, 3, 4});

        Socket upstream = accepted.get(5, TimeUnit.SECONDS);
        upstream.setSoTimeout(5_000);
        DataInputStream in = new DataInputStream(upstream.getInputStream());
        assertThat(in.readInt()).as("SSLRequest length").isEqualTo(8);
        assertThat(in.readInt()).as("SSLRequest code, not CancelRequest's 80877102").isEqualTo(80877103);
        // A server (or a man in the middle) that refuses TLS gets no cancel key.
        upstream.getOutputStream().write('N');
        upstream.getOutputStream().flush();
        assertThat(in.read()).as("nothing more before the close").isEqualTo(-1);
    }

    /** Starts a login to a target that allows trust, so a bare AuthenticationOk is accepted. */
    private Future<UpstreamConnection> connectTrusting() throws Exception {
        UpstreamEndpoint endpoint = new UpstreamEndpoint("flood", "127.0.0.1", silent.getLocalPort(), "app", null,
                false, Set.of(UpstreamAuthMethod.TRUST));
        return connector(Duration.ofSeconds(10)).connect(loop(), endpoint, UpstreamConnector.resolve(endpoint),
                CREDENTIAL, Map.of());
    }

    /** The accepted connection, its startup packet read. */
    private Socket acceptStartup() throws Exception {
        Socket upstream = accepted.get(5, TimeUnit.SECONDS);
        upstream.setSoTimeout(5_000);
        DataInputStream in = new DataInputStream(upstream.getInputStream());
        in.readFully(new byte[in.readInt() - 4]);
        return upstream;
    }

    private UpstreamConnector connector(Duration loginTimeout) {
        return new UpstreamConnector(NioSocketChannel.class, Duration.ofSeconds(5), loginTimeout);
    }

    private EventLoop loop() {
        return group.next();
    }

    private UpstreamEndpoint endpoint() {
        return new UpstreamEndpoint("silent", "127.0.0.1", silent.getLocalPort(), "app", null, false,
                Set.of(UpstreamAuthMethod.SCRAM_SHA_256));
    }

    /** Reads (bounded) past whatever the connector sent until the end of the stream: the connector closed. */
    private static void assertHungUp(Socket socket) throws IOException {
        socket.setSoTimeout(5_000);
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[1024];
        int total = 0;
        int read;
        while ((read = in.read(buffer)) != -1) {
            total += read;
            assertThat(total).as("bytes before the close").isLessThan(64 * 1024);
        }
        assertThat(read).isEqualTo(-1);
    }
}
