package io.hoopgw.core.protocol.codec;

import static io.hoopgw.core.protocol.codec.CodecTesting.unhex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hoopgw.core.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed input of every kind yields a {@link ProtocolException} that says what was wrong, decodes nothing, and
 * leaves no buffer unreleased (the input is a pooled direct buffer, so the leak detector watches it too).
 */
class MalformedFrameTest {
    private static final int CAP = 1024;

    private static Supplier<ChannelHandler> frontend() {
        return () -> new FrontendDecoder(CAP);
    }

    private static Supplier<ChannelHandler> frontendExpecting(AuthenticationExchange exchange) {
        return () -> {
            FrontendDecoder decoder = new FrontendDecoder(CAP);
            decoder.expectAuthentication(exchange);
            return decoder;
        };
    }

    private static Supplier<ChannelHandler> backend() {
        return () -> new BackendDecoder(CAP);
    }

    private static Supplier<ChannelHandler> startup() {
        return () -> new FrontendStartupDecoder(FrontendStartupDecoder.DEFAULT_MAX_PACKET_LENGTH, 8);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                // framing
                of("unknown frontend tag", frontend(), "47 00000004", "unknown frontend message tag 'G'"),
                of("unprintable tag", frontend(), "00 00000004", "unknown frontend message tag 0x00"),
                of("unknown tag before its length arrives", backend(), "7e", "unknown backend message tag '~'"),
                of("negative length", frontend(), "51 ffffffff 00", "has length -1"),
                of("most negative length", backend(), "5a 80000000 49", "has length -2147483648"),
                of("length below 4", frontend(), "51 00000003", "has length 3"),
                of("zero length", backend(), "5a 00000000", "has length 0"),
                of("length over cap", frontend(), "51 00000401", "outside 4..1024"),
                of("2^31-1 claimed, 10 bytes present", backend(), "44 7fffffff 0001 000000", "has length 2147483647"),
                // truncated or overlong bodies
                of("query without NUL", frontend(), "51 00000007 616263", "no NUL terminator"),
                of("query with trailing bytes", frontend(), "51 00000007 6100 62", "1 unexpected bytes"),
                of("terminate with a body", frontend(), "58 00000005 00", "unexpected bytes"),
                of("sync with a body", frontend(), "53 00000005 00", "unexpected bytes"),
                of("parse missing an oid", frontend(), "50 0000000d 00 6100 0002 00000017", "count of 2"),
                of("parse count 65535", frontend(), "50 0000000d 00 6100 ffff 00000017", "count of 65535"),
                of("execute missing max rows", frontend(), "45 00000007 00 0000", "runs past the end"),
                of("describe of unknown kind", frontend(), "44 00000006 58 00", "unknown statement/portal kind 'X'"),
                of("close without name", frontend(), "43 00000005 53", "no NUL terminator"),
                of("bind value length -2", frontend(), "42 00000010 00 00 0000 0001 fffffffe 0000",
                        "runs past the end"),
                of("bind value length 2^31-1", frontend(), "42 00000010 00 00 0000 0001 7fffffff 0000",
                        "runs past the end"),
                of("bind without result formats", frontend(), "42 0000000a 00 00 0000 0000", "runs past the end"),
                of("function call truncated", frontend(), "46 0000000e 00000001 0000 0001 ffff", "count of 1"),
                of("copy fail without NUL", frontend(), "66 00000005 61", "no NUL terminator"),
                of("password when none is expected", frontend(), "70 00000005 00",
                        "no authentication request is outstanding"),
                of("password without NUL", frontendExpecting(AuthenticationExchange.PASSWORD), "70 00000006 6162",
                        "no NUL terminator"),
                of("SASL data longer than message", frontendExpecting(AuthenticationExchange.SASL_INITIAL),
                        "70 0000000b 6100 00000010 00", "runs past the end"),
                of("SASL data length -2", frontendExpecting(AuthenticationExchange.SASL_INITIAL),
                        "70 0000000a 6100 fffffffe", "runs past the end"),
                of("SASL data shorter than message", frontendExpecting(AuthenticationExchange.SASL_INITIAL),
                        "70 0000000b 6100 00000000 00", "unexpected bytes"),
                of("unknown authentication code", backend(), "52 00000008 00000004", "code 4"),
                of("authentication code truncated", backend(), "52 00000006 0000", "runs past the end"),
                of("MD5 salt of 3 bytes", backend(), "52 0000000b 00000005 010203", "runs past the end"),
                of("authentication ok with extra", backend(), "52 00000009 00000000 00", "unexpected bytes"),
                of("SASL mechanisms unterminated", backend(), "52 0000000a 0000000a 6100", "no NUL terminator"),
                of("backend key of 3 bytes", backend(), "4b 0000000b 00000001 010203", "4 to 256 bytes"),
                of("backend key of 257 bytes", backend(), "4b 00000109 00000001" + "00".repeat(257),
                        "4 to 256 bytes"),
                of("unknown transaction status", backend(), "5a 00000005 58", "unknown transaction status 'X'"),
                of("ready for query without status", backend(), "5a 00000004", "runs past the end"),
                of("error fields unterminated", backend(), "45 00000009 53 4552524f52", "no NUL terminator"),
                of("error list unterminated", backend(), "45 0000000b 53 4552524f5200", "runs past the end"),
                of("data row column past the end", backend(), "44 0000000c 0001 00000004 6162", "runs past the end"),
                of("data row count past the end", backend(), "44 0000000a 0002 00000000", "count of 2"),
                of("data row trailing bytes", backend(), "44 0000000b 0001 ffffffff 00", "unexpected bytes"),
                of("row description truncated field", backend(), "54 0000000f 0001 6100 00000000 0000 00",
                        "count of 1"),
                of("row description field cut short", backend(),
                        "54 0000002d 0002 " + "61".repeat(18) + "00" + "00".repeat(18) + " 00 00", "runs past the end"),
                of("negotiate count past the end", backend(), "76 0000000e 00000000 00000002 6100",
                        "no NUL terminator"),
                of("negotiate negative count", backend(), "76 0000000c 00000000 ffffffff", "count of -1"),
                of("copy response truncated", backend(), "47 00000007 00 0002", "count of 2"),
                of("function call response past the end", backend(), "56 00000008 00000001", "runs past the end"),
                of("notification without channel", backend(), "41 00000008 00000001", "no NUL terminator"),
                of("parameter description short", backend(), "74 00000008 0001 0000", "count of 1"),
                // startup packets
                of("startup length 2^31-1", startup(), "7fffffff 00030000 00", "has length 2147483647"),
                of("startup negative length", startup(), "ffffffff 00030000 00", "has length -1"),
                of("startup length 7", startup(), "00000007 000300", "has length 7"),
                of("protocol 2.0", startup(), "00000009 00020000 00", "unsupported frontend protocol 2.0"),
                of("protocol 4.0", startup(), "00000009 00040000 00", "unsupported frontend protocol 4.0"),
                of("unknown request code", startup(), "00000008 04d2162d", "unknown startup request code 1234.5677"),
                of("too many parameters", startup(), "0000002d 00030000" + "6100 6100 6200 6200 6300 6300 6400 6400"
                        + " 6500 6500 6600 6600 6700 6700 6800 6800 6900 6900 00".replace(" ", ""),
                        "more than 8 parameters"),
                of("parameter value without NUL", startup(), "0000000b 00030000 6100 62", "no NUL terminator"),
                of("parameter list without terminator", startup(), "0000000c 00030000 6100 6200",
                        "not terminated"),
                of("bytes after the parameter list", startup(), "0000000a 00030000 00 00", "unexpected bytes"),
                of("repeated parameter", startup(), "00000011 00030000 7500 6100 7500 6200 00",
                        "repeats a parameter name"),
                of("SSL request with a body", startup(), "0000000c 04d2162f 00000000", "unexpected bytes"),
                of("cancel request key of 3 bytes", startup(), "0000000f 04d2162e 00000001 010203",
                        "4 to 256 bytes"),
                of("cancel request without process id", startup(), "0000000a 04d2162e 0000", "runs past the end"));
    }

    private static Arguments of(String name, Supplier<ChannelHandler> decoder, String hex, String expected) {
        return Arguments.of(Named.of(name, decoder), hex, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void isRejected(Supplier<ChannelHandler> decoder, String hex, String expected) {
        ByteBuf input = PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(unhex(hex));
        EmbeddedChannel channel = new EmbeddedChannel(decoder.get());
        try {
            assertThatThrownBy(() -> channel.writeInbound(input))
                    .isInstanceOf(ProtocolException.class)
                    .hasMessageContaining(expected);
            assertThat(channel.<Object>readInbound()).isNull();
        } finally {
            channel.finishAndReleaseAll();
        }
        assertThat(input.refCnt()).as("input released").isZero();
    }

    @Test
    void discardsEverythingAfterTheFirstViolation() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrontendDecoder(CAP));
        try {
            assertThatThrownBy(() -> channel.writeInbound(
                    PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(unhex("47 00000004"))))
                    .isInstanceOf(ProtocolException.class);
            channel.writeInbound(PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(unhex("53 00000004")));
            assertThat(channel.<Object>readInbound()).isNull();
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void aHugeClaimedLengthUnderAHugeCapWaitsWithoutAllocating() {
        EmbeddedChannel channel = new EmbeddedChannel(new BackendDecoder(Integer.MAX_VALUE));
        ByteBuf input = PooledByteBufAllocator.DEFAULT.directBuffer(10).writeBytes(unhex("64 7fffffff 0102030405"));
        try {
            assertThat(channel.writeInbound(input)).isFalse();
            assertThat(input.refCnt()).as("the 10 bytes are kept, nothing larger is made").isEqualTo(1);
            assertThat(input.capacity()).isEqualTo(10);
        } finally {
            channel.finishAndReleaseAll();
        }
        assertThat(input.refCnt()).isZero();
    }
}
