package io.hoopgw.server.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/** Writes the settings and client-authentication rules of a server LocalPostgres runs from binaries. */
final class ServerConfigFiles {
    /** Password login over TCP from this machine only: the rule every server ends with. */
    static final String LOOPBACK_SCRAM = "host all all 127.0.0.1/32 scram-sha-256";
    /** Password login over the socket in the data directory, which only the server's user can reach anyway. */
    static final String LOCAL_SCRAM = "local all all scram-sha-256";

    private ServerConfigFiles() {
    }

    /**
     * Appends {@code settings} to postgresql.conf (later lines win, so they override initdb's) and replaces
     * pg_hba.conf with {@link #hba}{@code (extraHbaLines, LOCAL_SCRAM, LOOPBACK_SCRAM)}.
     */
    static void write(Path dataDir, Map<String, String> settings, List<String> extraHbaLines) throws IOException {
        Files.writeString(dataDir.resolve("postgresql.conf"), conf(settings), StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        Files.writeString(dataDir.resolve("pg_hba.conf"), hba(extraHbaLines, List.of(LOCAL_SCRAM, LOOPBACK_SCRAM)),
                StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** @return postgresql.conf lines setting {@code settings}, every value quoted */
    static String conf(Map<String, String> settings) {
        StringBuilder conf = new StringBuilder("\n# Set by hoopgw LocalPostgres\n");
        settings.forEach((name, value) -> conf.append(name).append(" = ").append(quote(value)).append('\n'));
        return conf.toString();
    }

    /**
     * @return a pg_hba.conf with {@code extraLines} first (pg_hba.conf is first-match, so they take precedence) and
     *     {@code defaultLines} after them
     */
    static String hba(List<String> extraLines, List<String> defaultLines) {
        StringBuilder hba = new StringBuilder("# Written by hoopgw LocalPostgres\n");
        extraLines.forEach(line -> hba.append(line).append('\n'));
        defaultLines.forEach(line -> hba.append(line).append('\n'));
        return hba.toString();
    }

    /** Any setting may be given as a quoted string in postgresql.conf; a quote is written twice. */
    static String quote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
