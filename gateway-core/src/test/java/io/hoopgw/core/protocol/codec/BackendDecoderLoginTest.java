package io.hoopgw.core.protocol.codec;

import static io.hoopgw.core.protocol.codec.CodecTesting.concat;
import static io.hoopgw.core.protocol.codec.CodecTesting.decode;
import static io.hoopgw.core.protocol.codec.CodecTesting.decodeSplitEverywhere;
import static io.hoopgw.core.protocol.codec.CodecTesting.unhex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hoopgw.core.protocol.ProtocolException;
import io.hoopgw.core.protocol.SqlState;
import io.hoopgw.core.protocol.backend.AuthenticationMD5Password;
import io.hoopgw.core.protocol.backend.AuthenticationOk;
import io.hoopgw.core.protocol.backend.AuthenticationSASL;
import io.hoopgw.core.protocol.backend.BackendKeyData;
import io.hoopgw.core.protocol.backend.ErrorResponse;
import io.hoopgw.core.protocol.backend.ParameterStatus;
import io.hoopgw.core.protocol.backend.ReadyForQuery;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A typical login as a server sends it, decoded in every split. */
class BackendDecoderLoginTest {

    private static BackendDecoder decoder() {
        return new BackendDecoder(1 << 20);
    }

    @Test
    void decodesALoginSequenceSplitAnywhere() {
        byte[] input = concat(
                unhex("52 0000000c 00000005 01020304"),
                unhex("52 00000008 00000000"),
                unhex("53 00000019 54696d655a6f6e6500 4575726f70652f4f736c6f00"),
                unhex("4b 0000000c 000004d2 0a0b0c0d"),
                unhex("5a 00000005 49"));
        assertThat(decodeSplitEverywhere(BackendDecoderLoginTest::decoder, input)).containsExactly(
                new AuthenticationMD5Password(new byte[] {1, 2, 3, 4}),
                AuthenticationOk.INSTANCE,
                new ParameterStatus("TimeZone", "Europe/Oslo"),
                new BackendKeyData(1234, new byte[] {10, 11, 12, 13}),
                ReadyForQuery.IDLE);
    }

    @Test
    void decodesSaslMechanismsAndAnError() {
        ErrorResponse error = ErrorResponse.builder().severity(ErrorResponse.Severity.FATAL)
                .sqlState(SqlState.INVALID_PASSWORD).message("token rejected").build();
        byte[] input = concat(CodecTesting.bytes(new AuthenticationSASL(List.of("SCRAM-SHA-256-PLUS",
                "SCRAM-SHA-256"))), CodecTesting.bytes(error));
        List<Object> decoded = decodeSplitEverywhere(BackendDecoderLoginTest::decoder, input);
        assertThat(decoded).containsExactly(
                new AuthenticationSASL(List.of("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256")), error);
        ErrorResponse decodedError = (ErrorResponse) decoded.get(1);
        assertThat(decodedError.severity()).isEqualTo(ErrorResponse.Severity.FATAL);
        assertThat(decodedError.sqlState()).isEqualTo("28P01");
        assertThat(decodedError.message()).isEqualTo("token rejected");
    }

    @Test
    void rejectsUnknownTagAndAuthenticationCode() {
        assertThatThrownBy(() -> decode(decoder(), List.of(unhex("7e"))))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("unknown backend message tag '~'");
        assertThatThrownBy(() -> decode(decoder(), List.of(unhex("52 00000008 00000063"))))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("unknown authentication request code 99");
    }
}
