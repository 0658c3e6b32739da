package io.hoopgw.core.protocol.backend;

import java.util.Map;

/**
 * What ErrorResponse and NoticeResponse share: a field list keyed by code (see {@link NoticeField}) and the
 * accessors for the fields any error or notice may carry. Package-private: the public types stay the two messages
 * the protocol documentation names, each adding only its tag and its severities.
 */
interface NoticeMessage {
    /** The fields as sent, in wire order; unmodifiable. */
    Map<Character, String> fields();

    /** The five-character SQLSTATE (field C), or {@code null} if absent. */
    default String sqlState() {
        return fields().get(NoticeField.CODE);
    }

    /** The primary message (field M), or {@code null} if absent. */
    default String message() {
        return fields().get(NoticeField.MESSAGE);
    }

    /** The detail (field D), or {@code null} if absent. */
    default String detail() {
        return fields().get(NoticeField.DETAIL);
    }

    /** The hint (field H), or {@code null} if absent. */
    default String hint() {
        return fields().get(NoticeField.HINT);
    }

    /** The value of any field, or {@code null} if absent. */
    default String field(char code) {
        return fields().get(code);
    }
}
