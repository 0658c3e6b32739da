package io.hoopgw.core.protocol.backend;

import static io.hoopgw.core.protocol.codec.CodecTesting.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.core.protocol.SqlState;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each backend message's bytes, written out by hand from the layouts in the protocol documentation's "Message
 * Formats" chapter: tag, Int32 length counting itself, then the fields in order.
 */
class BackendMessageEncodingTest {

    static Stream<Arguments> messages() {
        return Stream.of(
                of("AuthenticationOk", AuthenticationOk.INSTANCE, "52 00000008 00000000"),
                of("AuthenticationKerberosV5", AuthenticationKerberosV5.INSTANCE, "52 00000008 00000002"),
                of("AuthenticationCleartextPassword", AuthenticationCleartextPassword.INSTANCE,
                        "52 00000008 00000003"),
                of("AuthenticationMD5Password", new AuthenticationMD5Password(new byte[] {1, 2, 3, 4}),
                        "52 0000000c 00000005 01020304"),
                of("AuthenticationGSS", AuthenticationGSS.INSTANCE, "52 00000008 00000007"),
                of("AuthenticationGSSContinue", new AuthenticationGSSContinue(new byte[] {9}),
                        "52 00000009 00000008 09"),
                of("AuthenticationSSPI", AuthenticationSSPI.INSTANCE, "52 00000008 00000009"),
                // mechanism names each NUL-terminated, then an empty name
                of("AuthenticationSASL", new AuthenticationSASL(List.of("SCRAM-SHA-256")),
                        "52 00000017 0000000a 534352414d2d5348412d32353600 00"),
                of("AuthenticationSASLContinue", new AuthenticationSASLContinue(ascii("r=1")),
                        "52 0000000b 0000000b 723d31"),
                of("AuthenticationSASLFinal", new AuthenticationSASLFinal(ascii("v=1")),
                        "52 0000000b 0000000c 763d31"),
                of("BackendKeyData", new BackendKeyData(1234, new byte[] {1, 2, 3, 4}),
                        "4b 0000000c 000004d2 01020304"),
                of("ParameterStatus", new ParameterStatus("a", "b"), "53 00000008 6100 6200"),
                of("ReadyForQuery", ReadyForQuery.IN_TRANSACTION, "5a 00000005 54"),
                of("NegotiateProtocolVersion", new NegotiateProtocolVersion(0, List.of("_pq_.x")),
                        "76 00000013 00000000 00000001 5f70715f2e7800"),
                // fields S, V, C, M as code byte + string, then a zero byte
                of("ErrorResponse", ErrorResponse.builder().severity(ErrorResponse.Severity.FATAL)
                        .sqlState(SqlState.INVALID_PASSWORD).message("bad token").build(),
                        "45 00000025 53464154414c00 56464154414c00 43323850303100 4d62616420746f6b656e00 00"),
                of("NoticeResponse", NoticeResponse.builder().severity(NoticeResponse.Severity.WARNING)
                        .sqlState("01000").message("w").build(),
                        "4e 00000021 535741524e494e4700 565741524e494e4700 43303130303000 4d7700 00"),
                of("CommandComplete", new CommandComplete("SELECT 1"), "43 0000000d 53454c4543542031 00"),
                of("EmptyQueryResponse", EmptyQueryResponse.INSTANCE, "49 00000004"),
                of("ParseComplete", ParseComplete.INSTANCE, "31 00000004"),
                of("BindComplete", BindComplete.INSTANCE, "32 00000004"),
                of("CloseComplete", CloseComplete.INSTANCE, "33 00000004"),
                of("NoData", NoData.INSTANCE, "6e 00000004"),
                of("PortalSuspended", PortalSuspended.INSTANCE, "73 00000004"),
                of("CopyDone", CopyDone.INSTANCE, "63 00000004"),
                of("CopyData", new CopyData(Unpooled.wrappedBuffer(new byte[] {1, 2})), "64 00000006 0102"),
                // Int8 overall format, Int16 column count, Int16 per column
                of("CopyInResponse", new CopyInResponse((byte) 0, List.of((short) 0, (short) 0)),
                        "47 0000000b 00 0002 0000 0000"),
                of("CopyOutResponse", new CopyOutResponse((byte) 0, List.of((short) 0)), "48 00000009 00 0001 0000"),
                of("CopyBothResponse", new CopyBothResponse((byte) 1, List.of((short) 1)),
                        "57 00000009 01 0001 0001"),
                // Int16 column count, per column Int32 length (-1 = NULL) and bytes
                of("DataRow", DataRow.of(ascii("1"), null), "44 0000000f 0002 00000001 31 ffffffff"),
                of("FunctionCallResponse", new FunctionCallResponse(new byte[] {7}), "56 00000009 00000001 07"),
                of("FunctionCallResponse NULL", new FunctionCallResponse(null), "56 00000008 ffffffff"),
                of("NotificationResponse", new NotificationResponse(42, "ch", "hi"),
                        "41 0000000e 0000002a 636800 686900"),
                of("ParameterDescription", new ParameterDescription(List.of(23, 25)),
                        "74 0000000e 0002 00000017 00000019"),
                // name, table OID, attnum, type OID, typlen, typmod, format
                of("RowDescription", new RowDescription(List.of(
                        new RowDescription.Field("id", 16384, (short) 1, 23, (short) 4, -1, (short) 0))),
                        "54 0000001b 0001 696400 00004000 0001 00000017 0004 ffffffff 0000"));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static Arguments of(String name, Object message, String expectedHex) {
        return Arguments.of(Named.of(name, message), expectedHex.replace(" ", ""));
    }

    @ParameterizedTest
    @MethodSource("messages")
    void encodesAsTheDocumentationLaysOut(Object message, String expectedHex) {
        try {
            assertThat(hex(message)).isEqualTo(expectedHex);
        } finally {
            ReferenceCountUtil.release(message);
        }
    }
}
