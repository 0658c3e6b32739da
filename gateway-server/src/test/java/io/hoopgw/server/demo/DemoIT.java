package io.hoopgw.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.server.cli.HoopgwCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The demo as a user meets it: the psql line it prints lets alice in, her session is recorded, and the audit
 * commands it prints list that session and verify the records.
 */
class DemoIT {
    @TempDir
    Path stateDir;

    private record Run(int exit, String out, String err) {
    }

    private static Run hoopgw(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new HoopgwCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    @Test
    void theDemoRecordsSessionsThatItsPrintedCommandsListAndVerify() throws Exception {
        Path auditDir;
        Path publicKey;
        String instructions;
        try (Demo demo = Demo.start(stateDir, 0, "dev-idp.json")) {
            auditDir = demo.auditDirectory();
            publicKey = demo.auditPublicKey();
            instructions = demo.instructions();
            Properties login = new Properties();
            login.setProperty("user", DemoDatabase.WRITER_ROLE);
            login.setProperty("password", demo.token("alice", List.of(Demo.WRITERS)));
            try (Connection connection = DriverManager.getConnection(
                    "jdbc:postgresql://127.0.0.1:" + demo.port() + "/demo?sslmode=require", login);
                    ResultSet rs = connection.createStatement().executeQuery("SELECT count(*) FROM customers")) {
                assertThat(rs.next()).isTrue();
            }
        }

        assertThat(auditDir).isEqualTo(stateDir.resolve("audit"));
        assertThat(publicKey).isEqualTo(stateDir.resolve("audit-key.pub.jwk"));
        String psql = "PGPASSWORD=";
        String sessions = "./hoopgw audit sessions " + auditDir;
        String verify = "./hoopgw audit verify " + auditDir + " --key " + publicKey;
        assertThat(instructions).contains(psql, sessions, verify);
        assertThat(instructions.lastIndexOf(psql)).isLessThan(instructions.indexOf(sessions));

        Run listed = hoopgw("audit", "sessions", auditDir.toString());
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.out()).contains("alice").contains(DemoDatabase.WRITER_ROLE);
        Run verified = hoopgw("audit", "verify", auditDir.toString(), "--key", publicKey.toString());
        assertThat(verified.exit()).as(verified.out() + verified.err()).isZero();
    }

    @Test
    void theCheckpointKeyIsMadeOnceAndKept() throws Exception {
        Demo.auditKey(stateDir);
        String privateKey = Files.readString(stateDir.resolve(Demo.AUDIT_KEY));
        Files.delete(stateDir.resolve(Demo.AUDIT_PUBLIC_KEY));

        Demo.auditKey(stateDir);

        assertThat(Files.readString(stateDir.resolve(Demo.AUDIT_KEY))).isEqualTo(privateKey);
        assertThat(Files.readString(stateDir.resolve(Demo.AUDIT_PUBLIC_KEY)))
                .contains("\"kty\":\"OKP\"").doesNotContain("\"d\":");
    }
}
