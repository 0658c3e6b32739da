package io.hoopgw.server.it;

import io.hoopgw.core.protocol.FrontendMessage;
import io.hoopgw.core.protocol.backend.CommandComplete;
import io.hoopgw.core.protocol.backend.ErrorResponse;
import io.hoopgw.core.protocol.frontend.PasswordMessage;
import io.hoopgw.core.protocol.frontend.Query;
import io.hoopgw.core.protocol.frontend.StartupMessage;
import io.hoopgw.core.protocol.frontend.Terminate;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;

/**
 * A PostgreSQL client on a plain socket whose reading pace the test controls, byte by byte.
 *
 * <p>It walks backend messages by their headers and skips DataRow bodies without keeping them, so it can read a
 * result of any size in constant memory; it keeps only what the test checks (the row count, the last command tag,
 * the transaction status). Frontend messages are encoded with gateway-core's message types into unpooled heap
 * buffers, which the memory probe does not count.
 */
final class RawPostgresClient implements AutoCloseable {
    private static final int READ_CHUNK = 64 * 1024;
    private static final int AUTH_OK = 0;
    private static final int AUTH_CLEARTEXT = 3;

    private final Socket socket;
    private final CountingInput counting;
    private final DataInputStream in;
    private final OutputStream out;
    private long dataRows;
    private String commandTag;
    private char transactionStatus;

    private RawPostgresClient(Socket socket) throws IOException {
        this.socket = socket;
        this.counting = new CountingInput(socket);
        this.in = new DataInputStream(counting);
        this.out = socket.getOutputStream();
    }

    /**
     * Connects without TLS. The receive buffer is set before connecting, as TCP fixes its window scale then.
     *
     * @param receiveBuffer the socket's receive buffer, in bytes
     */
    static RawPostgresClient connect(int port, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setReceiveBufferSize(receiveBuffer);
            socket.setSoTimeout(30_000);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            return new RawPostgresClient(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends a StartupMessage and the token as the cleartext password, then reads up to ReadyForQuery. */
    void login(String user, String database, String token) throws IOException {
        send(new StartupMessage(StartupMessage.PROTOCOL_3_0, Map.of("user", user, "database", database)));
        while (true) {
            char tag = (char) in.readUnsignedByte();
            int bodyLength = in.readInt() - 4;
            switch (tag) {
                case 'R' -> {
                    int code = in.readInt();
                    in.skipNBytes(bodyLength - 4);
                    if (code == AUTH_CLEARTEXT) {
                        send(new PasswordMessage(token));
                    } else if (code != AUTH_OK) {
                        throw new IllegalStateException("unexpected authentication request " + code);
                    }
                }
                case 'E' -> throw new IllegalStateException("login refused: " + error(bodyLength).message());
                case 'Z' -> {
                    transactionStatus = (char) in.readUnsignedByte();
                    return;
                }
                default -> in.skipNBytes(bodyLength);
            }
        }
    }

    /** Sends a simple Query. */
    void query(String sql) throws IOException {
        send(new Query(sql));
    }

    /**
     * Reads whole messages until at least {@code bytes} more have been consumed from the socket, or ReadyForQuery.
     *
     * @return whether ReadyForQuery arrived
     */
    boolean readAtLeast(long bytes) throws IOException {
        long target = counting.consumed + bytes;
        while (counting.consumed < target) {
            if (readMessage()) {
                return true;
            }
        }
        return false;
    }

    /** Reads until ReadyForQuery. */
    void readUntilReady() throws IOException {
        while (!readMessage()) {
            // Every message is accounted for in readMessage.
        }
    }

    /** DataRows seen since connecting. */
    long dataRows() {
        return dataRows;
    }

    /** The tag of the last CommandComplete, or null. */
    String commandTag() {
        return commandTag;
    }

    /** The status byte of the last ReadyForQuery. */
    char transactionStatus() {
        return transactionStatus;
    }

    /** Bytes read from the socket so far. */
    long bytesRead() {
        return counting.consumed;
    }

    private boolean readMessage() throws IOException {
        char tag = (char) in.readUnsignedByte();
        int bodyLength = in.readInt() - 4;
        switch (tag) {
            case 'D' -> {
                dataRows++;
                in.skipNBytes(bodyLength);
            }
            case 'C' -> commandTag = CommandComplete.decode(Unpooled.wrappedBuffer(in.readNBytes(bodyLength))).tag();
            case 'E' -> throw new IllegalStateException("query failed: " + error(bodyLength).message());
            case 'Z' -> {
                transactionStatus = (char) in.readUnsignedByte();
                return true;
            }
            default -> in.skipNBytes(bodyLength);
        }
        return false;
    }

    private ErrorResponse error(int bodyLength) throws IOException {
        return ErrorResponse.decode(Unpooled.wrappedBuffer(in.readNBytes(bodyLength)));
    }

    private void send(FrontendMessage message) throws IOException {
        ByteBuf frame = Unpooled.buffer();
        try {
            message.encode(frame);
            byte[] bytes = new byte[frame.readableBytes()];
            frame.readBytes(bytes);
            out.write(bytes);
            out.flush();
        } finally {
            frame.release();
        }
    }

    /** Says goodbye as a client would, then closes the socket. */
    @Override
    public void close() throws IOException {
        try {
            if (!socket.isClosed()) {
                send(Terminate.INSTANCE);
            }
        } finally {
            socket.close();
        }
    }

    /**
     * The socket's input in reads of at most {@link #READ_CHUNK} bytes, counting what the client consumed. The
     * buffer is what makes a paced reader take the socket's data a chunk at a time.
     */
    private static final class CountingInput extends BufferedInputStream {
        private long consumed;

        CountingInput(Socket socket) throws IOException {
            super(socket.getInputStream(), READ_CHUNK);
        }

        @Override
        public synchronized int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                consumed++;
            }
            return b;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                consumed += n;
            }
            return n;
        }

        @Override
        public synchronized long skip(long n) throws IOException {
            long skipped = super.skip(n);
            consumed += skipped;
            return skipped;
        }
    }
}
