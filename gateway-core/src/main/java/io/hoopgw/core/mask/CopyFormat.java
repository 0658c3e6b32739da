package io.hoopgw.core.mask;

import java.util.Objects;

/**
 * The format and options of a COPY TO STDOUT, as its statement set them (CopyOutResponse only says text or
 * binary): the gateway masks text and CSV rows field by field; binary COPY is not masked by this class.
 *
 * @param csv        CSV format rather than text
 * @param delimiter  the field delimiter (text: tab, CSV: comma by default)
 * @param quote      the CSV quote character ({@code "} by default); ignored for text
 * @param escape     the CSV escape character (the quote character by default); ignored for text
 * @param nullString how NULL is written (text: {@code \N}, CSV: an unquoted empty field by default)
 */
public record CopyFormat(boolean csv, char delimiter, char quote, char escape, String nullString) {
    /** PostgreSQL's defaults for {@code FORMAT text}. */
    public static final CopyFormat TEXT = new CopyFormat(false, '\t', '"', '"', "\\N");
    /** PostgreSQL's defaults for {@code FORMAT csv}. */
    public static final CopyFormat CSV = new CopyFormat(true, ',', '"', '"', "");

    /**
     * Checks the options.
     *
     * @throws IllegalArgumentException if delimiter, quote or escape is not a one-byte (ASCII) character, as
     *     PostgreSQL requires
     */
    public CopyFormat {
        Objects.requireNonNull(nullString, "nullString");
        if (delimiter >= 0x80 || quote >= 0x80 || escape >= 0x80) {
            throw new IllegalArgumentException("COPY delimiter, quote and escape must be one-byte characters");
        }
    }
}
