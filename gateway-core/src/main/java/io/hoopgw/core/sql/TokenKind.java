package io.hoopgw.core.sql;

/** What a {@link Token} is, in PostgreSQL's lexical terms. Comments and whitespace produce no tokens. */
public enum TokenKind {
    /** An unquoted identifier or key word; its value is folded to lower case as PostgreSQL folds it. */
    WORD,
    /** A {@code "quoted"} or {@code U&"quoted"} identifier; its value is the name exactly, unescaped. */
    QUOTED_IDENTIFIER,
    /** A character string constant in any form ({@code ''}, {@code E''}, {@code N''}, {@code U&''}, dollar quoted). */
    STRING,
    /** A bit string constant ({@code B''} or {@code X''}). */
    BIT_STRING,
    /** A numeric constant. */
    NUMBER,
    /** A positional parameter such as {@code $1}. */
    PARAMETER,
    /** An operator or punctuation: {@code ( ) , ; . [ ] : ::} and operator character runs. */
    SYMBOL
}
