package io.hoopgw.server.cli;

import io.hoopgw.core.auth.OidcTokenVerifier;
import io.hoopgw.server.Gateway;
import io.hoopgw.server.config.ConfigException;
import io.hoopgw.server.config.ConfigLoader;
import io.hoopgw.server.config.GatewayConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hoopgw serve --config gateway.yaml}: runs the gateway until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the gateway with a configuration file.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "The gateway configuration (YAML).")
    private Path config;

    @Option(names = "--state-dir", description = "Where generated state is kept (default: $HOOPGW_HOME or ~/.hoopgw).")
    private Path stateDir;

    @Override
    public Integer call() throws Exception {
        GatewayConfig loaded;
        try {
            loaded = ConfigLoader.load(config);
        } catch (ConfigException e) {
            System.err.println("hoopgw: " + e.getMessage());
            return 2;
        }
        OidcTokenVerifier verifier = OidcTokenVerifier.builder(loaded.issuers())
                .executor(ForkJoinPool.commonPool())
                .build();
        Gateway gateway;
        try {
            gateway = Gateway.start(loaded, verifier, stateDir == null ? StateDirectory.defaultRoot() : stateDir);
        } catch (IOException e) {
            System.err.println("hoopgw: " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "hoopgw-shutdown"));
        System.out.println("hoopgw: serving on " + gateway.addresses());
        stopped.await();
        return 0;
    }
}
