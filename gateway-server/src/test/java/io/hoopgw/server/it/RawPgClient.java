package io.hoopgw.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.ongres.scram.client.ScramClient;
import com.ongres.scram.common.exception.ScramException;
import io.hoopgw.core.protocol.backend.BackendKeyData;
import io.hoopgw.core.protocol.backend.ErrorResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A PostgreSQL client on a bare {@link Socket}, for sending what no real driver would: it writes exactly the bytes it
 * is given and reads the server's answer message by message. Reads time out after a few seconds, so a gateway that
 * hangs fails the test instead of stalling it.
 */
final class RawPgClient implements AutoCloseable {
    static final int PROTOCOL_3_0 = 3 << 16;
    static final int SSL_REQUEST_CODE = 80877103;
    static final int CANCEL_REQUEST_CODE = 80877102;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    /** One backend message: its tag and its body (the bytes after the length field). */
    record Message(char tag, byte[] body) {
        /** The whole message as on the wire: tag, length, body. */
        byte[] wire() {
            return message(tag, body);
        }

        /** Decodes this message as an ErrorResponse. */
        ErrorResponse error() {
            assertThat(tag).as("message tag").isEqualTo(ErrorResponse.TAG);
            ByteBuf buffer = Unpooled.wrappedBuffer(body);
            try {
                return ErrorResponse.decode(buffer);
            } finally {
                buffer.release();
            }
        }

        /** The request code of an Authentication message. */
        int authenticationCode() {
            assertThat(tag).as("message tag").isEqualTo('R');
            return ByteBuffer.wrap(body).getInt();
        }
    }

    /** Everything the server sent for one request, up to and including its ReadyForQuery. */
    record Response(List<Message> messages) {
        /** The ErrorResponses, in order. */
        List<ErrorResponse> errors() {
            return messages.stream().filter(message -> message.tag() == ErrorResponse.TAG).map(Message::error)
                    .toList();
        }

        /** The transaction status of the closing ReadyForQuery: I idle, T in a block, E in a failed block. */
        char status() {
            return (char) messages.get(messages.size() - 1).body()[0];
        }

        /** The message tags, as a string, e.g. {@code "TDCZ"}. */
        String tags() {
            StringBuilder tags = new StringBuilder();
            messages.forEach(message -> tags.append(message.tag()));
            return tags.toString();
        }

        /** The number of DataRows. */
        long rows() {
            return messages.stream().filter(message -> message.tag() == 'D').count();
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawPgClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects to 127.0.0.1:{@code port}. */
    static RawPgClient connect(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
        socket.setTcpNoDelay(true);
        return new RawPgClient(socket);
    }

    /** Writes {@code bytes} in one write call. */
    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads one whole tagged message; fails the test on end of stream. */
    Message read() throws IOException {
        int tag = in.read();
        if (tag < 0) {
            throw new EOFException("the server closed the connection");
        }
        int length = in.readInt();
        assertThat(length).as("length of message '%s'", (char) tag).isBetween(4, 1 << 20);
        byte[] body = new byte[length - 4];
        in.readFully(body);
        return new Message((char) tag, body);
    }

    /** Reads everything up to and including the next ReadyForQuery of a simple Query. */
    Response readResponse() throws IOException {
        return readResponse(false);
    }

    /**
     * Reads everything up to and including the next ReadyForQuery. A COPY FROM STDIN is answered with CopyFail,
     * since this client has no data to send, and, after an extended-protocol query, with another Sync: PostgreSQL
     * ignores a Sync that arrives during COPY, as tokio-postgres and libpq's pipeline mode rely on.
     *
     * @param extended whether the request was an extended-protocol one
     */
    Response readResponse(boolean extended) throws IOException {
        List<Message> messages = new ArrayList<>();
        while (true) {
            Message message = read();
            messages.add(message);
            if (message.tag() == 'G') {
                byte[] copyFail = message('f', cString("this client sends no COPY data"));
                send(extended ? concat(copyFail, sync()) : copyFail);
            } else if (message.tag() == 'Z') {
                return new Response(messages);
            }
        }
    }

    /** Sends a simple Query and reads its response. */
    Response simpleQuery(String sql) throws IOException {
        send(query(sql));
        return readResponse();
    }

    /** Reads one byte (the answer to an SSLRequest), or -1 at end of stream. */
    int readByte() throws IOException {
        return in.read();
    }

    /** Reads messages until an ErrorResponse and returns it; fails on end of stream first. */
    ErrorResponse readError() throws IOException {
        while (true) {
            Message message = read();
            if (message.tag() == ErrorResponse.TAG) {
                return message.error();
            }
        }
    }

    /** Reads until ReadyForQuery, failing on an ErrorResponse. */
    void readUntilReady() throws IOException {
        while (true) {
            Message message = read();
            assertThat(message.tag()).as("no error before ReadyForQuery").isNotEqualTo(ErrorResponse.TAG);
            if (message.tag() == 'Z') {
                return;
            }
        }
    }

    /**
     * Whether the server closes the connection within {@code within}, discarding whatever it sends first. A reset
     * counts as closed.
     */
    boolean closedWithin(Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        byte[] sink = new byte[4096];
        while (System.nanoTime() < deadline) {
            socket.setSoTimeout((int) Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toMillis()));
            try {
                if (in.read(sink) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (SocketException e) {
                return true;
            }
        }
        return false;
    }

    /**
     * Logs in with plaintext: StartupMessage, the token as the cleartext password, then everything up to
     * ReadyForQuery.
     *
     * @return the BackendKeyData the gateway gave this session
     */
    BackendKeyData login(Map<String, String> parameters, String token) throws IOException {
        send(startupMessage(PROTOCOL_3_0, parameters));
        Message request = read();
        assertThat(request.authenticationCode()).as("asks for a cleartext password").isEqualTo(3);
        send(message('p', cString(token)));
        BackendKeyData key = null;
        while (true) {
            Message message = read();
            assertThat(message.tag()).as("login error: %s", message.tag() == 'E' ? message.error() : null)
                    .isNotEqualTo(ErrorResponse.TAG);
            if (message.tag() == 'K') {
                ByteBuf body = Unpooled.wrappedBuffer(message.body());
                try {
                    key = BackendKeyData.decode(body);
                } finally {
                    body.release();
                }
            } else if (message.tag() == 'Z') {
                assertThat(key).as("BackendKeyData before ReadyForQuery").isNotNull();
                return key;
            }
        }
    }

    /**
     * Logs in directly to PostgreSQL with SCRAM-SHA-256 (no TLS, so no channel binding), then reads everything up
     * to ReadyForQuery. The exchange is the ongres SCRAM library's, as the gateway's own.
     */
    void loginScram(Map<String, String> parameters, String password) throws IOException {
        send(startupMessage(PROTOCOL_3_0, parameters));
        Message request = read();
        assertThat(request.authenticationCode()).as("asks for SASL").isEqualTo(10);
        List<String> mechanisms = new ArrayList<>();
        int at = 4;
        while (request.body()[at] != 0) {
            int end = at;
            while (request.body()[end] != 0) {
                end++;
            }
            mechanisms.add(new String(request.body(), at, end - at, StandardCharsets.UTF_8));
            at = end + 1;
        }
        ScramClient scram = ScramClient.builder().advertisedMechanisms(mechanisms).username("*")
                .password(password.toCharArray()).build();
        byte[] first = scram.clientFirstMessage().toString().getBytes(StandardCharsets.UTF_8);
        send(message('p', concat(cString(scram.getScramMechanism().getName()),
                ByteBuffer.allocate(4).putInt(first.length).array(), first)));
        try {
            Message serverFirst = read();
            assertThat(serverFirst.authenticationCode()).as("SASLContinue").isEqualTo(11);
            scram.serverFirstMessage(new String(serverFirst.body(), 4, serverFirst.body().length - 4,
                    StandardCharsets.UTF_8));
            send(message('p', scram.clientFinalMessage().toString().getBytes(StandardCharsets.UTF_8)));
            Message serverFinal = read();
            assertThat(serverFinal.authenticationCode()).as("SASLFinal").isEqualTo(12);
            scram.serverFinalMessage(new String(serverFinal.body(), 4, serverFinal.body().length - 4,
                    StandardCharsets.UTF_8));
        } catch (ScramException e) {
            throw new IOException("SCRAM login failed", e);
        }
        assertThat(read().authenticationCode()).as("AuthenticationOk").isZero();
        readUntilReady();
    }

    /** An untagged startup packet: length, the protocol code, then name/value pairs and a final NUL. */
    static byte[] startupMessage(int code, Map<String, String> parameters) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        parameters.forEach((name, value) -> {
            body.writeBytes(cString(name));
            body.writeBytes(cString(value));
        });
        body.write(0);
        return untagged(code, body.toByteArray());
    }

    /** An untagged packet: length (counting itself), a 4-byte code, then {@code rest}. */
    static byte[] untagged(int code, byte[] rest) {
        return ByteBuffer.allocate(8 + rest.length).putInt(8 + rest.length).putInt(code).put(rest).array();
    }

    /** A tagged message with a correct length field. */
    static byte[] message(char tag, byte[] body) {
        return ByteBuffer.allocate(5 + body.length).put((byte) tag).putInt(4 + body.length).put(body).array();
    }

    /** A Query message. */
    static byte[] query(String sql) {
        return message('Q', cString(sql));
    }

    /** A Parse message without parameter types. */
    static byte[] parse(String statement, String sql) {
        return message('P', concat(cString(statement), cString(sql), new byte[] {0, 0}));
    }

    /** A Bind message with text parameters (null for SQL NULL) and text results. */
    static byte[] bind(String portal, String statement, String... parameters) {
        ByteBuffer body = ByteBuffer.allocate(1 << 16);
        body.put(cString(portal)).put(cString(statement)).putShort((short) 0).putShort((short) parameters.length);
        for (String parameter : parameters) {
            if (parameter == null) {
                body.putInt(-1);
            } else {
                byte[] value = parameter.getBytes(StandardCharsets.UTF_8);
                body.putInt(value.length).put(value);
            }
        }
        body.putShort((short) 0);
        byte[] bytes = new byte[body.position()];
        body.flip().get(bytes);
        return message('B', bytes);
    }

    /** A Describe of a portal. */
    static byte[] describePortal(String portal) {
        return message('D', concat(new byte[] {'P'}, cString(portal)));
    }

    /** An Execute of a portal; 0 rows means all. */
    static byte[] execute(String portal, int maxRows) {
        return message('E', concat(cString(portal), ByteBuffer.allocate(4).putInt(maxRows).array()));
    }

    /** A Sync. */
    static byte[] sync() {
        return message('S', new byte[0]);
    }

    /** Parse, Bind, Describe, Execute and Sync of the unnamed statement and portal: one extended-protocol query. */
    static byte[] extendedQuery(String sql, String... parameters) {
        return concat(parse("", sql), bind("", "", parameters), describePortal(""), execute("", 0), sync());
    }

    /** A NUL-terminated UTF-8 string. */
    static byte[] cString(String value) {
        byte[] text = value.getBytes(StandardCharsets.UTF_8);
        byte[] result = new byte[text.length + 1];
        System.arraycopy(text, 0, result, 0, text.length);
        return result;
    }

    /** Concatenates byte arrays. */
    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
