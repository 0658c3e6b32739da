package io.hoopgw.server.cli;

import io.hoopgw.audit.read.SessionFilter;
import io.hoopgw.audit.read.SessionList;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hoopgw audit sessions DIR [--user U] [--since T] [--until T] [--target T]}: one line per session. */
@Command(name = "sessions", mixinStandardHelpOptions = true,
        description = "List recorded sessions and refused logins, one line each, as each session ends.")
final class AuditSessionsCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The audit directory.")
    private Path dir;

    @Option(names = "--user", description = "Only this identity (token subject).")
    private String user;

    @Option(names = "--since", converter = AuditTimes.class, description = "Started at or after this time.")
    private Instant since;

    @Option(names = "--until", converter = AuditTimes.class, description = "Started before this time.")
    private Instant until;

    @Option(names = "--target", description = "Only this target.")
    private String target;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int[] problems = {0};
        try {
            // Each line as soon as the session's end is read: memory holds only the sessions open at a time.
            SessionList.forEach(dir, new SessionFilter(user, since, until, target), s -> out.println(s.line()), p -> {
                // A torn tail (a batch a crash or a full disk cut short, never acknowledged) is noted, not failed.
                problems[0] += p.failure() ? 1 : 0;
                err.println("hoopgw audit: " + (p.failure() ? "" : "note: ") + p.describe());
            });
        } catch (IOException e) {
            out.flush();
            err.println("hoopgw audit sessions: cannot read " + dir + ": " + e.getMessage());
            return 2;
        }
        out.flush();
        err.flush();
        return problems[0] == 0 ? 0 : 1;
    }
}
