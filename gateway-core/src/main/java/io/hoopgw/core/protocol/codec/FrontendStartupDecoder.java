package io.hoopgw.core.protocol.codec;

import io.hoopgw.core.protocol.ProtocolException;
import io.hoopgw.core.protocol.frontend.CancelRequest;
import io.hoopgw.core.protocol.frontend.GSSENCRequest;
import io.hoopgw.core.protocol.frontend.SSLRequest;
import io.hoopgw.core.protocol.frontend.StartupMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Decodes the untagged packets a client may send before its session starts: {@link SSLRequest},
 * {@link GSSENCRequest}, {@link CancelRequest} and a protocol 3.x {@link StartupMessage}.
 *
 * <p>It decodes one packet per read ({@link #isSingleDecode()}) and leaves any further bytes buffered, so that the
 * server can act on each packet (start TLS, swap in a {@link FrontendDecoder}) before the next is decoded. Bytes
 * still buffered when the decoder is removed are passed on to the next handler.
 *
 * <p>An SSLRequest or GSSENCRequest followed by more bytes in the same read is refused: a client must wait for the
 * server's answer, and cleartext sent ahead of the handshake would otherwise be read as if it had arrived
 * encrypted (the buffer-stuffing flaw of CVE-2021-23214).
 *
 * <p>Not sharable. Throws {@link ProtocolException} (through {@code exceptionCaught}) for any malformed packet and
 * discards all input after the first.
 */
public final class FrontendStartupDecoder extends ByteToMessageDecoder {
    /** The length cap PostgreSQL itself applies to startup packets. */
    public static final int DEFAULT_MAX_PACKET_LENGTH = 10_000;
    private static final int MIN_PACKET_LENGTH = 8;
    private static final int REQUEST_CODE_MAJOR = 1234;

    private final int maxPacketLength;
    private final int maxParameters;
    private boolean failed;

    /**
     * @param maxPacketLength the largest packet length accepted (PostgreSQL uses 10000)
     * @param maxParameters the most name/value pairs a StartupMessage may carry
     * @throws IllegalArgumentException if {@code maxPacketLength} is below 8 or {@code maxParameters} negative
     */
    public FrontendStartupDecoder(int maxPacketLength, int maxParameters) {
        if (maxPacketLength < MIN_PACKET_LENGTH) {
            throw new IllegalArgumentException("maximum packet length must be at least 8, not " + maxPacketLength);
        }
        if (maxParameters < 0) {
            throw new IllegalArgumentException("maximum parameter count must not be negative");
        }
        this.maxPacketLength = maxPacketLength;
        this.maxParameters = maxParameters;
        setSingleDecode(true);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < 4) {
            return;
        }
        int length = in.getInt(in.readerIndex());
        if (length < MIN_PACKET_LENGTH || length > maxPacketLength) {
            throw fail(new ProtocolException("startup packet has length " + length + ", outside "
                    + MIN_PACKET_LENGTH + ".." + maxPacketLength));
        }
        if (in.readableBytes() < length) {
            return;
        }
        ByteBuf body = in.slice(in.readerIndex() + 4, length - 4);
        in.skipBytes(length);
        Object packet;
        try {
            packet = decodePacket(body);
        } catch (RuntimeException e) {
            throw fail(new ProtocolException("malformed startup packet: " + e.getMessage(), e));
        }
        if ((packet == SSLRequest.INSTANCE || packet == GSSENCRequest.INSTANCE) && in.isReadable()) {
            throw fail(new ProtocolException("received unencrypted data after " + packet));
        }
        out.add(packet);
    }

    private Object decodePacket(ByteBuf body) {
        int code = body.readInt();
        switch (code) {
            case SSLRequest.CODE:
                return fixed(body, SSLRequest.INSTANCE);
            case GSSENCRequest.CODE:
                return fixed(body, GSSENCRequest.INSTANCE);
            case CancelRequest.CODE:
                return CancelRequest.decode(body);
            default:
                break;
        }
        int major = code >>> 16;
        if (major == 3) {
            return StartupMessage.decode(code, body, maxParameters);
        }
        if (major == REQUEST_CODE_MAJOR) {
            throw new ProtocolException("unknown startup request code 1234." + (code & 0xffff));
        }
        throw new ProtocolException("unsupported frontend protocol " + major + "." + (code & 0xffff)
                + ": the gateway speaks protocol 3.x");
    }

    private static Object fixed(ByteBuf body, Object request) {
        if (body.isReadable()) {
            throw new ProtocolException(request + " has " + body.readableBytes() + " unexpected bytes");
        }
        return request;
    }

    private ProtocolException fail(ProtocolException e) {
        failed = true;
        return e;
    }
}
