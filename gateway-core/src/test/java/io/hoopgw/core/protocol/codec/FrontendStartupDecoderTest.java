package io.hoopgw.core.protocol.codec;

import static io.hoopgw.core.protocol.codec.CodecTesting.concat;
import static io.hoopgw.core.protocol.codec.CodecTesting.decode;
import static io.hoopgw.core.protocol.codec.CodecTesting.decodeSplitEverywhere;
import static io.hoopgw.core.protocol.codec.CodecTesting.unhex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hoopgw.core.protocol.ProtocolException;
import io.hoopgw.core.protocol.frontend.CancelRequest;
import io.hoopgw.core.protocol.frontend.GSSENCRequest;
import io.hoopgw.core.protocol.frontend.SSLRequest;
import io.hoopgw.core.protocol.frontend.StartupMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrontendStartupDecoderTest {

    private static FrontendStartupDecoder decoder() {
        return new FrontendStartupDecoder(FrontendStartupDecoder.DEFAULT_MAX_PACKET_LENGTH, 64);
    }

    private static List<Object> decodeWhole(byte[] packet) {
        return decode(decoder(), List.of(packet));
    }

    @Test
    void decodesSslRequestSplitAnywhere() {
        assertThat(decodeSplitEverywhere(FrontendStartupDecoderTest::decoder, unhex("00000008 04d2162f")))
                .containsExactly(SSLRequest.INSTANCE);
    }

    @Test
    void decodesGssencRequest() {
        assertThat(decodeSplitEverywhere(FrontendStartupDecoderTest::decoder, unhex("00000008 04d21630")))
                .containsExactly(GSSENCRequest.INSTANCE);
    }

    @Test
    void decodesCancelRequestWithShortAndLongKeys() {
        assertThat(decodeSplitEverywhere(FrontendStartupDecoderTest::decoder,
                unhex("00000010 04d2162e 00003039 01020304")))
                .containsExactly(new CancelRequest(12345, new byte[] {1, 2, 3, 4}));
        byte[] longKey = new byte[32];
        longKey[31] = 7;
        assertThat(decodeWhole(CodecTesting.bytes(new CancelRequest(1, longKey))))
                .containsExactly(new CancelRequest(1, longKey));
    }

    @Test
    void decodesStartupMessageKeepingParameterOrder() {
        byte[] packet = unhex("00000025 00030000"
                + "7573657200 616c69636500" // user alice
                + "646174616261736500 73686f7000" // database shop
                + "6100 00" // a "" (empty value)
                + "00");
        List<Object> decoded = decodeSplitEverywhere(FrontendStartupDecoderTest::decoder, packet);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("user", "alice");
        expected.put("database", "shop");
        expected.put("a", "");
        assertThat(decoded).containsExactly(new StartupMessage(StartupMessage.PROTOCOL_3_0, expected));
        StartupMessage startup = (StartupMessage) decoded.get(0);
        assertThat(startup.parameters().keySet()).containsExactly("user", "database", "a");
        assertThat(startup.majorVersion()).isEqualTo(3);
        assertThat(startup.minorVersion()).isZero();
        assertThat(startup.parameter("user")).isEqualTo("alice");
        assertThat(startup.parameter("options")).isNull();
    }

    @Test
    void acceptsAnyMinorVersionOfProtocol3() {
        byte[] packet = unhex("00000009 00030002 00");
        assertThat(decodeWhole(packet)).containsExactly(new StartupMessage(StartupMessage.PROTOCOL_3_2, Map.of()));
    }

    @Test
    void decodesOnePacketPerReadAndHandsTheRestOnWhenRemoved() {
        FrontendStartupDecoder decoder = decoder();
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        try {
            channel.writeInbound(Unpooled.wrappedBuffer(concat(unhex("00000009 00030000 00"),
                    unhex("51 00000005 00"))));
            assertThat(channel.<Object>readInbound())
                    .isEqualTo(new StartupMessage(StartupMessage.PROTOCOL_3_0, Map.of()));
            assertThat(channel.<Object>readInbound()).isNull();
            channel.pipeline().remove(decoder);
            ByteBuf rest = channel.readInbound();
            assertThat(ByteBufUtil.hexDump(rest)).isEqualTo("510000000500");
            rest.release();
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void decodesASecondPacketOnTheNextRead() {
        EmbeddedChannel channel = new EmbeddedChannel(decoder());
        try {
            channel.writeInbound(Unpooled.wrappedBuffer(unhex("00000008 04d2162f")));
            channel.writeInbound(Unpooled.wrappedBuffer(unhex("00000009 00030000 00")));
            assertThat(channel.<Object>readInbound()).isEqualTo(SSLRequest.INSTANCE);
            assertThat(channel.<Object>readInbound())
                    .isEqualTo(new StartupMessage(StartupMessage.PROTOCOL_3_0, Map.of()));
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void refusesCleartextStuffedBehindAnEncryptionRequest() {
        for (String request : List.of("00000008 04d2162f", "00000008 04d21630")) {
            assertThatThrownBy(() -> decodeWhole(concat(unhex(request), unhex("00000009 00030000 00"))))
                    .isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("received unencrypted data after");
        }
    }

    @Test
    void rejectsProtocol2() {
        assertThatThrownBy(() -> decodeWhole(unhex("00000009 00020000 00")))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("unsupported frontend protocol 2.0");
    }

    @Test
    void rejectsUnknownRequestCode() {
        assertThatThrownBy(() -> decodeWhole(unhex("00000008 04d21631")))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("unknown startup request code 1234.5681");
    }

    @Test
    void rejectsLengthsOutsideBounds() {
        for (String header : List.of("00000007", "00000000", "ffffffff", "80000000", "00002711", "7fffffff")) {
            assertThatThrownBy(() -> decodeWhole(unhex(header + "00030000 00")))
                    .as(header)
                    .isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("startup packet has length");
        }
    }

    @Test
    void rejectsTooManyParameters() {
        FrontendStartupDecoder strict = new FrontendStartupDecoder(10_000, 1);
        byte[] packet = CodecTesting.bytes(new StartupMessage(StartupMessage.PROTOCOL_3_0,
                Map.of("user", "a", "database", "b")));
        assertThatThrownBy(() -> decode(strict, List.of(packet)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("more than 1 parameters");
    }

    @Test
    void rejectsMissingTerminators() {
        // value without NUL; list without final NUL; trailing byte after the list; name repeated
        for (String body : List.of("7573657200 616c696365", "7573657200 616c69636500",
                "7573657200 616c69636500 00 00", "7500 6100 7500 6200 00")) {
            byte[] rest = unhex("00030000" + body.replace(" ", ""));
            byte[] packet = concat(unhex(String.format("%08x", rest.length + 4)), rest);
            assertThatThrownBy(() -> decodeWhole(packet)).as(body).isInstanceOf(ProtocolException.class);
        }
    }

    @Test
    void rejectsSslRequestWithExtraBytesAndBadCancelKeys() {
        assertThatThrownBy(() -> decodeWhole(unhex("00000009 04d2162f 00"))).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> decodeWhole(unhex("0000000f 04d2162e 00003039 010203")))
                .isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> decodeWhole(unhex("0000000a 04d2162e 0000")))
                .isInstanceOf(ProtocolException.class);
    }
}
