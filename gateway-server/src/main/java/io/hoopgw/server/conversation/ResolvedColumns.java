package io.hoopgw.server.conversation;

import io.hoopgw.audit.ResultColumn;
import io.hoopgw.audit.schema.ValueFormat;
import io.hoopgw.core.mask.ColumnRule;
import io.hoopgw.core.mask.MaskColumn;
import io.hoopgw.core.protocol.backend.RowDescription;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A result's columns, each with the masking column rule that selects it (null for none), resolved once per
 * RowDescription so that each row costs no look-up.
 */
final class ResolvedColumns {
    private final List<RowDescription.Field> fields;
    private final ColumnRule[] rules;

    ResolvedColumns(List<RowDescription.Field> fields, ColumnRule[] rules) {
        if (rules.length != fields.size()) {
            throw new IllegalArgumentException(rules.length + " rules for " + fields.size() + " columns");
        }
        this.fields = List.copyOf(fields);
        this.rules = rules.clone();
    }

    static ResolvedColumns unmasked(List<RowDescription.Field> fields) {
        return new ResolvedColumns(fields, new ColumnRule[fields.size()]);
    }

    List<RowDescription.Field> fields() {
        return fields;
    }

    /**
     * These columns in the formats a Bind asked for (a Describe of a statement reports text for all): no codes
     * means text for all, one code applies to all, otherwise one per column.
     */
    ResolvedColumns withFormats(List<Short> resultFormats) {
        List<RowDescription.Field> formatted = new ArrayList<>(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            RowDescription.Field f = fields.get(i);
            short format = resultFormats.isEmpty() ? 0
                    : resultFormats.size() == 1 ? resultFormats.get(0)
                    : i < resultFormats.size() ? resultFormats.get(i) : 0;
            formatted.add(new RowDescription.Field(f.name(), f.tableOid(), f.columnAttributeNumber(),
                    f.dataTypeOid(), f.dataTypeSize(), f.typeModifier(), format));
        }
        return new ResolvedColumns(formatted, rules);
    }

    boolean anyRule() {
        return Arrays.stream(rules).anyMatch(rule -> rule != null);
    }

    List<MaskColumn> maskColumns() {
        List<MaskColumn> columns = new ArrayList<>(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            columns.add(MaskColumn.of(fields.get(i), rules[i]));
        }
        return columns;
    }

    List<ColumnRule> rules() {
        return Arrays.asList(rules.clone());
    }

    List<ResultColumn> resultColumns() {
        List<ResultColumn> columns = new ArrayList<>(fields.size());
        for (RowDescription.Field f : fields) {
            columns.add(new ResultColumn(f.name(), f.dataTypeOid(),
                    f.formatCode() == 1 ? ValueFormat.BINARY : ValueFormat.TEXT));
        }
        return columns;
    }
}
