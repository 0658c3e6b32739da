package io.hoopgw.core.mask;

/**
 * The PostgreSQL type OIDs whose binary format is their text (so detectors and strategies can read and rewrite
 * them), as {@code pg_type.oid} fixes them for built-in types.
 */
public final class PgTypes {
    /** {@code name}. */
    public static final int NAME = 19;
    /** {@code text}. */
    public static final int TEXT = 25;
    /** {@code json}. */
    public static final int JSON = 114;
    /** {@code bpchar} ({@code char(n)}). */
    public static final int BPCHAR = 1042;
    /** {@code varchar}. */
    public static final int VARCHAR = 1043;
    /** {@code jsonb}: its binary format is a version byte, {@link #JSONB_VERSION}, then the text. */
    public static final int JSONB = 3802;
    /** The only jsonb binary format version PostgreSQL writes. */
    public static final byte JSONB_VERSION = 1;

    private PgTypes() {
    }

    /** Whether the binary format of this type is readable text (for jsonb, after its version byte). */
    public static boolean isTextLike(int typeOid) {
        return switch (typeOid) {
            case NAME, TEXT, JSON, BPCHAR, VARCHAR, JSONB -> true;
            default -> false;
        };
    }

    /** Whether values of this type are JSON documents. */
    public static boolean isJson(int typeOid) {
        return typeOid == JSON || typeOid == JSONB;
    }
}
