package io.hoopgw.server.cli;

import io.hoopgw.audit.read.JsonExport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hoopgw audit export DIR --format jsonl [--since T]}: one JSON object per record, for SIEM ingestion. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export records as JSON lines (one object per record) for SIEM ingestion.")
final class AuditExportCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The audit directory.")
    private Path dir;

    @Option(names = "--format", defaultValue = "jsonl", description = "jsonl (the only format).")
    private String format;

    @Option(names = "--since", converter = AuditTimes.class, description = "Only records at or after this time.")
    private Instant since;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!"jsonl".equals(format)) {
            err.println("hoopgw audit export: --format is jsonl, not " + format);
            return 2;
        }
        int[] problems = {0};
        try {
            JsonExport.write(dir, since, out, p -> {
                // A torn tail (a batch a crash or a full disk cut short, never acknowledged) is noted, not failed.
                problems[0] += p.failure() ? 1 : 0;
                err.println("hoopgw audit: " + (p.failure() ? "" : "note: ") + p.describe());
            }, AuditProgress.forTerminal(err, "exported"));
        } catch (IOException e) {
            err.println("hoopgw audit export: cannot read " + dir + ": " + e.getMessage());
            return 2;
        }
        AuditProgress.done(err);
        out.flush();
        err.flush();
        return problems[0] == 0 ? 0 : 1;
    }
}
