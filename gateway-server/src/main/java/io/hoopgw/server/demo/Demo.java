package io.hoopgw.server.demo;

import io.hoopgw.audit.AuditKeys;
import io.hoopgw.core.auth.OidcTokenVerifier;
import io.hoopgw.server.Gateway;
import io.hoopgw.server.config.ConfigLoader;
import io.hoopgw.server.config.GatewayConfig;
import io.hoopgw.server.devidp.DevIdentityProvider;
import io.hoopgw.server.postgres.LocalPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

/**
 * The demo's parts, started and stopped together: embedded PostgreSQL with sample data, the development identity
 * provider, and a TLS gateway on 127.0.0.1 configured by an ordinary configuration file written to the state
 * directory (so the demo doubles as a configuration example).
 */
public final class Demo implements AutoCloseable {
    static final String WRITERS = "demo-writers";
    static final String READERS = "demo-readers";
    private static final Duration TOKEN_LIFETIME = Duration.ofHours(8);
    static final String AUDIT_DIRECTORY = "audit";
    static final String AUDIT_KEY = "audit-key.jwk";
    static final String AUDIT_PUBLIC_KEY = "audit-key.pub.jwk";

    private final LocalPostgres postgres;
    private final DevIdentityProvider identityProvider;
    private final Gateway gateway;
    private final Path configFile;
    private final Path stateDir;

    private Demo(LocalPostgres postgres, DevIdentityProvider identityProvider, Gateway gateway, Path configFile,
            Path stateDir) {
        this.postgres = postgres;
        this.identityProvider = identityProvider;
        this.gateway = gateway;
        this.configFile = configFile;
        this.stateDir = stateDir;
    }

    /**
     * Starts everything; on failure, stops what had started. The gateway records every session into
     * {@code stateDir/audit}, with a checkpoint key made on the first start and kept.
     *
     * @param stateDir      where the keys, certificate, configuration, secrets and audit records live
     * @param preferredPort the gateway port to try first
     * @param idpStateFile  the identity provider's state file name inside {@code stateDir}
     */
    public static Demo start(Path stateDir, int preferredPort, String idpStateFile) throws Exception {
        Files.createDirectories(stateDir);
        auditKey(stateDir);
        LocalPostgres postgres = LocalPostgres.start(LocalPostgres.Options.builder().build());
        DevIdentityProvider idp = null;
        try {
            DemoDatabase database = DemoDatabase.seed(postgres);
            idp = DevIdentityProvider.builder().stateFile(stateDir.resolve(idpStateFile)).start();
            Path config = writeConfig(stateDir, postgres, idp, database, preferredPort);
            Gateway gateway = startGateway(config, stateDir, postgres, idp, database);
            return new Demo(postgres, idp, gateway, config, stateDir);
        } catch (Exception | Error e) {
            if (idp != null) {
                idp.close();
            }
            postgres.close();
            throw e;
        }
    }

    private static Gateway startGateway(Path config, Path stateDir, LocalPostgres postgres, DevIdentityProvider idp,
            DemoDatabase database) throws Exception {
        GatewayConfig loaded = ConfigLoader.load(config);
        OidcTokenVerifier verifier = OidcTokenVerifier.builder(loaded.issuers())
                .executor(ForkJoinPool.commonPool()).build();
        try {
            return Gateway.start(loaded, verifier, stateDir);
        } catch (Exception bindFailure) {
            if (!(bindFailure instanceof java.net.BindException)) {
                throw bindFailure;
            }
            // The preferred port is taken (another demo, a local PostgreSQL): fall back to any free port.
            Path fallback = writeConfig(stateDir, postgres, idp, database, 0);
            return Gateway.start(ConfigLoader.load(fallback), verifier, stateDir);
        }
    }

    /**
     * The demo's checkpoint key, made as {@code hoopgw audit keygen} makes one on the first start and kept after,
     * so that one public key verifies the records of every demo run.
     */
    static void auditKey(Path stateDir) throws IOException {
        Path privateKey = stateDir.resolve(AUDIT_KEY);
        Path publicKey = stateDir.resolve(AUDIT_PUBLIC_KEY);
        if (!Files.exists(privateKey)) {
            AuditKeys.write(AuditKeys.generate(AuditKeys.Algorithm.ED25519), privateKey, publicKey);
        } else if (!Files.exists(publicKey)) {
            Files.writeString(publicKey, AuditKeys.read(privateKey).toPublicJWK().toJSONString() + "\n",
                    StandardCharsets.UTF_8);
        }
    }

    private static Path writeConfig(Path stateDir, LocalPostgres postgres, DevIdentityProvider idp,
            DemoDatabase database, int port) throws IOException {
        Path secrets = Files.createDirectories(stateDir.resolve("secrets"));
        Path writer = writeSecret(secrets.resolve(DemoDatabase.WRITER_ROLE), database.writerPassword());
        Path reader = writeSecret(secrets.resolve(DemoDatabase.READER_ROLE), database.readerPassword());
        String yaml = """
                # Written by `hoopgw demo`: an ordinary gateway configuration for the demo's parts.
                listeners:
                  - host: 127.0.0.1
                    port: %d
                    tls: {selfSigned: true}
                issuers:
                  - issuer: %s
                    audience: %s
                    groupsClaim: groups
                targets:
                  demo:
                    host: %s
                    port: %d
                    database: %s
                    tls: {mode: disable}
                    defaultRole: %s
                    roles:
                      %s: {password: {file: %s}}
                      %s: {password: {file: %s}}
                grants:
                  - name: writers
                    groups: [%s]
                    targets: [demo]
                    roles: [%s, %s]
                  - name: readers
                    groups: [%s]
                    targets: [demo]
                    roles: [%s]
                audit:
                  directory: %s
                  signingKey: {file: %s}
                """.formatted(port, idp.issuer(), idp.audience(), postgres.host(), postgres.port(),
                DemoDatabase.DATABASE, DemoDatabase.READER_ROLE,
                DemoDatabase.WRITER_ROLE, writer, DemoDatabase.READER_ROLE, reader,
                WRITERS, DemoDatabase.WRITER_ROLE, DemoDatabase.READER_ROLE,
                READERS, DemoDatabase.READER_ROLE,
                stateDir.resolve(AUDIT_DIRECTORY), stateDir.resolve(AUDIT_KEY));
        Path config = stateDir.resolve("gateway.yaml");
        Files.writeString(config, yaml, StandardCharsets.UTF_8);
        return config;
    }

    private static Path writeSecret(Path file, String secret) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the file inherits the user's profile ACLs.
        }
        Files.writeString(file, secret, StandardCharsets.UTF_8);
        return file;
    }

    /** The gateway's port. */
    public int port() {
        return gateway.port();
    }

    /** A fresh token for {@code user} in {@code groups}. */
    public String token(String user, List<String> groups) {
        return identityProvider.mint(user, groups, TOKEN_LIFETIME);
    }

    /** Where the gateway records sessions. */
    public Path auditDirectory() {
        return stateDir.resolve(AUDIT_DIRECTORY);
    }

    /** The public checkpoint key that verifies the records. */
    public Path auditPublicKey() {
        return stateDir.resolve(AUDIT_PUBLIC_KEY);
    }

    /**
     * What the demo prints once running: where things are, a psql line for each of two identities, and the
     * commands that read and verify what the gateway recorded.
     */
    public String instructions() {
        return """

                hoopgw demo is running.
                  gateway            127.0.0.1:%d (TLS, self-signed certificate; configuration: %s)
                  PostgreSQL         %s:%d (embedded; only the gateway knows the app_rw/app_ro passwords)
                  identity provider  %s (development only)

                alice, group %s: may read and write (upstream role app_rw)
                  %s

                bob, group %s: may only read (upstream role app_ro)
                  %s

                Every session and statement is recorded (hash-chained, signed) in %s.
                List the sessions, show one, and verify that the records are complete and unaltered:
                  ./hoopgw audit sessions %s
                  ./hoopgw audit show %s SESSION_ID
                  ./hoopgw audit verify %s --key %s

                Tokens are valid for %d hours. Mint more with:
                  ./hoopgw token --user carol --groups %s
                Press Ctrl-C to stop; everything the demo started stops with it.
                """.formatted(port(), configFile, postgres.host(), postgres.port(), identityProvider.issuer(),
                WRITERS, psqlLine(token("alice", List.of(WRITERS)), DemoDatabase.WRITER_ROLE),
                READERS, psqlLine(token("bob", List.of(READERS)), DemoDatabase.READER_ROLE),
                auditDirectory(), auditDirectory(), auditDirectory(), auditDirectory(), auditPublicKey(),
                TOKEN_LIFETIME.toHours(), READERS);
    }

    private String psqlLine(String token, String role) {
        return "PGPASSWORD=" + token + " psql \"host=127.0.0.1 port=" + port() + " dbname=demo user=" + role
                + " sslmode=require\"";
    }

    /** Stops the gateway (which seals its audit records), the identity provider and PostgreSQL. */
    @Override
    public void close() {
        gateway.close();
        identityProvider.close();
        postgres.close();
    }
}
