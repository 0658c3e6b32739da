package io.hoopgw.server.it;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A hostile "PostgreSQL" on 127.0.0.1 for one connection: it plays a script of raw protocol bytes (what a man in
 * the middle would send) and records every message the gateway sends it, until the gateway hangs up.
 */
final class FakeUpstream implements AutoCloseable {
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    /** One message received after the startup packet. */
    record Received(byte tag, byte[] body) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** The attacker's moves; it may read the gateway's messages in between. */
    @FunctionalInterface
    interface Script {
        void play(Conversation conversation) throws IOException;
    }

    /** The connection as the script sees it. */
    final class Conversation {
        private final DataInputStream in;
        private final DataOutputStream out;

        private Conversation(DataInputStream in, DataOutputStream out) {
            this.in = in;
            this.out = out;
        }

        /** Sends one backend message. */
        void send(char tag, byte[] body) throws IOException {
            out.writeByte(tag);
            out.writeInt(4 + body.length);
            out.write(body);
            out.flush();
        }

        /** Sends an Authentication message of the given code with extra bytes after it. */
        void sendAuthentication(int code, byte[] rest) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            new DataOutputStream(body).writeInt(code);
            body.write(rest);
            send('R', body.toByteArray());
        }

        /** AuthenticationOk then ReadyForQuery (idle): "you are in". */
        void sendOkAndReady() throws IOException {
            sendAuthentication(0, new byte[0]);
            send('Z', new byte[] {'I'});
        }

        /** Reads the gateway's next message, recording it. */
        Received receive() throws IOException {
            Received message = readMessage(in);
            received.add(message);
            return message;
        }
    }

    private final ServerSocket server;
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<byte[]> startup = new CompletableFuture<>();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();

    private FakeUpstream(Script script) throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(() -> serve(script), "fake-upstream");
        thread.setDaemon(true);
        thread.start();
    }

    /** Listens on an ephemeral loopback port and plays {@code script} to the first connection. */
    static FakeUpstream start(Script script) throws IOException {
        return new FakeUpstream(script);
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve(Script script) {
        try (Socket socket = server.accept()) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int length = in.readInt();
            byte[] packet = new byte[length - 4];
            in.readFully(packet);
            startup.complete(packet);
            script.play(new Conversation(in, new DataOutputStream(socket.getOutputStream())));
            // Record whatever else arrives until the gateway closes the connection.
            while (true) {
                received.add(readMessage(in));
            }
        } catch (EOFException e) {
            finished.complete(null);
        } catch (SocketTimeoutException e) {
            finished.completeExceptionally(new AssertionError("the gateway kept the upstream connection open"));
        } catch (IOException | RuntimeException e) {
            // A reset is also the gateway hanging up.
            finished.complete(null);
        }
    }

    private static Received readMessage(DataInputStream in) throws IOException {
        byte tag = in.readByte();
        int length = in.readInt();
        byte[] body = new byte[length - 4];
        in.readFully(body);
        return new Received(tag, body);
    }

    /** The startup packet the gateway sent (after its length), waiting for it a few seconds. */
    byte[] startupPacket() throws Exception {
        return startup.get(10, TimeUnit.SECONDS);
    }

    /**
     * Waits until the gateway has closed the connection, then returns every message it sent after the startup
     * packet.
     */
    List<Received> receivedUntilClosed() throws Exception {
        finished.get(15, TimeUnit.SECONDS);
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
