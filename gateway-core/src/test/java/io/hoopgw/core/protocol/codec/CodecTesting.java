package io.hoopgw.core.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.core.protocol.BackendMessage;
import io.hoopgw.core.protocol.FrontendMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/** Helpers for codec tests: hex dumps of encoded messages and feeding frames into decoders in pieces. */
public final class CodecTesting {

    private CodecTesting() {
    }

    /** Encodes a frontend or backend message and returns its hex dump. */
    public static String hex(Object message) {
        ByteBuf out = Unpooled.buffer();
        try {
            if (message instanceof FrontendMessage frontend) {
                frontend.encode(out);
            } else {
                ((BackendMessage) message).encode(out);
            }
            return ByteBufUtil.hexDump(out);
        } finally {
            out.release();
        }
    }

    /** Encodes a frontend or backend message to a byte array. */
    public static byte[] bytes(Object message) {
        return ByteBufUtil.decodeHexDump(hex(message));
    }

    /** Parses a hex string, ignoring spaces and underscores so tests can group fields as the docs do. */
    public static byte[] unhex(String hex) {
        return ByteBufUtil.decodeHexDump(hex.replace(" ", "").replace("_", ""));
    }

    /** Concatenates byte arrays. */
    public static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, offset, part.length);
            offset += part.length;
        }
        return all;
    }

    /**
     * Feeds {@code input} to a fresh decoder once whole, once byte by byte, and once split at every boundary
     * into two writes; asserts that each way yields equal messages, and returns them. The
     * caller owns (and must release) reference-counted messages in the result; those from the other runs are
     * released here.
     */
    public static List<Object> decodeSplitEverywhere(Supplier<? extends ChannelHandler> decoder, byte[] input) {
        List<Object> whole = decode(decoder.get(), List.of(input));

        List<byte[]> single = new ArrayList<>();
        for (byte b : input) {
            single.add(new byte[] {b});
        }
        assertSameAndRelease(decode(decoder.get(), single), whole, "byte by byte");
        for (int split = 1; split < input.length; split++) {
            byte[] head = Arrays.copyOfRange(input, 0, split);
            byte[] tail = Arrays.copyOfRange(input, split, input.length);
            assertSameAndRelease(decode(decoder.get(), List.of(head, tail)), whole, "split at " + split);
        }
        return whole;
    }

    private static void assertSameAndRelease(List<Object> actual, List<Object> expected, String how) {
        try {
            assertThat(actual).as(how).isEqualTo(expected);
        } finally {
            actual.forEach(ReferenceCountUtil::release);
        }
    }

    /** Writes each chunk as one read into a channel holding {@code decoder} and collects every decoded message. */
    public static List<Object> decode(ChannelHandler decoder, List<byte[]> chunks) {
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        List<Object> decoded = new ArrayList<>();
        try {
            for (byte[] chunk : chunks) {
                channel.writeInbound(Unpooled.copiedBuffer(chunk));
                for (Object message; (message = channel.readInbound()) != null; ) {
                    decoded.add(message);
                }
            }
        } finally {
            channel.finishAndReleaseAll();
        }
        return decoded;
    }
}
