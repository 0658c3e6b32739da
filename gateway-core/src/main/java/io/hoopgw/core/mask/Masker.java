package io.hoopgw.core.mask;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * The masking rules that apply to one caller (see {@link MaskingConfig#forGroups}), and the factory of the
 * per-message maskers. Immutable and thread-safe; the maskers it makes count into a {@link MaskCounts} and are
 * confined to one session's thread.
 */
public final class Masker {
    private final List<ColumnRule> columnRules;
    private final List<DetectorRule> detectorRules;
    private final TextMasking text;

    Masker(List<ColumnRule> columnRules, List<DetectorRule> detectorRules) {
        this.columnRules = List.copyOf(columnRules);
        this.detectorRules = List.copyOf(detectorRules);
        this.text = new TextMasking(this.detectorRules);
    }

    /** The column rules that apply, in configuration order. */
    public List<ColumnRule> columnRules() {
        return columnRules;
    }

    /** The value-detector rules that apply, in configuration order. */
    public List<DetectorRule> detectorRules() {
        return detectorRules;
    }

    /** Whether no rule applies: the caller is exempt from everything, and messages can be relayed untouched. */
    public boolean isEmpty() {
        return columnRules.isEmpty() && detectorRules.isEmpty();
    }

    /**
     * Whether result columns must be resolved to their source table column (RowDescription's table OID and attribute
     * number, through the catalog) before {@link #columnRule} can decide: whenever a column rule applies. A rule
     * naming a schema and table needs the source to match at all, and a bare column-name rule needs it to follow
     * its column under an alias ({@code SELECT card AS c}); only without column rules is there nothing to resolve.
     */
    public boolean needsSourceColumns() {
        return !columnRules.isEmpty();
    }

    /**
     * The first column rule selecting a result column, or {@code null}.
     *
     * @param schema     the source table's schema, or {@code null} if unknown or not a table column
     * @param table      the source table's name, or {@code null}
     * @param column     the source column's name, or {@code null}
     * @param resultName the column's name in the RowDescription, or {@code null}
     */
    public ColumnRule columnRule(String schema, String table, String column, String resultName) {
        for (ColumnRule rule : columnRules) {
            if (rule.target().matches(schema, table, column, resultName)) {
                return rule;
            }
        }
        return null;
    }

    /** Counters for every rule that applies to this caller, all 0. */
    public MaskCounts newCounts() {
        List<String> names = new ArrayList<>();
        columnRules.forEach(rule -> names.add(rule.name()));
        detectorRules.forEach(rule -> names.add(rule.name()));
        return new MaskCounts(names);
    }

    /**
     * Applies the detector rules to a text.
     *
     * @return the masked text, or the same instance when nothing matched
     */
    public String maskText(String value, MaskCounts counts) {
        return text.mask(value, false, counts);
    }

    /**
     * The masker for the DataRows of one result.
     *
     * @param columns one entry per result column, in order
     * @param counts  where masked values are counted
     */
    public RowMasker rowMasker(List<MaskColumn> columns, MaskCounts counts) {
        return new RowMasker(text, columns, counts);
    }

    /**
     * The masker for the rows of one COPY TO STDOUT in text or CSV format.
     *
     * @param format     the COPY's format and options
     * @param fieldRules the column rule per field (list index = field index, {@code null} entries for none), or an
     *                   empty list when the copied columns are not known; detector rules apply to every field either
     *                   way
     * @param counts     where masked values are counted
     */
    public CopyRowMasker copyRowMasker(CopyFormat format, List<ColumnRule> fieldRules, MaskCounts counts) {
        return new CopyRowMasker(text, format, fieldRules, null, counts);
    }

    /**
     * The masker for the rows of one CSV COPY TO STDOUT whose FORCE_QUOTE columns are known, so that a masked value
     * is quoted exactly where PostgreSQL would have quoted it.
     *
     * @param forceQuote which fields (by index) FORCE_QUOTE names; see {@link #copyRowMasker(CopyFormat, List,
     *                   MaskCounts)} for the other parameters, with which a quoted field is taken as forced when its
     *                   original content did not need quotes
     */
    public CopyRowMasker copyRowMasker(CopyFormat format, List<ColumnRule> fieldRules, IntPredicate forceQuote,
            MaskCounts counts) {
        return new CopyRowMasker(text, format, fieldRules, Objects.requireNonNull(forceQuote, "forceQuote"), counts);
    }

    /** The masker for NotificationResponse payloads and ErrorResponse/NoticeResponse texts. */
    public MessageMasker messageMasker(MaskCounts counts) {
        return new MessageMasker(this, text, counts);
    }
}
