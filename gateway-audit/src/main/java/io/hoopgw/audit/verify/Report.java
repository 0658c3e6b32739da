package io.hoopgw.audit.verify;

import java.util.List;

/**
 * The result of verifying an audit directory.
 *
 * @param segments  segment files read
 * @param records   records read
 * @param verified  records covered by a valid checkpoint signature over an intact chain
 * @param unsealed  records after the last valid checkpoint
 * @param findings  everything found, failures and notes, in the order found
 */
public record Report(int segments, long records, long verified, long unsealed, List<Finding> findings) {
    /** Copies the findings. */
    public Report {
        findings = List.copyOf(findings);
    }

    /** True when nothing found is a failure: the chain, segments and signatures all verify. */
    public boolean ok() {
        return problems().isEmpty();
    }

    /** The failures. */
    public List<Finding> problems() {
        return findings.stream().filter(f -> f.kind().failure()).toList();
    }

    /** The findings that do not fail verification (unsealed tail, torn tail, foreign files...). */
    public List<Finding> notes() {
        return findings.stream().filter(f -> !f.kind().failure()).toList();
    }

    /** Whether any finding is of {@code kind}. */
    public boolean has(Finding.Kind kind) {
        return findings.stream().anyMatch(f -> f.kind() == kind);
    }

    /** A human-readable report: a summary line, then one line per finding. */
    public String render() {
        StringBuilder b = new StringBuilder();
        b.append(ok() ? "OK" : "FAILED").append(": ").append(segments).append(" segments, ").append(records)
                .append(" records: ").append(verified).append(" verified, ").append(unsealed).append(" unsealed, ")
                .append(problems().size()).append(" problems\n");
        for (Finding f : findings) {
            b.append(f.kind().failure() ? "  problem: " : "  note: ").append(f.describe()).append('\n');
        }
        return b.toString();
    }
}
