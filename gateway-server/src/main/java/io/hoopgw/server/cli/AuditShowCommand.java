package io.hoopgw.server.cli;

import io.hoopgw.audit.read.Timeline;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hoopgw audit show DIR SESSION [--format text|json]}: one session as a timeline. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show one session as a timeline: statements, parameters, decisions, outcomes, results.")
final class AuditShowCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The audit directory.")
    private Path dir;

    @Parameters(index = "1", paramLabel = "SESSION", description = "The session id (from 'hoopgw audit sessions').")
    private String session;

    @Option(names = "--format", defaultValue = "text", description = "text (default) or json.")
    private String format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Timeline.Format chosen = switch (format) {
            case "text" -> Timeline.Format.TEXT;
            case "json" -> Timeline.Format.JSON;
            default -> null;
        };
        if (chosen == null) {
            err.println("hoopgw audit show: --format is text or json, not " + format);
            return 2;
        }
        int[] problems = {0};
        long shown;
        try {
            shown = Timeline.write(dir, session, chosen, out, p -> {
                // A torn tail (a batch a crash or a full disk cut short, never acknowledged) is noted, not failed.
                problems[0] += p.failure() ? 1 : 0;
                err.println("hoopgw audit: " + (p.failure() ? "" : "note: ") + p.describe());
            });
        } catch (IOException e) {
            err.println("hoopgw audit show: cannot read " + dir + ": " + e.getMessage());
            return 2;
        }
        out.flush();
        if (shown == 0) {
            err.println("hoopgw audit show: no records for session " + session + " in " + dir);
            err.flush();
            return 1;
        }
        err.flush();
        return problems[0] == 0 ? 0 : 1;
    }
}
