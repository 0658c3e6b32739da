package io.hoopgw.server.cli;

import com.nimbusds.jose.jwk.JWK;
import io.hoopgw.audit.AuditKeys;
import io.hoopgw.audit.verify.AuditVerifier;
import io.hoopgw.audit.verify.Report;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hoopgw audit verify DIR --key PUBLIC.jwk}. Exit status 0 when everything verifies (an unsealed tail is
 * reported but passes unless {@code --require-sealed}), 1 when anything fails, 2 when it cannot run.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify an audit directory: hash chain, segment continuity and checkpoint signatures. "
                + "Exit 0 only when everything verifies.")
final class AuditVerifyCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The audit directory.")
    private Path dir;

    @Option(names = "--key", required = true, paramLabel = "PUBLIC.jwk", description = "The checkpoint public key.")
    private Path key;

    @Option(names = "--require-sealed", description = "Also fail when records after the last checkpoint are unsigned.")
    private boolean requireSealed;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isDirectory(dir)) {
            err.println("hoopgw audit verify: " + dir + " is not a directory");
            return 2;
        }
        Report report;
        try {
            JWK publicKey = AuditKeys.read(key);
            report = AuditVerifier.verify(dir, publicKey, AuditProgress.forTerminal(err, "verified"));
        } catch (IOException | IllegalArgumentException e) {
            err.println("hoopgw audit verify: " + e.getMessage());
            return 2;
        }
        AuditProgress.done(err);
        out.print(report.render());
        out.flush();
        if (!report.ok() || (requireSealed && report.unsealed() > 0)) {
            return 1;
        }
        return 0;
    }
}
