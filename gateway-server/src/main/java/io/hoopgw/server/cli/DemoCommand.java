package io.hoopgw.server.cli;

import io.hoopgw.server.demo.Demo;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hoopgw demo}: an embedded PostgreSQL, a local development identity provider and the gateway, in one
 * process, with ready-to-paste psql lines for two identities.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a self-contained demo: embedded PostgreSQL, dev identity provider, gateway (TLS).")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "6432",
            description = "Gateway port (default 6432; a free port is used when it is taken).")
    private int port;

    @Option(names = "--state-dir", description = "Demo state: dev identity-provider key, certificate, audit "
            + "records and their checkpoint key (default: $HOOPGW_HOME/demo or ~/.hoopgw/demo).")
    private Path stateDir;

    @Override
    public Integer call() throws Exception {
        Path dir = stateDir == null ? StateDirectory.defaultDemo() : stateDir;
        System.out.println("hoopgw demo: starting (the first start may download PostgreSQL binaries)...");
        Demo demo = Demo.start(dir, port, TokenCommand.STATE_FILE);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            demo.close();
            stopped.countDown();
        }, "hoopgw-demo-shutdown"));
        System.out.println(demo.instructions());
        System.out.flush();
        stopped.await();
        return 0;
    }
}
