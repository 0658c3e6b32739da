package io.hoopgw.core.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.core.protocol.backend.DataRow;
import io.hoopgw.core.protocol.backend.ReadyForQuery;
import io.hoopgw.core.protocol.frontend.Query;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class ProtocolEncoderTest {

    private static String readHex(EmbeddedChannel channel) {
        ByteBuf out = channel.readOutbound();
        try {
            return ByteBufUtil.hexDump(out);
        } finally {
            out.release();
        }
    }

    @Test
    void writesMessagesOfBothDirectionsAndReleasesCountedOnes() {
        EmbeddedChannel channel = new EmbeddedChannel(ProtocolEncoder.INSTANCE);
        try {
            DataRow row = DataRow.of(new byte[] {'1'});
            channel.writeOutbound(row, ReadyForQuery.IDLE, new Query("SELECT 1"));
            assertThat(row.refCnt()).isZero();
            assertThat(readHex(channel)).isEqualTo("440000000b00010000000131");
            assertThat(readHex(channel)).isEqualTo("5a0000000549");
            assertThat(readHex(channel)).isEqualTo("510000000d53454c454354203100");
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void passesForwardedBuffersThroughUntouched() {
        EmbeddedChannel channel = new EmbeddedChannel(ProtocolEncoder.INSTANCE);
        try {
            ByteBuf raw = Unpooled.wrappedBuffer(new byte[] {'S', 0, 0, 0, 4});
            channel.writeOutbound(raw);
            ByteBuf out = channel.readOutbound();
            assertThat(out).isSameAs(raw);
            out.release();
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void isSharableAcrossPipelines() {
        EmbeddedChannel first = new EmbeddedChannel(ProtocolEncoder.INSTANCE);
        EmbeddedChannel second = new EmbeddedChannel(ProtocolEncoder.INSTANCE);
        try {
            first.writeOutbound(ReadyForQuery.FAILED);
            second.writeOutbound(ReadyForQuery.IN_TRANSACTION);
            assertThat(readHex(first)).isEqualTo("5a0000000545");
            assertThat(readHex(second)).isEqualTo("5a0000000554");
        } finally {
            first.finishAndReleaseAll();
            second.finishAndReleaseAll();
        }
    }
}
