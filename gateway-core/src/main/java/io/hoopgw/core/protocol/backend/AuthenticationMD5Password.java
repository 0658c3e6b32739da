package io.hoopgw.core.protocol.backend;

import io.hoopgw.core.protocol.ProtocolException;
import io.hoopgw.core.protocol.codec.OpaqueBytes;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * AuthenticationMD5Password (B): the server asks for the MD5-hashed password, salted with the given salt.
 *
 * @param salt the 4-byte salt; copied in and out
 */
public record AuthenticationMD5Password(byte[] salt) implements AuthenticationMessage {
    /** The authentication code that follows the length. */
    public static final int CODE = 5;
    /** The salt's fixed length. */
    public static final int SALT_LENGTH = 4;

    /**
     * Copies the salt.
     *
     * @throws IllegalArgumentException if the salt is not 4 bytes
     */
    public AuthenticationMD5Password {
        if (salt.length != SALT_LENGTH) {
            throw new IllegalArgumentException("MD5 salt must be 4 bytes, not " + salt.length);
        }
        salt = salt.clone();
    }

    /** A copy of the salt. */
    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public void encode(ByteBuf out) {
        OpaqueBytes.writeMessage(out, TAG, CODE, salt);
    }

    /**
     * Decodes the fields after the authentication code.
     *
     * @param body the bytes after the code, exactly to the end of the message; read, not released
     * @throws ProtocolException if the salt is not exactly 4 bytes
     */
    public static AuthenticationMD5Password decode(ByteBuf body) {
        byte[] salt = WireFormat.readBytes(body, SALT_LENGTH);
        WireFormat.requireFullyRead(body);
        return new AuthenticationMD5Password(salt);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthenticationMD5Password other && Arrays.equals(salt, other.salt);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(salt);
    }

    @Override
    public String toString() {
        return "AuthenticationMD5Password[salt=" + OpaqueBytes.describe(salt) + "]";
    }
}
