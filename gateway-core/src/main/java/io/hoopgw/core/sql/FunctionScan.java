package io.hoopgw.core.sql;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds function calls at token level: a name, possibly qualified, followed by {@code (}. Conservative on purpose,
 * it finds calls a parse tree keeps out of sight (column defaults, statements the parser cannot read); what it
 * mistakes for calls is kept small by skipping key words, type names, and names after words that introduce a
 * relation, type, alias or routine being defined.
 */
final class FunctionScan {
    /** Words followed by "(" that are syntax, not calls. */
    private static final Set<String> NOT_CALLS = Set.of(
            "values", "in", "exists", "any", "all", "some", "array", "row", "over", "filter", "within", "using",
            "check", "unique", "primary", "key", "references", "foreign", "exclude", "include", "partition",
            "table", "as", "on", "and", "or", "not", "is", "between", "like", "ilike", "similar", "to", "default",
            "distinct", "select", "where", "join", "into", "from", "with", "tablesample", "rows", "range", "groups",
            "cube", "rollup", "sets", "returns", "do", "update", "delete", "insert", "conflict", "window", "by",
            "varchar", "char", "character", "varying", "numeric", "decimal", "dec", "float", "bit", "time",
            "timestamp", "interval", "nchar", "national", "operator", "then", "else", "when", "case", "returning",
            "set", "limit", "offset", "having", "lateral", "recursive", "materialized", "only", "explain",
            "analyze", "analyse", "vacuum", "copy", "for", "of", "options", "program", "stdin", "stdout", "zone", "cast");

    /** Words after which a name followed by "(" is a relation, alias, type or routine definition. */
    private static final Set<String> DEFINES = Set.of(
            "table", "into", "view", "index", "references", "type", "function", "procedure", "as", "only", "copy",
            "exists", "constraint", "trigger", "sequence", "domain", "aggregate", "update", "prepare", "execute",
            "with", "recursive", "analyze", "analyse", "vacuum", "cluster", "on", "using");

    private FunctionScan() {
    }

    /** Drops names a parser reports as calls that are syntax ({@code ANY(...)}, {@code ARRAY(...)}). */
    static Set<String> withoutSyntax(Set<String> names) {
        Set<String> calls = new LinkedHashSet<>(names);
        calls.removeIf(NOT_CALLS::contains);
        return calls;
    }

    /** Names called in {@code tokens}, lower case unless quoted, qualified as written, minus {@code exclude}. */
    static Set<String> calls(List<Token> tokens, Set<String> exclude) {
        Set<String> calls = new LinkedHashSet<>();
        for (int i = 0; i + 1 < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (!token.isName() || !tokens.get(i + 1).isSymbol("(")) {
                continue;
            }
            if (token.kind() == TokenKind.WORD && NOT_CALLS.contains(token.value())) {
                continue;
            }
            int start = i;
            StringBuilder name = new StringBuilder(token.value());
            while (start >= 2 && tokens.get(start - 1).isSymbol(".") && tokens.get(start - 2).isName()) {
                start -= 2;
                name.insert(0, tokens.get(start).value() + ".");
            }
            if (start > 0 && definesHere(tokens.get(start - 1), tokens, start)) {
                continue;
            }
            String qualified = name.toString();
            if (!exclude.contains(qualified) && !exclude.contains(token.value())) {
                calls.add(qualified);
            }
        }
        return calls;
    }

    private static boolean definesHere(Token before, List<Token> tokens, int start) {
        // "::type(n)" is a type modifier; ") alias(col)" is a column alias list, never a call.
        if (before.isSymbol("::") || before.isSymbol(")")) {
            return true;
        }
        if (before.kind() != TokenKind.WORD || !DEFINES.contains(before.value())) {
            return false;
        }
        // "ON f(x) = y" in a join is a call; "ON t (col)" of CREATE INDEX is not. Only an index definition puts a
        // bare relation name straight after ON.
        return !before.isWord("on") || (tokens.size() > 0 && tokens.get(0).isWord("create"));
    }
}
