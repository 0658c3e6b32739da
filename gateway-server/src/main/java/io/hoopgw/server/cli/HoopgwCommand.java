package io.hoopgw.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code hoopgw} command line: {@code serve}, {@code demo} and {@code token}. */
@Command(name = "hoopgw",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "PostgreSQL access gateway: token login, brokered credentials, recorded sessions.",
        subcommands = {ServeCommand.class, DemoCommand.class, TokenCommand.class, AuditCommand.class,
            PolicyCommand.class, CommandLine.HelpCommand.class})
public final class HoopgwCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        // Netty's default leak detector samples buffers with stack traces; the tests run it at its strictest, so
        // the server need not pay for it on every relayed read. An explicit -D setting still wins.
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            System.setProperty("io.netty.leakDetection.level", "disabled");
        }
        System.exit(new CommandLine(new HoopgwCommand()).execute(args));
    }
}
