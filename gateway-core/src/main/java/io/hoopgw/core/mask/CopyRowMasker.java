package io.hoopgw.core.mask;

import io.hoopgw.core.protocol.backend.CopyData;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Masks COPY TO STDOUT rows in text or CSV format, field by field. PostgreSQL sends each row of a text or CSV COPY
 * as one CopyData message (a CSV value with a newline in it stays inside its row's message), so a message is
 * masked on its own, and the row terminator it ends with is kept.
 *
 * <p>Fields are decoded as COPY would read them back (text: backslash escapes; CSV: quoting), masked like any
 * other text value, and re-encoded the same way; fields that do not change keep their original bytes. A NULL field
 * stays NULL; a column rule with the {@code null} strategy writes the format's NULL string. A row no detector can
 * match (by the same one-pass pre-check as DataRows) is not decoded at all. Not thread-safe; one per COPY.
 */
public final class CopyRowMasker {
    private final TextMasking text;
    private final CopyFormat format;
    private final ColumnRule[] fieldRules;
    private final MaskCounts counts;
    private final boolean anyFieldRule;
    private final byte[] nullBytes;
    /** Which fields FORCE_QUOTE names, or null when not known. */
    private final IntPredicate forceQuote;

    CopyRowMasker(TextMasking text, CopyFormat format, List<ColumnRule> fieldRules, IntPredicate forceQuote,
            MaskCounts counts) {
        this.forceQuote = forceQuote;
        this.text = text;
        this.format = format;
        this.fieldRules = fieldRules.toArray(new ColumnRule[0]);
        this.counts = counts;
        boolean any = false;
        for (ColumnRule rule : this.fieldRules) {
            any |= rule != null;
        }
        this.anyFieldRule = any;
        this.nullBytes = format.nullString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Masks one row.
     *
     * @param row   the row's bytes from its reader index to its writer index (a CopyData message's data); read in
     *              place, not consumed: neither its indices nor its reference count change
     * @param alloc allocates the rewritten row
     * @return {@code null} when the row is unchanged, else a new buffer owned by the caller holding the masked row
     *     (the CopyData's new data, without tag or length)
     */
    public ByteBuf mask(ByteBuf row, ByteBufAllocator alloc) {
        int index = row.readerIndex();
        int length = row.readableBytes();
        if (!anyFieldRule && (text.isEmpty() || !text.mayMatch(TextProfile.scan(row, index, length))
                && !(!format.csv() && hasNumericEscape(row, index, length)))) {
            return null;
        }
        byte[] bytes = ByteBufUtil.getBytes(row, index, length);
        byte[] masked = mask(bytes);
        return masked == null ? null : alloc.buffer(masked.length).writeBytes(masked);
    }

    /**
     * Masks one CopyData message.
     *
     * @param data  consumed: returned as is when unchanged (same object, reference not touched), else released
     * @param alloc allocates the rewritten data
     * @return {@code data} itself if unchanged, else a new message the caller owns
     */
    public CopyData mask(CopyData data, ByteBufAllocator alloc) {
        ByteBuf masked;
        try {
            masked = mask(data.content(), alloc);
        } catch (RuntimeException e) {
            data.release();
            throw e;
        }
        if (masked == null) {
            return data;
        }
        data.release();
        return new CopyData(masked);
    }

    /**
     * Octal and hexadecimal escapes ({@code \101}, {@code \x41}) can spell letters and {@code @} that the raw
     * bytes do not show, so the pre-check cannot rule such a row out. PostgreSQL never writes them, but a row is
     * masked by what it decodes to, not by what a well-behaved server would send.
     */
    private static boolean hasNumericEscape(ByteBuf row, int index, int length) {
        for (int i = index, end = index + length - 1; i < end; i++) {
            if (row.getByte(i) == '\\') {
                byte next = row.getByte(i + 1);
                if (next >= '0' && next <= '7' || next == 'x') {
                    return true;
                }
                i++;
            }
        }
        return false;
    }

    /** The masked row, or {@code null} if unchanged. */
    private byte[] mask(byte[] bytes) {
        int end = bytes.length;
        if (end > 0 && bytes[end - 1] == '\n') {
            end--;
            if (end > 0 && bytes[end - 1] == '\r') {
                end--;
            }
        }
        List<Field> fields = format.csv() ? parseCsv(bytes, end) : parseText(bytes, end);
        boolean changed = false;
        for (int i = 0; i < fields.size(); i++) {
            Field field = fields.get(i);
            if (field.value == null) {
                continue;
            }
            ColumnRule rule = i < fieldRules.length ? fieldRules[i] : null;
            if (rule != null) {
                counts.add(rule);
                String masked = rule.strategy().apply(field.value);
                field.replacement = masked == null ? nullBytes : encode(masked, field, i, fields.size());
                changed = true;
            } else {
                String masked = text.mask(field.value, false, counts);
                if (masked != field.value) {
                    field.replacement = encode(masked, field, i, fields.size());
                    changed = true;
                }
            }
        }
        if (!changed) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 16);
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.write(format.delimiter());
            }
            Field field = fields.get(i);
            if (field.replacement != null) {
                out.writeBytes(field.replacement);
            } else {
                out.write(bytes, field.start, field.end - field.start);
            }
        }
        out.write(bytes, end, bytes.length - end);
        return out.toByteArray();
    }

    private List<Field> parseText(byte[] bytes, int end) {
        List<Field> fields = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= end; i++) {
            if (i == end || bytes[i] == format.delimiter()) {
                fields.add(new Field(start, i, isNull(bytes, start, i) ? null : unescapeText(bytes, start, i), false));
                start = i + 1;
            } else if (bytes[i] == '\\') {
                i++;
            }
        }
        return fields;
    }

    private List<Field> parseCsv(byte[] bytes, int end) {
        List<Field> fields = new ArrayList<>();
        int i = 0;
        while (true) {
            int start = i;
            boolean quoted = false;
            ByteArrayOutputStream value = new ByteArrayOutputStream();
            while (i < end && bytes[i] != format.delimiter()) {
                if (bytes[i] == format.quote()) {
                    quoted = true;
                    i++;
                    while (i < end) {
                        byte b = bytes[i];
                        if (b == format.escape() && i + 1 < end
                                && (bytes[i + 1] == format.quote() || bytes[i + 1] == format.escape())
                                && (b != format.quote() || bytes[i + 1] == format.quote())) {
                            value.write(bytes[i + 1]);
                            i += 2;
                        } else if (b == format.quote()) {
                            i++;
                            break;
                        } else {
                            value.write(b);
                            i++;
                        }
                    }
                } else {
                    value.write(bytes[i++]);
                }
            }
            boolean isNull = !quoted && isNull(bytes, start, i);
            fields.add(new Field(start, i, isNull ? null : value.toString(StandardCharsets.UTF_8), quoted));
            if (i >= end) {
                return fields;
            }
            i++;
        }
    }

    private boolean isNull(byte[] bytes, int start, int end) {
        if (end - start != nullBytes.length) {
            return false;
        }
        for (int k = 0; k < nullBytes.length; k++) {
            if (bytes[start + k] != nullBytes[k]) {
                return false;
            }
        }
        return true;
    }

    /** Decodes a text-format field's backslash escapes as COPY FROM would. */
    private static String unescapeText(byte[] bytes, int start, int end) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(end - start);
        for (int i = start; i < end; i++) {
            byte b = bytes[i];
            if (b != '\\' || i + 1 >= end) {
                out.write(b);
                continue;
            }
            byte next = bytes[++i];
            switch (next) {
                case 'b' -> out.write('\b');
                case 'f' -> out.write('\f');
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'v' -> out.write(0x0b);
                case 'x' -> {
                    int value = 0;
                    int digits = 0;
                    while (digits < 2 && i + 1 < end && Character.digit(bytes[i + 1], 16) >= 0) {
                        value = value * 16 + Character.digit(bytes[++i], 16);
                        digits++;
                    }
                    out.write(digits == 0 ? 'x' : value);
                }
                default -> {
                    if (next >= '0' && next <= '7') {
                        int value = next - '0';
                        for (int digits = 1; digits < 3 && i + 1 < end && bytes[i + 1] >= '0' && bytes[i + 1] <= '7';
                                digits++) {
                            value = value * 8 + (bytes[++i] - '0');
                        }
                        out.write(value & 0xff);
                    } else {
                        out.write(next);
                    }
                }
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private byte[] encode(String value, Field original, int index, int fieldCount) {
        if (!format.csv()) {
            return encodeText(value).getBytes(StandardCharsets.UTF_8);
        }
        // PostgreSQL quotes a CSV value when FORCE_QUOTE names its column or when its content needs it. When the
        // forced columns are not known, a quoted original whose content did not need quoting was forced; one whose
        // content needed it says nothing more, and its replacement is quoted only if it needs it itself (so the
        // quotes never tell that the hidden value held a delimiter, a quote or a newline).
        boolean forced = forceQuote != null ? forceQuote.test(index)
                : original.quoted && !needsQuotes(original.value, fieldCount);
        return encodeCsv(value, forced || needsQuotes(value, fieldCount)).getBytes(StandardCharsets.UTF_8);
    }

    /** Escapes as COPY TO does: backslash, the control characters it names, and the delimiter. */
    private String encodeText(String value) {
        StringBuilder out = new StringBuilder(value.length() + 4);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 0x0b -> out.append("\\v");
                default -> {
                    if (c == format.delimiter()) {
                        out.append('\\');
                    }
                    out.append(c);
                }
            }
        }
        return out.toString();
    }

    /**
     * Whether COPY TO quotes a CSV value by its content: it is the NULL string, holds the delimiter, the quote or a
     * line break, or is {@code \.} alone on its line (the old end-of-data marker). The escape character alone
     * does not make PostgreSQL quote.
     */
    private boolean needsQuotes(String value, int fieldCount) {
        if (value.equals(format.nullString()) || fieldCount == 1 && value.equals("\\.")) {
            return true;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == format.delimiter() || c == format.quote() || c == '\r' || c == '\n') {
                return true;
            }
        }
        return false;
    }

    /** Writes a CSV value as COPY TO does: inside quotes, the quote and the escape character are escaped. */
    private String encodeCsv(String value, boolean quote) {
        if (!quote) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + 2).append(format.quote());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == format.quote() || c == format.escape()) {
                out.append(format.escape());
            }
            out.append(c);
        }
        return out.append(format.quote()).toString();
    }

    /** One parsed field: its raw byte range, decoded value ({@code null} for NULL) and, once masked, new bytes. */
    private static final class Field {
        final int start;
        final int end;
        final String value;
        final boolean quoted;
        byte[] replacement;

        Field(int start, int end, String value, boolean quoted) {
            this.start = start;
            this.end = end;
            this.value = value;
            this.quoted = quoted;
        }
    }
}
