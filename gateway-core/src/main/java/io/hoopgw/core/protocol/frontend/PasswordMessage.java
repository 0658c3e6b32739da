package io.hoopgw.core.protocol.frontend;

import io.hoopgw.core.protocol.FrontendMessage;
import io.hoopgw.core.protocol.ProtocolException;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * PasswordMessage (F): a password (cleartext or MD5-hashed) in answer to an Authentication request. Through the
 * gateway it carries the client's identity-provider token.
 *
 * @param password the password, hash or token
 */
public record PasswordMessage(String password) implements FrontendMessage {
    /** The message's tag, shared with SASLInitialResponse, SASLResponse and GSSResponse. */
    public static final char TAG = 'p';

    /** Checks for null. */
    public PasswordMessage {
        Objects.requireNonNull(password, "password");
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = WireFormat.beginMessage(out, TAG);
        WireFormat.writeCString(out, password);
        WireFormat.endMessage(out, lengthIndex);
    }

    /**
     * Decodes a body.
     *
     * @param body the bytes after the length field, exactly to the end of the message; read, not released
     * @throws ProtocolException if the string is unterminated or followed by more bytes
     */
    public static PasswordMessage decode(ByteBuf body) {
        PasswordMessage message = new PasswordMessage(WireFormat.readCString(body));
        WireFormat.requireFullyRead(body);
        return message;
    }

    /** Leaves the password out: it is a credential and would end up in logs. */
    @Override
    public String toString() {
        return "PasswordMessage[password=<" + password.length() + " chars>]";
    }
}
