package io.hoopgw.core.mask;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The validated masking rules of a gateway, in configuration order (the first matching column rule wins).
 * Immutable and thread-safe.
 *
 * @param rules every rule; copied
 */
public record MaskingConfig(List<MaskRule> rules) {
    /** No rules: nothing is masked. */
    public static final MaskingConfig NONE = new MaskingConfig(List.of());

    /**
     * Copies the list.
     *
     * @throws IllegalArgumentException if two rules share a name
     */
    public MaskingConfig {
        rules = List.copyOf(rules);
        if (rules.stream().map(MaskRule::name).distinct().count() != rules.size()) {
            throw new IllegalArgumentException("rule names must be unique");
        }
    }

    /**
     * Reads and validates rules from the structure a YAML or JSON parser produces (maps, lists, strings, numbers,
     * booleans). Each rule is a map:
     *
     * <pre>
     * - name: cards                  # required, unique
     *   detect: card                 # card | email | ssn | iban | regex  (a value-detector rule), or
     *   column: public.payments.pan  # schema.table.column globs, or a bare column-name glob (a column rule)
     *   pattern: "EMP-[0-9]{6}"      # with detect: regex only
     *   strategy: partial            # redact | partial | hash | null (null: column rules only)
     *   mask: "[hidden]"             # redact: the replacement (default ****)
     *   keep-last: 4                 # partial: characters shown at the end and/or
     *   keep-first: 0                #   at the start (at least one above 0)
     *   mask-char: "*"               # partial: the hiding character (default *)
     *   keep-separators: false       # partial: keep spaces, dashes, dots in place (default false)
     *   key: "at least 16 bytes"     # hash: the HMAC key, already resolved from its secret reference
     *   prefix: "tok_"               # hash: the token prefix (default tok_)
     *   exempt: [finance]            # groups the rule does not apply to (default none)
     * </pre>
     *
     * @param path  the key path of the list, for messages (e.g. {@code masking.rules})
     * @param rules the parsed list, or {@code null} for none
     * @throws MaskConfigException listing every problem found, if any
     */
    public static MaskingConfig read(String path, Object rules) throws MaskConfigException {
        return new MaskingConfigReader(path).read(rules);
    }

    /**
     * The masker for a caller in these groups: the rules from which none of the groups is exempt.
     *
     * @param groups the caller's gateway groups
     */
    public Masker forGroups(Set<String> groups) {
        List<ColumnRule> columns = new ArrayList<>();
        List<DetectorRule> detectors = new ArrayList<>();
        for (MaskRule rule : rules) {
            if (!rule.appliesTo(groups)) {
                continue;
            }
            if (rule instanceof ColumnRule column) {
                columns.add(column);
            } else {
                detectors.add((DetectorRule) rule);
            }
        }
        return new Masker(columns, detectors);
    }

    /** The rule names, in order; the keys of every {@link MaskCounts} made for this configuration. */
    public List<String> ruleNames() {
        return rules.stream().map(MaskRule::name).toList();
    }
}
