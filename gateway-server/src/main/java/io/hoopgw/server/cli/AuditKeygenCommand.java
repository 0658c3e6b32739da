package io.hoopgw.server.cli;

import com.nimbusds.jose.jwk.JWK;
import io.hoopgw.audit.AuditKeys;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hoopgw audit keygen}: a checkpoint signing key (private JWK for the gateway, public JWK for verify). */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Generate a checkpoint signing key: the private JWK for the gateway's configuration and the "
                + "public JWK for 'hoopgw audit verify'.")
final class AuditKeygenCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--algorithm", defaultValue = "ED25519",
            description = "ED25519 (default) or ES256.")
    private AuditKeys.Algorithm algorithm;

    @Option(names = "--out", defaultValue = "audit-key.jwk",
            description = "The private key file (written owner-only; never overwritten). Default audit-key.jwk.")
    private Path privateFile;

    @Option(names = "--public-out", description = "The public key file (default: <out> with .pub.jwk).")
    private Path publicFile;

    @Override
    public Integer call() throws Exception {
        Path pub = publicFile != null ? publicFile
                : privateFile.resolveSibling(privateFile.getFileName().toString().replaceFirst("\\.jwk$", "")
                        + ".pub.jwk");
        JWK key = AuditKeys.generate(algorithm);
        try {
            AuditKeys.write(key, privateFile, pub);
        } catch (java.io.IOException e) {
            spec.commandLine().getErr().println("hoopgw audit keygen: " + e.getMessage());
            return 2;
        }
        spec.commandLine().getOut().println("private key: " + privateFile + " (kid " + key.getKeyID() + ")");
        spec.commandLine().getOut().println("public key:  " + pub);
        return 0;
    }
}
