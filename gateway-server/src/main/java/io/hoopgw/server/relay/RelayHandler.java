package io.hoopgw.server.relay;

import io.hoopgw.core.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Forwards one direction of an established session: everything read from this handler's channel is written to
 * {@code peer}, unchanged and uncopied.
 *
 * <p>Each read goes out as the buffer it arrived in (or a retained slice of it when a partial header is held back),
 * one write per read and one flush per read batch: framing and writing every message separately doubled a proxy's
 * CPU on large results in our measurements, while header-walking in place cost nothing measurable.
 *
 * <p>Backpressure follows channel writability: when the peer's outbound buffer passes its high-water mark the
 * peer's handler stops reads on this channel, so a slow reader never makes the gateway buffer a result.
 */
public final class RelayHandler extends ChannelInboundHandlerAdapter implements RelayDirection {

    private final Channel peer;
    private final MessageBoundaryTracker tracker;
    private final Events events;
    private boolean failed;

    /**
     * @param peer             the channel to forward to
     * @param maxMessageLength the largest message accepted from this handler's channel
     * @param headers          told about every message header, before the message is forwarded
     * @param events           told about violations and closes
     */
    public RelayHandler(Channel peer, int maxMessageLength, MessageBoundaryTracker.HeaderListener headers,
            Events events) {
        this.peer = peer;
        this.tracker = new MessageBoundaryTracker(maxMessageLength, headers);
        this.events = events;
    }

    /**
     * {@inheritDoc} Never after a protocol violation: the read that held it was dropped whole, and the
     * peer may hold part of a message.
     */
    @Override
    public boolean atBoundary() {
        return !failed && tracker.atBoundary();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        if (failed) {
            // The stream broke; nothing after the violation is forwarded, whatever arrives before the close.
            in.release();
            return;
        }
        MessageBoundaryTracker.Advance advance;
        try {
            advance = tracker.advance(in);
        } catch (ProtocolException e) {
            in.release();
            failed = true;
            ctx.channel().config().setAutoRead(false);
            events.protocolViolation(this, e);
            return;
        }
        if (advance.heldPrefix() != null) {
            peer.write(Unpooled.wrappedBuffer(advance.heldPrefix()), peer.voidPromise());
        }
        if (advance.length() == in.readableBytes()) {
            peer.write(in, peer.voidPromise());
        } else {
            if (advance.length() > 0) {
                peer.write(in.retainedSlice(in.readerIndex(), advance.length()), peer.voidPromise());
            }
            in.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        peer.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // Our channel's outbound buffer is what the peer's reads fill: pause the peer while it is full.
        peer.config().setAutoRead(ctx.channel().isWritable() && !failed);
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        events.closed(this);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        events.failed(this, cause);
    }
}
