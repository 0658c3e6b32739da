package io.hoopgw.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code hoopgw audit}: keys, verification and reading of audit directories. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Work with session recordings: make a checkpoint key, verify, list, show and export.",
        subcommands = {AuditKeygenCommand.class, AuditVerifyCommand.class, AuditSessionsCommand.class,
            AuditShowCommand.class, AuditExportCommand.class})
final class AuditCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
