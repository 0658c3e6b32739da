package io.hoopgw.core.sql;

import java.util.List;
import java.util.Set;

/**
 * Token-level signs that a query writes, checked even when the parse tree says read: a tree that misses a nested
 * {@code FOR UPDATE} or a data-modifying CTE must not turn a write into a read. Errs towards write.
 */
final class WriteMarkers {
    private static final Set<String> DML = Set.of("insert", "update", "delete", "merge");
    private static final Set<String> LOCKING = Set.of("update", "share", "no", "key");

    private WriteMarkers() {
    }

    /** Whether a query's tokens hold DML key words, INTO, or FOR UPDATE/SHARE locking clauses. */
    static boolean inQuery(List<Token> tokens) {
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.kind() != TokenKind.WORD) {
                continue;
            }
            if (DML.contains(token.value()) || token.value().equals("into")) {
                return true;
            }
            if (token.value().equals("for") && i + 1 < tokens.size() && LOCKING.contains(tokens.get(i + 1).value())
                    && tokens.get(i + 1).kind() == TokenKind.WORD) {
                return true;
            }
        }
        return false;
    }
}
