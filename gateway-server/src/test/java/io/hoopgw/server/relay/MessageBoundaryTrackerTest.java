package io.hoopgw.server.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hoopgw.core.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageBoundaryTrackerTest {
    // Query "SELECT 1", Sync, a DataRow with one 3-byte column, ReadyForQuery 'I'.
    private static final byte[] STREAM = HexFormat.of().parseHex(
            "510000000d53454c4543542031005300000004440000000d000100000003616263"
                    + "5a0000000549");

    @Test
    void forwardsWholeMessagesAndReportsEachHeader() {
        List<String> headers = new ArrayList<>();
        MessageBoundaryTracker tracker = new MessageBoundaryTracker(1024,
                (tag, length) -> headers.add((char) tag + ":" + length));
        ByteBuf in = Unpooled.wrappedBuffer(STREAM);

        MessageBoundaryTracker.Advance advance = tracker.advance(in);

        assertThat(advance.heldPrefix()).isNull();
        assertThat(advance.length()).isEqualTo(STREAM.length);
        assertThat(headers).containsExactly("Q:13", "S:4", "D:13", "Z:5");
        assertThat(tracker.atBoundary()).isTrue();
    }

    /** Every way to cut the stream in two forwards the same bytes, in order, and sees the same headers. */
    @Test
    void streamSplitAtEveryByteIsForwardedUnchanged() {
        for (int cut = 0; cut <= STREAM.length; cut++) {
            List<String> headers = new ArrayList<>();
            MessageBoundaryTracker tracker = new MessageBoundaryTracker(1024,
                    (tag, length) -> headers.add((char) tag + ":" + length));
            byte[] forwarded = relay(tracker, slice(0, cut), slice(cut, STREAM.length));
            assertThat(forwarded).as("cut at %d", cut).isEqualTo(STREAM);
            assertThat(headers).as("cut at %d", cut).containsExactly("Q:13", "S:4", "D:13", "Z:5");
            assertThat(tracker.atBoundary()).isTrue();
        }
    }

    @Test
    void streamFedOneByteAtATimeIsForwardedUnchanged() {
        MessageBoundaryTracker tracker = new MessageBoundaryTracker(1024, (tag, length) -> { });
        byte[][] reads = new byte[STREAM.length][];
        for (int i = 0; i < STREAM.length; i++) {
            reads[i] = new byte[] {STREAM[i]};
        }
        assertThat(relay(tracker, reads)).isEqualTo(STREAM);
    }

    @Test
    void aPartialBodyIsForwardedAndTheBoundaryIsNotReached() {
        MessageBoundaryTracker tracker = new MessageBoundaryTracker(1024, (tag, length) -> { });
        MessageBoundaryTracker.Advance advance = tracker.advance(Unpooled.wrappedBuffer(slice(0, 8)));
        assertThat(advance.length()).isEqualTo(8);
        assertThat(tracker.atBoundary()).isFalse();
    }

    @Test
    void aPartialHeaderIsHeldBack() {
        MessageBoundaryTracker tracker = new MessageBoundaryTracker(1024, (tag, length) -> { });
        MessageBoundaryTracker.Advance advance = tracker.advance(Unpooled.wrappedBuffer(slice(0, 16)));
        // Query (14 bytes) is forwarded; the first two bytes of Sync's header wait for the rest.
        assertThat(advance.length()).isEqualTo(14);
        assertThat(tracker.atBoundary()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 3, 1025, Integer.MAX_VALUE})
    void anInvalidLengthStopsTheStreamBeforeTheMessage(int length) {
        MessageBoundaryTracker tracker = new MessageBoundaryTracker(1024, (tag, l) -> { });
        ByteBuf in = Unpooled.buffer().writeBytes(slice(0, 14)).writeByte('Q').writeInt(length);
        assertThatThrownBy(() -> tracker.advance(in))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("invalid length " + length + " for message 'Q'");
    }

    @Test
    void anInvalidLengthSplitAcrossReadsIsCaughtBeforeAnyOfItsBytesAreForwarded() {
        MessageBoundaryTracker tracker = new MessageBoundaryTracker(1024, (tag, l) -> { });
        MessageBoundaryTracker.Advance first = tracker.advance(Unpooled.wrappedBuffer(new byte[] {'Q', 0x7f}));
        assertThat(first.length()).isZero();
        assertThatThrownBy(() -> tracker.advance(Unpooled.wrappedBuffer(new byte[] {-1, -1, -1})))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void aListenerCanRefuseAMessage() {
        MessageBoundaryTracker tracker = new MessageBoundaryTracker(1024, (tag, length) -> {
            if (tag == 'D') {
                throw new ProtocolException("no rows today");
            }
        });
        assertThatThrownBy(() -> tracker.advance(Unpooled.wrappedBuffer(STREAM))).hasMessage("no rows today");
    }

    private static byte[] slice(int from, int to) {
        return java.util.Arrays.copyOfRange(STREAM, from, to);
    }

    private static byte[] relay(MessageBoundaryTracker tracker, byte[]... reads) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] read : reads) {
            ByteBuf in = Unpooled.wrappedBuffer(read);
            MessageBoundaryTracker.Advance advance = tracker.advance(in);
            if (advance.heldPrefix() != null) {
                out.writeBytes(advance.heldPrefix());
            }
            byte[] forwarded = new byte[advance.length()];
            in.getBytes(in.readerIndex(), forwarded);
            out.writeBytes(forwarded);
        }
        return out.toByteArray();
    }
}
