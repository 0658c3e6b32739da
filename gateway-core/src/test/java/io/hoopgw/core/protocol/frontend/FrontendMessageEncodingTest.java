package io.hoopgw.core.protocol.frontend;

import static io.hoopgw.core.protocol.codec.CodecTesting.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each frontend message's bytes, written out by hand from the layouts in the protocol documentation's "Message
 * Formats" chapter: tag, Int32 length counting itself, then the fields in order.
 */
class FrontendMessageEncodingTest {

    static Stream<Arguments> messages() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("user", "bob");
        return Stream.of(
                // Int32 length, Int32 196608 (3.0), "user\0" "bob\0", terminating \0
                of("StartupMessage", new StartupMessage(StartupMessage.PROTOCOL_3_0, parameters),
                        "00000012 00030000 7573657200 626f6200 00"),
                // Int32(8), Int32(80877103) = 1234 << 16 | 5679
                of("SSLRequest", SSLRequest.INSTANCE, "00000008 04d2162f"),
                of("GSSENCRequest", GSSENCRequest.INSTANCE, "00000008 04d21630"),
                // Int32(16), Int32(80877102), Int32 pid, 4-byte key
                of("CancelRequest", new CancelRequest(7, new byte[] {1, 2, 3, 4}), "00000010 04d2162e 00000007 01020304"),
                of("PasswordMessage", new PasswordMessage("pw"), "70 00000007 707700"),
                // mechanism "SCRAM-SHA-256\0", Int32 length of data, data
                of("SASLInitialResponse", new SASLInitialResponse("SCRAM-SHA-256", new byte[] {'a', 'b', 'c'}),
                        "70 00000019 534352414d2d5348412d32353600 00000003 616263"),
                of("SASLInitialResponse without data", new SASLInitialResponse("SCRAM-SHA-256", null),
                        "70 00000016 534352414d2d5348412d32353600 ffffffff"),
                of("SASLResponse", new SASLResponse(new byte[] {1, 2}), "70 00000006 0102"),
                of("GSSResponse", new GSSResponse(new byte[] {1, 2}), "70 00000006 0102"),
                of("Query", new Query("SELECT 1"), "51 0000000d 53454c4543542031 00"),
                // name "s1\0", query "SELECT $1\0", Int16 count, Int32 oids
                of("Parse", new Parse("s1", "SELECT $1", List.of(23)),
                        "50 00000017 733100 53454c45435420243100 0001 00000017"),
                // portal "", statement "s1", formats [1], 2 values: int4 42 and NULL, no result formats
                of("Bind", Bind.of("", "s1", List.of((short) 1), Arrays.asList(new byte[] {0, 0, 0, 42}, null),
                        List.of()), "42 0000001c 00 733100 0001 0001 0002 00000004 0000002a ffffffff 0000"),
                of("Execute", new Execute("", 0), "45 00000009 00 00000000"),
                of("Describe", new Describe(TargetKind.PORTAL, ""), "44 00000006 50 00"),
                of("Close", new Close(TargetKind.STATEMENT, "s1"), "43 00000008 53 733100"),
                of("Sync", Sync.INSTANCE, "53 00000004"),
                of("Flush", Flush.INSTANCE, "48 00000004"),
                of("CopyData", new CopyData(Unpooled.copiedBuffer("a\tb\n", StandardCharsets.US_ASCII)),
                        "64 00000008 6109620a"),
                of("CopyDone", CopyDone.INSTANCE, "63 00000004"),
                of("CopyFail", new CopyFail("bad"), "66 00000008 62616400"),
                // Int32 oid, Int16 format count, Int16 format, Int16 arg count, Int32 len + bytes, Int16 result format
                of("FunctionCall", new FunctionCall(1234, List.of((short) 1), List.of(new byte[] {0, 0, 0, 1}),
                        (short) 1), "46 00000018 000004d2 0001 0001 0001 00000004 00000001 0001"),
                of("Terminate", Terminate.INSTANCE, "58 00000004"));
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

    @Test
    void refusesStringsThatWouldSmuggleFields() {
        Map<String, String> parameters = Map.of("user", "alice\0database\0postgres");
        StartupMessage startup = new StartupMessage(StartupMessage.PROTOCOL_3_0, parameters);
        assertThatThrownBy(() -> hex(startup)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> hex(new Query("SELECT 1\0"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> hex(new StartupMessage(StartupMessage.PROTOCOL_3_0, Map.of("", "x"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void checksKeyLengthsAndCopiesArrays() {
        assertThatThrownBy(() -> new CancelRequest(1, new byte[3])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CancelRequest(1, new byte[257])).isInstanceOf(IllegalArgumentException.class);
        byte[] key = {1, 2, 3, 4};
        CancelRequest cancel = new CancelRequest(1, key);
        key[0] = 9;
        cancel.secretKey()[1] = 9;
        assertThat(cancel.secretKey()).containsExactly(1, 2, 3, 4);
        assertThat(cancel.toString()).doesNotContain("1, 2");
        assertThat(new PasswordMessage("secret-token").toString()).doesNotContain("secret");
    }

    @Test
    void startupMessageExposesVersionAndParametersInOrder() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("user", "bob");
        parameters.put("database", "shop");
        parameters.put("options", "-c x=1");
        StartupMessage startup = new StartupMessage(StartupMessage.PROTOCOL_3_2, parameters);
        parameters.clear();
        assertThat(startup.majorVersion()).isEqualTo(3);
        assertThat(startup.minorVersion()).isEqualTo(2);
        assertThat(startup.parameters().keySet()).containsExactly("user", "database", "options");
        assertThat(startup.parameter("database")).isEqualTo("shop");
        assertThatThrownBy(() -> startup.parameters().put("user", "root"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void bindResolvesFormatsAndExposesValuesWithoutCopying() {
        Bind bind = Bind.of("", "s", List.of((short) 1), Arrays.asList(new byte[] {7}, null), List.of());
        try {
            assertThat(bind.parameterCount()).isEqualTo(2);
            assertThat(bind.parameterFormat(0)).isEqualTo(Bind.BINARY);
            assertThat(bind.parameterFormat(1)).isEqualTo(Bind.BINARY);
            assertThat(bind.isNull(0)).isFalse();
            assertThat(bind.isNull(1)).isTrue();
            assertThat(bind.parameter(0).getByte(0)).isEqualTo((byte) 7);
            assertThat(bind.parameter(0).refCnt()).isEqualTo(bind.refCnt());
            assertThat(bind.parameter(1)).isNull();
            assertThat(bind.toString()).doesNotContain("7]");
        } finally {
            assertThat(bind.release()).isTrue();
        }
        Bind text = Bind.of("", "s", List.of(), List.of(new byte[] {'x'}), List.of());
        try {
            assertThat(text.parameterFormat(0)).isEqualTo(Bind.TEXT);
        } finally {
            text.release();
        }
    }
}
