package io.hoopgw.core.protocol.codec;

import io.hoopgw.core.protocol.BackendMessage;
import io.hoopgw.core.protocol.ProtocolException;
import io.hoopgw.core.protocol.backend.AuthenticationCleartextPassword;
import io.hoopgw.core.protocol.backend.AuthenticationGSS;
import io.hoopgw.core.protocol.backend.AuthenticationGSSContinue;
import io.hoopgw.core.protocol.backend.AuthenticationKerberosV5;
import io.hoopgw.core.protocol.backend.AuthenticationMD5Password;
import io.hoopgw.core.protocol.backend.AuthenticationOk;
import io.hoopgw.core.protocol.backend.AuthenticationSASL;
import io.hoopgw.core.protocol.backend.AuthenticationSASLContinue;
import io.hoopgw.core.protocol.backend.AuthenticationSASLFinal;
import io.hoopgw.core.protocol.backend.AuthenticationSSPI;
import io.hoopgw.core.protocol.backend.BackendKeyData;
import io.hoopgw.core.protocol.backend.BindComplete;
import io.hoopgw.core.protocol.backend.CloseComplete;
import io.hoopgw.core.protocol.backend.CommandComplete;
import io.hoopgw.core.protocol.backend.CopyBothResponse;
import io.hoopgw.core.protocol.backend.CopyData;
import io.hoopgw.core.protocol.backend.CopyDone;
import io.hoopgw.core.protocol.backend.CopyInResponse;
import io.hoopgw.core.protocol.backend.CopyOutResponse;
import io.hoopgw.core.protocol.backend.DataRow;
import io.hoopgw.core.protocol.backend.EmptyQueryResponse;
import io.hoopgw.core.protocol.backend.ErrorResponse;
import io.hoopgw.core.protocol.backend.FunctionCallResponse;
import io.hoopgw.core.protocol.backend.NegotiateProtocolVersion;
import io.hoopgw.core.protocol.backend.NoData;
import io.hoopgw.core.protocol.backend.NoticeResponse;
import io.hoopgw.core.protocol.backend.NotificationResponse;
import io.hoopgw.core.protocol.backend.ParameterDescription;
import io.hoopgw.core.protocol.backend.ParameterStatus;
import io.hoopgw.core.protocol.backend.ParseComplete;
import io.hoopgw.core.protocol.backend.PortalSuspended;
import io.hoopgw.core.protocol.backend.ReadyForQuery;
import io.hoopgw.core.protocol.backend.RowDescription;
import io.netty.buffer.ByteBuf;

/**
 * Decodes the tagged messages a PostgreSQL server sends into {@link BackendMessage}s.
 *
 * <p>Not sharable: it keeps framing state per connection. Throws {@link ProtocolException} (through
 * {@code exceptionCaught}) for any malformed input.
 */
public final class BackendDecoder extends TaggedMessageDecoder {

    /**
     * @param maxMessageLength the largest length field accepted; longer messages are a protocol violation
     * @throws IllegalArgumentException if {@code maxMessageLength} is below 4
     */
    public BackendDecoder(int maxMessageLength) {
        super(maxMessageLength, "backend", "RKSZvENCI123cdGHWDVnAtTs");
    }

    @Override
    Object decodeBody(byte tag, ByteBuf body) {
        return switch (tag) {
            case 'R' -> decodeAuthentication(body);
            case 'K' -> BackendKeyData.decode(body);
            case 'S' -> ParameterStatus.decode(body);
            case 'Z' -> ReadyForQuery.decode(body);
            case 'v' -> NegotiateProtocolVersion.decode(body);
            case 'E' -> ErrorResponse.decode(body);
            case 'N' -> NoticeResponse.decode(body);
            case 'C' -> CommandComplete.decode(body);
            case 'I' -> fieldless(body, EmptyQueryResponse.INSTANCE);
            case '1' -> fieldless(body, ParseComplete.INSTANCE);
            case '2' -> fieldless(body, BindComplete.INSTANCE);
            case '3' -> fieldless(body, CloseComplete.INSTANCE);
            case 'c' -> fieldless(body, CopyDone.INSTANCE);
            case 'd' -> CopyData.decode(body);
            case 'G' -> CopyInResponse.decode(body);
            case 'H' -> CopyOutResponse.decode(body);
            case 'W' -> CopyBothResponse.decode(body);
            case 'D' -> DataRow.decode(body);
            case 'V' -> FunctionCallResponse.decode(body);
            case 'n' -> fieldless(body, NoData.INSTANCE);
            case 'A' -> NotificationResponse.decode(body);
            case 't' -> ParameterDescription.decode(body);
            case 'T' -> RowDescription.decode(body);
            case 's' -> fieldless(body, PortalSuspended.INSTANCE);
            default -> throw unknownTag(tag);
        };
    }

    private static BackendMessage decodeAuthentication(ByteBuf body) {
        int code = WireFormat.readInt(body);
        return switch (code) {
            case AuthenticationOk.CODE -> fieldless(body, AuthenticationOk.INSTANCE);
            case AuthenticationKerberosV5.CODE -> fieldless(body, AuthenticationKerberosV5.INSTANCE);
            case AuthenticationCleartextPassword.CODE -> fieldless(body, AuthenticationCleartextPassword.INSTANCE);
            case AuthenticationMD5Password.CODE -> AuthenticationMD5Password.decode(body);
            case AuthenticationGSS.CODE -> fieldless(body, AuthenticationGSS.INSTANCE);
            case AuthenticationGSSContinue.CODE -> AuthenticationGSSContinue.decode(body);
            case AuthenticationSSPI.CODE -> fieldless(body, AuthenticationSSPI.INSTANCE);
            case AuthenticationSASL.CODE -> AuthenticationSASL.decode(body);
            case AuthenticationSASLContinue.CODE -> AuthenticationSASLContinue.decode(body);
            case AuthenticationSASLFinal.CODE -> AuthenticationSASLFinal.decode(body);
            default -> throw new ProtocolException("unknown authentication request code " + code);
        };
    }
}
