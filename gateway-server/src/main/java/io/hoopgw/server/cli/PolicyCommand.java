package io.hoopgw.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code hoopgw policy}: tools for people writing statement policies. */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = "Work with the statement policy: check what it decides for a statement.",
        subcommands = {PolicyCheckCommand.class})
final class PolicyCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
