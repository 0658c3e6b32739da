package io.hoopgw.core.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code sql/statement-corpus.txt}: each entry is a header
 * {@code ### <class> | reads: <a, b or -> | writes: <...>} followed by one statement's lines. {@code ?} in place of
 * a relation list means that list is not asserted (a known gap, listed in the report). Lines starting with
 * {@code "# "} end the entry before them and say where the following entries come from.
 */
final class StatementCorpus {
    private StatementCorpus() {
    }

    /** One corpus entry. Lists are null when not asserted. */
    record Entry(int line, String sql, StatementClass expectedClass, List<String> reads, List<String> writes) {
        @Override
        public String toString() {
            String first = sql.lines().findFirst().orElse("");
            return "line " + line + ": " + (first.length() > 80 ? first.substring(0, 80) : first);
        }
    }

    static List<Entry> load() {
        String text;
        try (InputStream in = StatementCorpus.class.getResourceAsStream("/sql/statement-corpus.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Entry> entries = new ArrayList<>();
        String header = null;
        int headerLine = 0;
        StringBuilder sql = new StringBuilder();
        List<String> lines = text.lines().toList();
        for (int i = 0; i <= lines.size(); i++) {
            String line = i < lines.size() ? lines.get(i) : null;
            if (line == null || line.startsWith("### ") || line.startsWith("# ")) {
                if (header != null) {
                    entries.add(entry(headerLine, header, sql.toString().strip()));
                    sql.setLength(0);
                    header = null;
                }
                if (line != null && line.startsWith("### ")) {
                    header = line.substring(4);
                    headerLine = i + 1;
                }
            } else if (header != null) {
                sql.append(line).append('\n');
            }
        }
        return entries;
    }

    private static Entry entry(int line, String header, String sql) {
        String[] parts = header.split(" \\| ");
        StatementClass expected = StatementClass.fromConfigName(parts[0].strip());
        if (expected == null || parts.length != 3) {
            throw new IllegalArgumentException("corpus line " + line + ": bad header " + header);
        }
        return new Entry(line, sql, expected, names(parts[1], "reads: "), names(parts[2], "writes: "));
    }

    private static List<String> names(String part, String prefix) {
        String list = part.strip().substring(prefix.length());
        if (list.equals("?")) {
            return null;
        }
        return list.equals("-") ? List.of() : List.of(list.split(", "));
    }
}
