package io.hoopgw.server.relay;

import io.hoopgw.core.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * Forwards one direction of a session whose messages the gateway must see: every complete message is shown to an
 * {@link Inspector}, which may let it through, replace it, drop it, or hold the stream until an asynchronous
 * decision (a durable audit record, a catalog look-up) is made.
 *
 * <p>Unchanged messages are not copied: each run of consecutive forwarded messages goes out as one retained slice
 * of the buffer it arrived in, and a read made only of forwarded messages goes out as that buffer itself. Only a
 * message split across reads is accumulated (copied) until complete. Consecutive replacements (masked rows) are
 * gathered into one buffer and written together, as a run of forwarded messages is: a write per message costs more
 * than the copy. Writes are flushed once per read batch.
 *
 * <p>A {@linkplain Verdict#HOLD held} message is kept as a retained slice until a later verdict releases it (it is
 * written just before what that verdict forwards) or discards it: a batch of messages can wait for one decision
 * about all of them (the audit records of a Parse, Bind and Execute made durable by one fsync).
 *
 * <p>Backpressure: reads on this handler's channel stop while the peer is not writable or while more than
 * {@link #PENDING_READ_LIMIT} waits behind a pending decision; the partner handler of the other direction tells
 * this one when the peer's writability changes.
 *
 * <p>Not thread-safe: used on the session's event loop only.
 */
public final class FramedRelayHandler extends ChannelInboundHandlerAdapter implements RelayDirection {
    private static final int HEADER_LENGTH = 5;
    /** Read bytes kept before the cumulation is compacted; compaction happens only when no slice shares it. */
    private static final int COMPACT_THRESHOLD = 64 * 1024;
    /** Replacements up to this size are gathered into one buffer; a larger one is written as it is. */
    private static final int GATHER_LIMIT = 8 * 1024;
    /** Gathered replacements are written once they reach this size. */
    private static final int GATHERED_WRITE = 64 * 1024;
    /**
     * While a decision is pending, reads go on until this much waits unprocessed. Pausing at once would cost two
     * epoll_ctl calls per statement that waits for its audit record, for a client that sends nothing meanwhile.
     */
    static final int PENDING_READ_LIMIT = 64 * 1024;

    /** Looks at each complete message and says what to forward. */
    @FunctionalInterface
    public interface Inspector {
        /**
         * Inspects one message.
         *
         * @param tag     the message's type byte
         * @param buffer  holds the message at {@code index}: tag, length field, body; read in place, not consumed,
         *                valid only during this call (and until a {@link Verdict#later later} verdict completes)
         * @param index   where the message starts in {@code buffer}
         * @param length  the whole message's length: 1 + the length field
         * @throws ProtocolException when the message breaks the protocol; the stream stops before it
         */
        Verdict inspect(byte tag, ByteBuf buffer, int index, int length);
    }

    private final Channel peer;
    private final int maxMessageLength;
    private final Inspector inspector;
    private final Events events;
    private FramedRelayHandler partner;
    private ChannelHandlerContext context;
    private ByteBuf cumulation;
    /** Replacements not yet written, in order (null when none): written before anything that follows them. */
    private ByteBuf gathered;
    /** Held messages, in order (empty when none): retained slices of the buffers they arrived in. */
    private final List<ByteBuf> held = new ArrayList<>(4);
    /** Where the last held slice lies, to extend it with a message that directly follows it. */
    private ByteBuf heldBuffer;
    private int heldStart;
    private int heldEnd;
    private boolean pending;
    /** The verdict a completed later decision gave the message at the cumulation's reader index, or null. */
    private Verdict decided;
    private boolean failed;
    private boolean wrote;

    /**
     * @param peer             the channel to forward to
     * @param maxMessageLength the largest length field accepted from this handler's channel
     * @param inspector        decides about each message
     * @param events           told about violations, failures and closes
     */
    public FramedRelayHandler(Channel peer, int maxMessageLength, Inspector inspector, Events events) {
        if (maxMessageLength < 4) {
            throw new IllegalArgumentException("max message length must be at least 4, was " + maxMessageLength);
        }
        this.peer = peer;
        this.maxMessageLength = maxMessageLength;
        this.inspector = inspector;
        this.events = events;
    }

    /** Links the two directions of a session, so that each pauses reads while the other's channel is full. */
    public static void pair(FramedRelayHandler a, FramedRelayHandler b) {
        a.partner = b;
        b.partner = a;
    }

    /** Always true unless the stream failed: only whole messages are ever forwarded. */
    @Override
    public boolean atBoundary() {
        return !failed;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.context = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        if (failed) {
            in.release();
            return;
        }
        cumulation = cumulation == null ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), cumulation, in);
        if (!pending) {
            process();
        } else if (cumulation.readableBytes() >= PENDING_READ_LIMIT) {
            updateAutoRead();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flushIfWritten();
    }

    private void flushIfWritten() {
        if (wrote) {
            wrote = false;
            peer.flush();
        }
    }

    /** Inspects and forwards every complete message in the cumulation, until one needs a later decision. */
    private void process() {
        ByteBuf buffer = cumulation;
        int bufferStart = buffer.readerIndex();
        int runStart = bufferStart;
        boolean sliced = false;
        try {
            while (!failed) {
                int index = buffer.readerIndex();
                int readable = buffer.writerIndex() - index;
                if (readable < HEADER_LENGTH) {
                    break;
                }
                byte tag = buffer.getByte(index);
                int declared = buffer.getInt(index + 1);
                if (declared < 4 || declared > maxMessageLength) {
                    throw new ProtocolException("invalid length " + declared + " for message "
                            + ProtocolException.describeTag(tag) + " (allowed 4 to " + maxMessageLength + ")");
                }
                int length = declared + 1;
                if (readable < length) {
                    break;
                }
                Verdict verdict;
                if (decided != null) {
                    verdict = decided;
                    decided = null;
                } else {
                    verdict = inspector.inspect(tag, buffer, index, length);
                }
                if (verdict == Verdict.FORWARD) {
                    writeHeld();
                    buffer.readerIndex(index + length);
                    continue;
                }
                sliced |= writeRun(buffer, runStart, index);
                if (verdict == Verdict.HOLD) {
                    hold(buffer, index, length);
                    sliced = true;
                    buffer.readerIndex(index + length);
                    runStart = index + length;
                    continue;
                }
                if (verdict instanceof Verdict.Later later) {
                    awaitVerdict(later);
                    return;
                }
                sliced |= apply(verdict, buffer, index, length);
                buffer.readerIndex(index + length);
                runStart = index + length;
            }
        } catch (ProtocolException e) {
            writeRun(buffer, runStart, buffer.readerIndex());
            writeGathered();
            releaseHeld(); // what was held waited for a decision that will not come
            fail(e);
            return;
        } catch (RuntimeException e) {
            writeRun(buffer, runStart, buffer.readerIndex());
            writeGathered();
            releaseHeld();
            failed = true;
            context.channel().config().setAutoRead(false);
            events.failed(this, e);
            return;
        }
        if (!sliced && runStart == bufferStart && !buffer.isReadable()) {
            // The common case: the read held only whole messages, all forwarded. It goes out as it came (after a
            // replacement that a later verdict just made, if any).
            writeGathered();
            buffer.readerIndex(bufferStart);
            cumulation = null;
            peer.write(buffer, peer.voidPromise());
            wrote = true;
            return;
        }
        writeRun(buffer, runStart, buffer.readerIndex());
        writeGathered();
        releaseOrCompact();
    }

    private boolean writeRun(ByteBuf buffer, int start, int end) {
        if (end > start) {
            writeGathered();
            peer.write(buffer.retainedSlice(start, end - start), peer.voidPromise());
            wrote = true;
            return true;
        }
        return false;
    }

    /** Keeps a message back, as a slice (extending the last one when the message follows it in the same buffer). */
    private void hold(ByteBuf buffer, int index, int length) {
        writeGathered();
        int last = held.size() - 1;
        if (last >= 0 && heldBuffer == buffer && heldEnd == index) {
            // The held slice keeps the buffer alive and the cumulator only appends to a shared buffer: the bytes
            // between the two messages are still the ones that arrived.
            held.remove(last).release();
            held.add(buffer.retainedSlice(heldStart, index + length - heldStart));
        } else {
            held.add(buffer.retainedSlice(index, length));
            heldBuffer = buffer;
            heldStart = index;
        }
        heldEnd = index + length;
    }

    /** Writes the held messages, in order, ahead of what follows them. */
    private void writeHeld() {
        if (held.isEmpty()) {
            return;
        }
        writeGathered();
        for (ByteBuf message : held) {
            peer.write(message, peer.voidPromise());
        }
        forgetHeld();
        wrote = true;
    }

    private void releaseHeld() {
        held.forEach(ByteBuf::release);
        forgetHeld();
    }

    private void forgetHeld() {
        held.clear();
        heldBuffer = null;
    }

    /** Applies a verdict other than a forwarded run; says whether it wrote a slice of {@code buffer}. */
    private boolean apply(Verdict verdict, ByteBuf buffer, int index, int length) {
        if (verdict instanceof Verdict.DiscardHeld discard) {
            releaseHeld();
            return apply(discard.then(), buffer, index, length);
        }
        if (verdict == Verdict.DROP) {
            return false; // forwards nothing, so held messages stay held until something goes
        }
        writeHeld();
        if (verdict instanceof Verdict.Replace replace) {
            gather(replace.bytes());
            return false;
        }
        if (verdict instanceof Verdict.Forward) {
            return writeRun(buffer, index, index + length);
        }
        return false;
    }

    /** Queues a replacement behind those gathered so far; consumes {@code bytes}. */
    private void gather(ByteBuf bytes) {
        int size = bytes.readableBytes();
        if (size > GATHER_LIMIT) {
            writeGathered();
            peer.write(bytes, peer.voidPromise());
            wrote = true;
            return;
        }
        try {
            if (gathered == null) {
                gathered = context.alloc().buffer(Math.max(size, 1024));
            }
            gathered.writeBytes(bytes);
        } finally {
            bytes.release();
        }
        if (gathered.readableBytes() >= GATHERED_WRITE) {
            writeGathered();
        }
    }

    private void writeGathered() {
        if (gathered != null) {
            peer.write(gathered, peer.voidPromise());
            gathered = null;
            wrote = true;
        }
    }

    private void awaitVerdict(Verdict.Later later) {
        writeGathered();
        pending = true;
        flushIfWritten();
        later.verdict().whenComplete((verdict, error) -> context.executor().execute(() -> resume(verdict, error)));
    }

    private void resume(Verdict verdict, Throwable error) {
        pending = false;
        if (cumulation == null || failed || !context.channel().isActive()) {
            releaseIfReplacement(verdict);
            return;
        }
        if (error != null) {
            failed = true;
            releaseIfReplacement(verdict);
            releaseHeld();
            events.failed(this, error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error);
            return;
        }
        if (verdict instanceof Verdict.Later) {
            failed = true;
            releaseHeld();
            events.failed(this, new IllegalStateException("a later verdict completed with another later verdict"));
            return;
        }
        // The message is processed again with this verdict, so that a forwarded one joins the run behind it.
        decided = verdict;
        process();
        flushIfWritten();
        updateAutoRead();
    }

    private static void releaseIfReplacement(Verdict verdict) {
        if (verdict instanceof Verdict.DiscardHeld discard) {
            releaseIfReplacement(discard.then());
        } else if (verdict instanceof Verdict.Replace replace) {
            replace.bytes().release();
        }
    }

    private void releaseOrCompact() {
        if (!cumulation.isReadable()) {
            cumulation.release();
            cumulation = null;
        } else if (cumulation.refCnt() != 1) {
            // A written or held slice shares the buffer. Kept as the cumulation, every later read would be merged
            // into it or into ever larger copies of it (allocated, zeroed, copied) for as long as a long result
            // lasts; the part of one message left over is copied out instead, and the slices keep the rest alive.
            ByteBuf tail = context.alloc().buffer(cumulation.readableBytes());
            tail.writeBytes(cumulation);
            cumulation.release();
            cumulation = tail;
        } else if (cumulation.readerIndex() > COMPACT_THRESHOLD) {
            cumulation.discardSomeReadBytes();
        }
    }

    private void fail(ProtocolException cause) {
        failed = true;
        context.channel().config().setAutoRead(false);
        events.protocolViolation(this, cause);
    }

    /**
     * Reads continue while the peer can take more, and while a decision is pending only until {@link
     * #PENDING_READ_LIMIT} waits behind it. Netty makes a call that changes nothing free.
     */
    private void updateAutoRead() {
        boolean backlog = pending && cumulation != null && cumulation.readableBytes() >= PENDING_READ_LIMIT;
        context.channel().config().setAutoRead(!failed && !backlog && peer.isWritable());
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // This channel's outbound buffer is what the partner's reads fill: let it pause or resume.
        if (partner != null && partner.context != null) {
            partner.updateAutoRead();
        }
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

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
        if (gathered != null) {
            gathered.release();
            gathered = null;
        }
        releaseHeld();
    }
}
