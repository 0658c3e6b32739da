package io.hoopgw.core.protocol.backend;

import static io.hoopgw.core.protocol.codec.CodecTesting.unhex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hoopgw.core.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DataRowTest {

    /** Body of a DataRow with columns 'abc', NULL, '' (count, then length + bytes per column). */
    private static final String BODY = "0003 00000003 616263 ffffffff 00000000";

    private static ByteBuf pooled(String hex) {
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer();
        return buffer.writeBytes(unhex(hex));
    }

    @Test
    void columnsAreSlicesOfTheFrameNotCopies() {
        ByteBuf frame = pooled("ff " + BODY);
        frame.skipBytes(1);
        DataRow row = DataRow.decode(frame);
        try {
            assertThat(frame.refCnt()).isEqualTo(2);
            frame.release();
            assertThat(row.columnCount()).isEqualTo(3);
            assertThat(row.column(0).toString(StandardCharsets.UTF_8)).isEqualTo("abc");
            assertThat(row.columnLength(0)).isEqualTo(3);
            frame.setByte(1 + 2 + 4, 'x');
            assertThat(row.column(0).toString(StandardCharsets.UTF_8)).isEqualTo("xbc");
            assertThat(row.isNull(1)).isTrue();
            assertThat(row.column(1)).isNull();
            assertThat(row.columnLength(1)).isEqualTo(-1);
            assertThat(row.isNull(2)).isFalse();
            assertThat(row.column(2).readableBytes()).isZero();
            assertThat(row.toString()).isEqualTo("DataRow[columns=3, bytes=15]");
        } finally {
            assertThat(row.release()).isTrue();
        }
        assertThat(frame.refCnt()).isZero();
    }

    @Test
    void malformedRowsRetainNothing() {
        for (String body : new String[] {"0002 00000003 616263", "0001 00000004 616263", "0001 fffffffe",
                "0001 ffffffff 00", "0001 7fffffff 00"}) {
            ByteBuf frame = pooled(body);
            try {
                assertThatThrownBy(() -> DataRow.decode(frame)).as(body).isInstanceOf(ProtocolException.class);
                assertThat(frame.refCnt()).isEqualTo(1);
            } finally {
                frame.release();
            }
        }
    }

    @Test
    void wrapTakesOwnershipAndValidates() {
        ByteBuf good = pooled("00000001 41");
        DataRow row = DataRow.wrap(1, good);
        assertThat(row.content().refCnt()).isEqualTo(1);
        DataRow copy = row.copy();
        DataRow duplicate = row.retainedDuplicate();
        assertThat(copy).isEqualTo(row);
        assertThat(duplicate.column(0).getByte(0)).isEqualTo((byte) 'A');
        assertThat(duplicate.release()).isFalse();
        assertThat(row.release()).isTrue();
        assertThat(copy.release()).isTrue();

        ByteBuf bad = pooled("00000002 41");
        assertThatThrownBy(() -> DataRow.wrap(1, bad)).isInstanceOf(ProtocolException.class);
        assertThat(bad.refCnt()).isZero();
        ByteBuf extra = pooled("00000001 41 00");
        assertThatThrownBy(() -> DataRow.wrap(1, extra)).isInstanceOf(ProtocolException.class);
        assertThat(extra.refCnt()).isZero();
    }

    @Test
    void encodesFromItsSlice() {
        ByteBuf frame = pooled(BODY);
        DataRow row = DataRow.decode(frame);
        frame.release();
        ByteBuf out = PooledByteBufAllocator.DEFAULT.heapBuffer();
        try {
            row.encode(out);
            assertThat(ByteBufUtil.hexDump(out)).isEqualTo(("44 00000015 " + BODY).replace(" ", ""));
        } finally {
            out.release();
            row.release();
        }
    }
}
