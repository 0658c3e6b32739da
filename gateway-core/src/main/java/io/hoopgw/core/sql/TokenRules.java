package io.hoopgw.core.sql;

import io.hoopgw.core.sql.Classification.Flag;
import java.util.List;
import java.util.Set;

/**
 * Classifies, from tokens alone, the commands JSqlParser does not read or reads too loosely for policy: COPY,
 * SET/SHOW/RESET, TRUNCATE, PREPARE/EXECUTE/DEALLOCATE, cursors, EXPLAIN, transaction control, maintenance,
 * DO/CALL, and everything about roles and privileges.
 */
final class TokenRules {
    private static final Set<String> TRUE_VALUES = Set.of("on", "true", "yes", "1", "t", "y");
    private static final Set<String> TRANSACTION = Set.of("begin", "start", "commit", "end", "rollback", "abort",
            "savepoint", "release");
    private static final Set<String> ADMIN = Set.of("vacuum", "analyze", "analyse", "checkpoint", "load",
            "cluster", "reindex", "do", "call");
    private static final Set<String> ROLE_OBJECTS = Set.of("role", "user", "group");

    private final StatementClassifier classifier;

    TokenRules(StatementClassifier classifier) {
        this.classifier = classifier;
    }

    /** The classification of a command these rules cover, or null to let the parser have it. */
    Classification classify(SqlStatement statement) {
        List<Token> tokens = statement.tokens();
        String keyword = statement.keyword();
        String second = tokens.size() > 1 && tokens.get(1).kind() == TokenKind.WORD ? tokens.get(1).value() : "";
        if (TRANSACTION.contains(keyword)) {
            return transaction(statement);
        }
        if (ADMIN.contains(keyword) || (keyword.equals("alter") && second.equals("system"))) {
            return simple(statement, StatementClass.ADMIN, keyword);
        }
        if (keyword.equals("grant") || keyword.equals("revoke") || keyword.equals("reassign")
                || (keyword.equals("drop") && second.equals("owned")) || keyword.equals("security")
                || (keyword.equals("alter") && second.equals("default"))
                || (Set.of("create", "alter", "drop").contains(keyword) && ROLE_OBJECTS.contains(second))) {
            return simple(statement, StatementClass.PRIVILEGE, keyword + " " + second);
        }
        return switch (keyword) {
            case "set" -> set(statement);
            case "reset" -> reset(statement);
            case "show", "listen", "unlisten", "notify", "deallocate", "close" ->
                    simple(statement, StatementClass.SESSION, keyword);
            case "discard" -> builder(statement, StatementClass.SESSION, "discard")
                    .flag(Flag.LEAVES_READ_ONLY).build();
            case "fetch", "move" -> simple(statement, StatementClass.READ, keyword + " from a checked cursor");
            case "execute" -> simple(statement, StatementClass.SESSION, "execute of a checked prepared statement");
            case "prepare" -> prepare(statement);
            case "declare" -> declare(statement);
            case "explain" -> explain(statement);
            case "truncate" -> truncate(statement);
            case "lock" -> lock(statement);
            case "refresh" -> refresh(statement);
            case "copy" -> CopyRule.classify(statement, this);
            case "table" -> table(statement);
            default -> null;
        };
    }

    private Classification simple(SqlStatement statement, StatementClass statementClass, String detail) {
        return builder(statement, statementClass, detail).build();
    }

    ClassificationBuilder builder(SqlStatement statement, StatementClass statementClass, String detail) {
        return new ClassificationBuilder(statement, statementClass, "token rule: " + detail)
                .functions(FunctionScan.calls(statement.tokens(), Set.of()));
    }

    /** Classifies tokens {@code from} to the end as a statement of their own. */
    Classification inner(SqlStatement statement, int from) {
        List<Token> tokens = statement.tokens();
        if (from >= tokens.size()) {
            return null;
        }
        String text = statement.text().substring(tokens.get(from).start() - tokens.get(0).start());
        List<Token> shifted = tokens.subList(from, tokens.size());
        return classifier.classify(new SqlStatement(text, shifted, null));
    }

    private Classification transaction(SqlStatement statement) {
        ClassificationBuilder builder = builder(statement, StatementClass.TRANSACTION, statement.keyword());
        if (new TokenCursor(statement.tokens(), 0).containsSequence("read", "write")) {
            builder.flag(Flag.LEAVES_READ_ONLY);
        }
        return builder.build();
    }

    private Classification set(SqlStatement statement) {
        TokenCursor cursor = new TokenCursor(statement.tokens(), 1);
        if (!cursor.accept("session")) {
            cursor.accept("local");
        }
        if (cursor.accept("role") || (cursor.accept("session") && cursor.accept("authorization"))
                || (cursor.peek(0) != null && cursor.peek(0).isWord("authorization"))) {
            return builder(statement, StatementClass.PRIVILEGE, "set role or session authorization")
                    .flag(Flag.CHANGES_ROLE).build();
        }
        if (cursor.accept("transaction") || cursor.accept("characteristics") || cursor.accept("constraints")) {
            return transaction(statement);
        }
        // SET SCHEMA 'x' and SET NAMES 'x' are the SQL standard's spellings of search_path and client_encoding.
        if (cursor.accept("schema")) {
            return builder(statement, StatementClass.SESSION, "set schema").flag(Flag.SETS_SEARCH_PATH).build();
        }
        if (cursor.accept("names")) {
            return encoding(statement, cursor, "set names");
        }
        RelationName parameter = cursor.relation();
        if (parameter == null) {
            return simple(statement, StatementClass.UNKNOWN, "set without a parameter name");
        }
        String name = parameter.schema() == null ? SettingChanges.fold(parameter.name()) : "";
        if (SettingChanges.ROLE.contains(name)) {
            return builder(statement, StatementClass.PRIVILEGE, "set " + name).flag(Flag.CHANGES_ROLE).build();
        }
        boolean assigned = cursor.accept("to") || cursor.acceptSymbol("=");
        if (name.equals(SettingChanges.CLIENT_ENCODING)) {
            return assigned ? encoding(statement, cursor, "set client_encoding")
                    : simple(statement, StatementClass.UNKNOWN, "set client_encoding without a value");
        }
        ClassificationBuilder builder = builder(statement, StatementClass.SESSION, "set " + parameter);
        if (name.equals(SettingChanges.SEARCH_PATH)) {
            builder.flag(Flag.SETS_SEARCH_PATH);
        }
        if (SettingChanges.READ_ONLY.contains(name)) {
            Token value = cursor.next();
            boolean turnsOn = assigned && value != null && cursor.atEnd()
                    && (value.kind() == TokenKind.WORD || value.kind() == TokenKind.STRING
                    || value.kind() == TokenKind.NUMBER)
                    && TRUE_VALUES.contains(SqlLexer.foldAscii(value.value()));
            if (!turnsOn) {
                builder.flag(Flag.LEAVES_READ_ONLY);
            }
        }
        return builder.build();
    }

    /** Sets client_encoding to the value at the cursor: harmless only when that is one name meaning UTF-8. */
    private Classification encoding(SqlStatement statement, TokenCursor cursor, String detail) {
        ClassificationBuilder builder = builder(statement, StatementClass.SESSION, detail);
        Token value = cursor.next();
        if (!SettingChanges.isUtf8(value) || !cursor.atEnd()) {
            builder.flag(Flag.CHANGES_CLIENT_ENCODING);
        }
        return builder.build();
    }

    private Classification reset(SqlStatement statement) {
        TokenCursor cursor = new TokenCursor(statement.tokens(), 1);
        if (cursor.accept("role") || (cursor.accept("session") && cursor.accept("authorization"))) {
            return simple(statement, StatementClass.PRIVILEGE, "reset role or session authorization");
        }
        Token token = cursor.peek(0);
        String name = token != null && token.isName() ? SettingChanges.fold(token.value()) : "";
        if (SettingChanges.ROLE.contains(name)) {
            // Back to the role the session logged in as: no new privilege, but still a privilege statement.
            return simple(statement, StatementClass.PRIVILEGE, "reset " + name);
        }
        // client_encoding goes back to the value of the startup packet, which the gateway made UTF8.
        ClassificationBuilder builder = builder(statement, StatementClass.SESSION, "reset");
        if (name.equals("all") || SettingChanges.READ_ONLY.contains(name)) {
            builder.flag(Flag.LEAVES_READ_ONLY);
        }
        if (name.equals("all") || name.equals(SettingChanges.SEARCH_PATH)) {
            builder.flag(Flag.SETS_SEARCH_PATH);
        }
        return builder.build();
    }

    /** PREPARE TRANSACTION is two-phase commit; PREPARE name AS statement is as dangerous as its statement. */
    private Classification prepare(SqlStatement statement) {
        List<Token> tokens = statement.tokens();
        if (tokens.size() > 1 && tokens.get(1).isWord("transaction")) {
            return simple(statement, StatementClass.TRANSACTION, "prepare transaction");
        }
        for (int i = 1; i < tokens.size(); i++) {
            if (tokens.get(i).isWord("as")) {
                return wrapping(statement, i + 1, "prepare");
            }
        }
        return simple(statement, StatementClass.UNKNOWN, "prepare without AS");
    }

    /** DECLARE name ... CURSOR ... FOR query: as dangerous as its query. */
    private Classification declare(SqlStatement statement) {
        List<Token> tokens = statement.tokens();
        for (int i = 2; i < tokens.size(); i++) {
            if (tokens.get(i).isWord("for")) {
                return wrapping(statement, i + 1, "declare");
            }
        }
        return simple(statement, StatementClass.UNKNOWN, "declare without FOR");
    }

    private Classification wrapping(SqlStatement statement, int from, String what) {
        Classification inner = inner(statement, from);
        if (inner == null) {
            return simple(statement, StatementClass.UNKNOWN, what + " without a statement");
        }
        return builder(statement, inner.statementClass(), what + " of " + inner.statementClass().configName())
                .absorb(inner).build();
    }

    /** EXPLAIN runs its statement only with ANALYZE; then it is exactly as dangerous as the statement. */
    private Classification explain(SqlStatement statement) {
        List<Token> tokens = statement.tokens();
        TokenCursor cursor = new TokenCursor(tokens, 1);
        boolean analyze = false;
        if (cursor.peek(0) != null && cursor.peek(0).isSymbol("(")) {
            int open = cursor.index();
            int close = cursor.skipParenthesized();
            if (close < 0) {
                return simple(statement, StatementClass.UNKNOWN, "explain with unbalanced options");
            }
            analyze = explainOptionsAnalyze(tokens.subList(open + 1, close));
        } else {
            while (cursor.peek(0) != null && (cursor.peek(0).isWord("analyze") || cursor.peek(0).isWord("analyse")
                    || cursor.peek(0).isWord("verbose"))) {
                analyze |= !cursor.next().isWord("verbose");
            }
        }
        Classification inner = inner(statement, cursor.index());
        if (inner == null) {
            return simple(statement, StatementClass.UNKNOWN, "explain without a statement");
        }
        if (analyze || inner.statementClass() == StatementClass.UNKNOWN) {
            return builder(statement, inner.statementClass(), "explain analyze of " + inner.statementClass()
                    .configName()).absorb(inner).build();
        }
        ClassificationBuilder builder = builder(statement, StatementClass.READ, "explain without analyze");
        inner.reads().forEach(builder::read);
        inner.writes().forEach(builder::read);
        return builder.functions(inner.functions()).build();
    }

    /** Whether an option list turns ANALYZE on: {@code ANALYZE}, or ANALYZE with anything but a false value. */
    private static boolean explainOptionsAnalyze(List<Token> options) {
        for (int i = 0; i < options.size(); i++) {
            Token option = options.get(i);
            if (option.isWord("analyze") || option.isWord("analyse")) {
                Token value = i + 1 < options.size() ? options.get(i + 1) : null;
                if (value == null || value.isSymbol(",")) {
                    return true;
                }
                return !Set.of("false", "off", "0", "no").contains(SqlLexer.foldAscii(value.value()));
            }
        }
        return false;
    }

    private Classification truncate(SqlStatement statement) {
        ClassificationBuilder builder = builder(statement, StatementClass.WRITE, "truncate");
        TokenCursor cursor = new TokenCursor(statement.tokens(), 1);
        cursor.accept("table");
        relationList(cursor, builder, true);
        return builder.build();
    }

    private Classification lock(SqlStatement statement) {
        ClassificationBuilder builder = builder(statement, StatementClass.WRITE, "lock");
        TokenCursor cursor = new TokenCursor(statement.tokens(), 1);
        cursor.accept("table");
        relationList(cursor, builder, true);
        return builder.build();
    }

    private Classification refresh(SqlStatement statement) {
        ClassificationBuilder builder = builder(statement, StatementClass.WRITE, "refresh materialized view");
        TokenCursor cursor = new TokenCursor(statement.tokens(), 1);
        cursor.accept("materialized");
        cursor.accept("view");
        cursor.accept("concurrently");
        builder.write(cursor.relation());
        return builder.build();
    }

    private Classification table(SqlStatement statement) {
        ClassificationBuilder builder = builder(statement, StatementClass.READ, "table");
        TokenCursor cursor = new TokenCursor(statement.tokens(), 1);
        cursor.accept("only");
        builder.read(cursor.relation());
        return builder.build();
    }

    /** Reads {@code [ONLY] name [*] [, ...]} into writes or reads. */
    static void relationList(TokenCursor cursor, ClassificationBuilder builder, boolean writes) {
        do {
            cursor.accept("only");
            RelationName relation = cursor.relation();
            if (relation == null) {
                return;
            }
            if (writes) {
                builder.write(relation);
            } else {
                builder.read(relation);
            }
            cursor.acceptSymbol("*");
        } while (cursor.acceptSymbol(","));
    }
}
