package io.hoopgw.server.cli;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import io.hoopgw.server.devidp.DevTokenMinter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hoopgw token --user U --groups G1,G2}: mints a token from the development identity provider's key.
 *
 * <p>With a running demo the token is for the demo's issuer. Without one, the first call creates a key in the
 * state directory for the issuer {@value #STANDALONE_ISSUER} and writes its public JWKS to {@code jwks.json} there,
 * so that a gateway configured with {@code jwksFile} accepts the tokens (benchmarks, scripted tests).
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Mint a development token (for the demo, tests and benchmarks; never for production).")
final class TokenCommand implements Callable<Integer> {
    static final String STATE_FILE = "dev-idp.json";
    static final String JWKS_FILE = "jwks.json";
    static final String STANDALONE_ISSUER = "hoopgw-dev";

    @Option(names = "--user", required = true, description = "The token's subject.")
    private String user;

    @Option(names = "--groups", split = ",", description = "Comma-separated groups.")
    private List<String> groups = List.of();

    @Option(names = "--lifetime", defaultValue = "PT1H", description = "ISO-8601 duration (default PT1H).")
    private Duration lifetime;

    @Option(names = "--state-dir", description = "The identity provider's state (default: the demo's).")
    private Path stateDir;

    @Override
    public Integer call() throws Exception {
        Path dir = stateDir == null ? StateDirectory.defaultDemo() : stateDir;
        Path stateFile = dir.resolve(STATE_FILE);
        DevTokenMinter minter;
        if (Files.exists(stateFile)) {
            minter = DevTokenMinter.load(stateFile);
        } else {
            Files.createDirectories(dir);
            minter = DevTokenMinter.generate(STANDALONE_ISSUER, DevTokenMinter.DEFAULT_AUDIENCE, JWSAlgorithm.ES256);
            minter.save(stateFile);
        }
        Path jwks = dir.resolve(JWKS_FILE);
        if (!Files.exists(jwks)) {
            Files.writeString(jwks, new JWKSet(minter.publicKey()).toString(), StandardCharsets.UTF_8);
        }
        System.out.println(minter.mint(user, groups, lifetime));
        return 0;
    }
}
