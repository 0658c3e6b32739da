package io.hoopgw.audit.values;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Renders binary-format values in PostgreSQL's text output form ({@code t}, {@code 42}, {@code \x0102},
 * {@code 2024-01-02 03:04:05.5+00}, {@code {1,NULL}}). Returns null when the type is unknown or the bytes do not
 * fit it, so the caller records raw bytes instead.
 */
final class BinaryValues {
    private static final LocalDate EPOCH = LocalDate.of(2000, 1, 1);
    private static final LocalDateTime EPOCH_TIME = EPOCH.atStartOfDay();
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");

    private BinaryValues() {
    }

    static String render(int oid, byte[] b) {
        ByteBuffer buf = ByteBuffer.wrap(b);
        try {
            String text = switch (oid) {
                case PgTypes.BOOL -> b.length == 1 ? (b[0] != 0 ? "t" : "f") : null;
                case PgTypes.INT2 -> b.length == 2 ? Short.toString(buf.getShort()) : null;
                case PgTypes.INT4 -> b.length == 4 ? Integer.toString(buf.getInt()) : null;
                case PgTypes.OID -> b.length == 4 ? Long.toString(Integer.toUnsignedLong(buf.getInt())) : null;
                case PgTypes.INT8 -> b.length == 8 ? Long.toString(buf.getLong()) : null;
                case PgTypes.FLOAT4 -> b.length == 4 ? Float.toString(buf.getFloat()) : null;
                case PgTypes.FLOAT8 -> b.length == 8 ? Double.toString(buf.getDouble()) : null;
                case PgTypes.TEXT, PgTypes.VARCHAR, PgTypes.BPCHAR, PgTypes.NAME, PgTypes.UNKNOWN, PgTypes.JSON,
                        PgTypes.XML -> TextValues.utf8(b, 0);
                case PgTypes.JSONB -> b.length >= 1 && b[0] == 1 ? TextValues.utf8(b, 1) : null;
                case PgTypes.BYTEA -> "\\x" + HexFormat.of().formatHex(b);
                case PgTypes.UUID -> b.length == 16 ? new UUID(buf.getLong(), buf.getLong()).toString() : null;
                case PgTypes.DATE -> b.length == 4 ? date(buf.getInt()) : null;
                case PgTypes.TIMESTAMP -> b.length == 8 ? timestamp(buf.getLong(), "") : null;
                case PgTypes.TIMESTAMPTZ -> b.length == 8 ? timestamp(buf.getLong(), "+00") : null;
                case PgTypes.NUMERIC -> numeric(buf);
                default -> ArrayValues.isArray(oid) ? ArrayValues.render(buf) : null;
            };
            return text;
        } catch (RuntimeException e) {
            // Malformed bytes for the declared type: the caller records them raw.
            return null;
        }
    }

    private static String date(int days) {
        if (days == Integer.MAX_VALUE) {
            return "infinity";
        }
        if (days == Integer.MIN_VALUE) {
            return "-infinity";
        }
        return EPOCH.plusDays(days).toString();
    }

    private static String timestamp(long micros, String zone) {
        if (micros == Long.MAX_VALUE) {
            return "infinity";
        }
        if (micros == Long.MIN_VALUE) {
            return "-infinity";
        }
        LocalDateTime t = EPOCH_TIME.plus(micros, ChronoUnit.MICROS);
        String text = TIMESTAMP.format(t);
        if (text.endsWith(".000000")) {
            text = text.substring(0, text.length() - 7);
        } else if (text.contains(".")) {
            text = text.replaceAll("0+$", "");
        }
        return text + zone;
    }

    /** Binary numeric: ndigits, weight, sign, dscale (int16 each), then base-10000 digits. */
    private static String numeric(ByteBuffer buf) {
        int ndigits = buf.getShort();
        int weight = buf.getShort();
        int sign = buf.getShort() & 0xffff;
        int dscale = buf.getShort();
        switch (sign) {
            case 0xC000:
                return "NaN";
            case 0xD000:
                return "Infinity";
            case 0xF000:
                return "-Infinity";
            case 0x0000:
            case 0x4000:
                break;
            default:
                return null;
        }
        if (ndigits < 0 || buf.remaining() != ndigits * 2 || dscale < 0) {
            return null;
        }
        BigInteger unscaled = BigInteger.ZERO;
        BigInteger base = BigInteger.valueOf(10000);
        for (int i = 0; i < ndigits; i++) {
            unscaled = unscaled.multiply(base).add(BigInteger.valueOf(buf.getShort()));
        }
        BigDecimal value = new BigDecimal(unscaled, (ndigits - 1 - weight) * 4).setScale(dscale, RoundingMode.DOWN);
        return (sign == 0x4000 ? value.negate() : value).toPlainString();
    }
}
