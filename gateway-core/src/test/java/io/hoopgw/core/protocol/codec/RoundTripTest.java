package io.hoopgw.core.protocol.codec;

import static io.hoopgw.core.protocol.codec.CodecTesting.bytes;
import static io.hoopgw.core.protocol.codec.CodecTesting.concat;
import static io.hoopgw.core.protocol.codec.CodecTesting.decodeSplitEverywhere;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every message type encodes and decodes back to an equal message, however the frame is split across reads, and
 * several messages in one buffer come out in order.
 */
class RoundTripTest {
    private static final int MAX_LENGTH = 1 << 20;

    static Stream<Arguments> startup() {
        return named(SampleMessages.startup());
    }

    static Stream<Arguments> frontend() {
        return named(SampleMessages.frontend());
    }

    static Stream<Arguments> backend() {
        return named(SampleMessages.backend());
    }

    static Stream<Arguments> authenticationResponses() {
        return SampleMessages.authenticationResponses().entrySet().stream()
                .map(e -> Arguments.of(Named.of(e.getKey().toString(), e.getKey()), e.getValue()));
    }

    private static Stream<Arguments> named(List<Object> messages) {
        return messages.stream().map(m -> Arguments.of(Named.of(m.toString(), m)));
    }

    @ParameterizedTest
    @MethodSource("startup")
    void startupPacket(Object message) {
        assertRoundTrip(() -> new FrontendStartupDecoder(FrontendStartupDecoder.DEFAULT_MAX_PACKET_LENGTH, 64),
                message);
    }

    @ParameterizedTest
    @MethodSource("frontend")
    void frontendMessage(Object message) {
        assertRoundTrip(() -> new FrontendDecoder(MAX_LENGTH), message);
    }

    @ParameterizedTest
    @MethodSource("authenticationResponses")
    void authenticationResponse(Object message, AuthenticationExchange exchange) {
        assertRoundTrip(() -> {
            FrontendDecoder decoder = new FrontendDecoder(MAX_LENGTH);
            decoder.expectAuthentication(exchange);
            return decoder;
        }, message);
    }

    @ParameterizedTest
    @MethodSource("backend")
    void backendMessage(Object message) {
        assertRoundTrip(() -> new BackendDecoder(MAX_LENGTH), message);
    }

    @Test
    void allFrontendMessagesInOneBuffer() {
        assertAllInOneBuffer(() -> new FrontendDecoder(MAX_LENGTH), SampleMessages.frontend());
    }

    @Test
    void allBackendMessagesInOneBuffer() {
        assertAllInOneBuffer(() -> new BackendDecoder(MAX_LENGTH), SampleMessages.backend());
    }

    @Test
    void authenticationResponsesKeepTheirMeaningWhenReExpected() {
        Map<Object, AuthenticationExchange> responses = SampleMessages.authenticationResponses();
        for (Map.Entry<Object, AuthenticationExchange> entry : responses.entrySet()) {
            FrontendDecoder decoder = new FrontendDecoder(MAX_LENGTH);
            decoder.expectAuthentication(entry.getValue());
            assertThat(CodecTesting.decode(decoder, List.of(bytes(entry.getKey())))).containsExactly(entry.getKey());
        }
    }

    private static void assertRoundTrip(Supplier<? extends io.netty.channel.ChannelHandler> decoder, Object message) {
        List<Object> decoded = List.of();
        try {
            decoded = decodeSplitEverywhere(decoder, bytes(message));
            assertThat(decoded).containsExactly(message);
            assertThat(CodecTesting.hex(decoded.get(0))).isEqualTo(CodecTesting.hex(message));
        } finally {
            decoded.forEach(ReferenceCountUtil::release);
            ReferenceCountUtil.release(message);
        }
    }

    private static void assertAllInOneBuffer(Supplier<? extends io.netty.channel.ChannelHandler> decoder,
            List<Object> messages) {
        List<Object> decoded = List.of();
        try {
            byte[] all = concat(messages.stream().map(CodecTesting::bytes).toArray(byte[][]::new));
            decoded = decodeSplitEverywhere(decoder, all);
            assertThat(decoded).containsExactlyElementsOf(messages);
        } finally {
            decoded.forEach(ReferenceCountUtil::release);
            messages.forEach(ReferenceCountUtil::release);
        }
    }
}
