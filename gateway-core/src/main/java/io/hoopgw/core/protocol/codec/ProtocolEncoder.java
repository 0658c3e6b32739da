package io.hoopgw.core.protocol.codec;

import io.hoopgw.core.protocol.BackendMessage;
import io.hoopgw.core.protocol.FrontendMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Writes any {@link FrontendMessage} or {@link BackendMessage} as its wire frame; other objects (for example
 * forwarded {@code ByteBuf}s) pass through untouched. Reference-counted messages are released after encoding.
 * Stateless and sharable: use {@link #INSTANCE}.
 */
@ChannelHandler.Sharable
public final class ProtocolEncoder extends MessageToByteEncoder<Object> {
    /** The shared instance. */
    public static final ProtocolEncoder INSTANCE = new ProtocolEncoder();

    private ProtocolEncoder() {
        super(Object.class);
    }

    @Override
    public boolean acceptOutboundMessage(Object msg) {
        return msg instanceof FrontendMessage || msg instanceof BackendMessage;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, ByteBuf out) {
        if (msg instanceof FrontendMessage frontend) {
            frontend.encode(out);
        } else {
            ((BackendMessage) msg).encode(out);
        }
    }
}
