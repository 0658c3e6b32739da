package io.hoopgw.core.sql;

import io.hoopgw.core.sql.Classification.Flag;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What changing a server setting means for policy. Most settings are harmless session state; a few decide whether
 * the session may write ({@code default_transaction_read_only}, {@code transaction_read_only}), which role it acts
 * as ({@code role}, {@code session_authorization}), which encoding the gateway must read its SQL in
 * ({@code client_encoding}) and what unqualified names resolve to ({@code search_path}). A setting can be changed by
 * {@code SET}, {@code RESET}, {@code set_config(...)} and an {@code UPDATE} of {@code pg_settings}; each path asks
 * here.
 *
 * <p>PostgreSQL looks setting names up case-insensitively, even when quoted ({@code SET "ROLE" ...} is
 * {@code SET role ...}), so names are folded before they are compared.
 */
final class SettingChanges {
    static final Set<String> READ_ONLY = Set.of("default_transaction_read_only", "transaction_read_only");
    static final Set<String> ROLE = Set.of("role", "session_authorization");
    static final String CLIENT_ENCODING = "client_encoding";
    static final String SEARCH_PATH = "search_path";

    /** Changing a setting whose name is not known: it may be any of the guarded ones. */
    private static final List<Flag> ANY_SETTING = List.of(Flag.LEAVES_READ_ONLY, Flag.CHANGES_ROLE,
            Flag.CHANGES_CLIENT_ENCODING, Flag.SETS_SEARCH_PATH);
    private static final Set<String> UTF8_NAMES = Set.of("utf8", "unicode");

    private SettingChanges() {
    }

    /** A setting's name as PostgreSQL looks it up. */
    static String fold(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** Whether an encoding name means UTF-8 to PostgreSQL, which ignores case and punctuation ({@code utf-8}). */
    static boolean isUtf8(Token value) {
        if (value == null || !(value.kind() == TokenKind.WORD || value.kind() == TokenKind.STRING
                || value.kind() == TokenKind.QUOTED_IDENTIFIER)) {
            return false;
        }
        StringBuilder clean = new StringBuilder();
        for (char c : value.value().toCharArray()) {
            if (Character.isLetterOrDigit(c)) {
                clean.append(Character.toLowerCase(c));
            }
        }
        return UTF8_NAMES.contains(clean.toString());
    }

    /**
     * Flags {@code builder} for {@code set_config(...)} calls among {@code tokens}, by the setting each names.
     *
     * @return true when a call may change the session's role, which makes the statement a privilege change
     */
    static boolean setConfigCalls(List<Token> tokens, ClassificationBuilder builder) {
        boolean role = false;
        for (int i = 0; i + 2 < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (!token.isName() || !fold(token.value()).equals("set_config") || !tokens.get(i + 1).isSymbol("(")) {
                continue;
            }
            Token first = tokens.get(i + 2);
            boolean literal = first.kind() == TokenKind.STRING && i + 3 < tokens.size()
                    && tokens.get(i + 3).isSymbol(",");
            role |= literal ? changing(fold(first.value()), builder) : anySetting(builder);
        }
        return role;
    }

    /**
     * Flags {@code builder} for a change of the setting {@code name} (folded) to a value not known to be harmless.
     *
     * @return true when the setting is the session's role
     */
    static boolean changing(String name, ClassificationBuilder builder) {
        // A substring, not the names: a custom "x.read_only" costs a refusal, a missed spelling would cost more.
        if (name.contains("read_only")) {
            builder.flag(Flag.LEAVES_READ_ONLY);
        }
        if (name.equals(CLIENT_ENCODING)) {
            builder.flag(Flag.CHANGES_CLIENT_ENCODING);
        }
        if (name.equals(SEARCH_PATH)) {
            builder.flag(Flag.SETS_SEARCH_PATH);
        }
        if (ROLE.contains(name)) {
            builder.flag(Flag.CHANGES_ROLE);
            return true;
        }
        return false;
    }

    /**
     * Flags {@code builder} for a change of any setting at all (a name computed at run time, an {@code UPDATE} of
     * {@code pg_settings}).
     *
     * @return true: the setting may be the session's role
     */
    static boolean anySetting(ClassificationBuilder builder) {
        ANY_SETTING.forEach(builder::flag);
        return true;
    }

    /** Whether {@code relation} is the {@code pg_settings} view, whose UPDATE rule calls set_config. */
    static boolean isPgSettings(RelationName relation) {
        return fold(relation.name()).equals("pg_settings")
                && (relation.schema() == null || fold(relation.schema()).equals("pg_catalog"));
    }
}
