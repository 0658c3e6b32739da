package io.hoopgw.core.protocol.codec;

import static io.hoopgw.core.protocol.codec.CodecTesting.unhex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hoopgw.core.protocol.ProtocolException;
import io.hoopgw.core.protocol.frontend.GSSResponse;
import io.hoopgw.core.protocol.frontend.PasswordMessage;
import io.hoopgw.core.protocol.frontend.SASLInitialResponse;
import io.hoopgw.core.protocol.frontend.SASLResponse;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The four meanings of a {@code 'p'} frame, chosen by the expected authentication exchange. */
class FrontendDecoderAuthenticationTest {

    private final FrontendDecoder decoder = new FrontendDecoder(1 << 16);
    private final EmbeddedChannel channel = new EmbeddedChannel(decoder);

    private Object read(String hex) {
        channel.writeInbound(Unpooled.wrappedBuffer(unhex(hex)));
        return channel.readInbound();
    }

    @Test
    void decodesEachExchangeAndResetsAfterOneMessage() {
        try {
            decoder.expectAuthentication(AuthenticationExchange.PASSWORD);
            assertThat(read("70 00000008 6a777400")).isEqualTo(new PasswordMessage("jwt"));
            assertThat(decoder.expectedAuthentication()).isEqualTo(AuthenticationExchange.NONE);

            decoder.expectAuthentication(AuthenticationExchange.SASL_INITIAL);
            assertThat(read("70 00000018 534352414d2d5348412d32353600 00000002 6e2c"))
                    .isEqualTo(new SASLInitialResponse("SCRAM-SHA-256", "n,".getBytes(StandardCharsets.US_ASCII)));
            decoder.expectAuthentication(AuthenticationExchange.SASL_INITIAL);
            assertThat(read("70 00000016 534352414d2d5348412d32353600 ffffffff"))
                    .isEqualTo(new SASLInitialResponse("SCRAM-SHA-256", null));

            decoder.expectAuthentication(AuthenticationExchange.SASL_RESPONSE);
            assertThat(read("70 00000007 632c64")).isEqualTo(new SASLResponse(new byte[] {'c', ',', 'd'}));

            decoder.expectAuthentication(AuthenticationExchange.GSS);
            assertThat(read("70 00000006 0102")).isEqualTo(new GSSResponse(new byte[] {1, 2}));

            assertThatThrownBy(() -> read("70 00000008 6a777400"))
                    .isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("'p'")
                    .hasMessageContaining("no authentication request is outstanding");
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void rejectsSaslDataLongerThanTheMessage() {
        try {
            decoder.expectAuthentication(AuthenticationExchange.SASL_INITIAL);
            assertThatThrownBy(() -> read("70 00000016 534352414d2d5348412d32353600 7fffffff"))
                    .isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("runs past the end");
        } finally {
            channel.finishAndReleaseAll();
        }
    }
}
