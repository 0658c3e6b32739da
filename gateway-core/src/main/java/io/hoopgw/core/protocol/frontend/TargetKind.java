package io.hoopgw.core.protocol.frontend;

import io.hoopgw.core.protocol.ProtocolException;

/** What a {@link Describe} or {@link Close} refers to: a prepared statement or a portal. */
public enum TargetKind {
    /** A prepared statement, made by Parse. */
    STATEMENT('S'),
    /** A portal, made by Bind. */
    PORTAL('P');

    private final char code;

    TargetKind(char code) {
        this.code = code;
    }

    /** The byte on the wire. */
    public char code() {
        return code;
    }

    /**
     * The kind for a byte.
     *
     * @throws ProtocolException if the byte is neither {@code S} nor {@code P}
     */
    public static TargetKind of(byte code) {
        return switch (code) {
            case 'S' -> STATEMENT;
            case 'P' -> PORTAL;
            default -> throw new ProtocolException("unknown statement/portal kind " + ProtocolException.describeTag(code));
        };
    }
}
