package io.hoopgw.server.postgres;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Starts the official {@code postgres} image through Testcontainers when a Docker engine answers. Testcontainers'
 * Ryuk sidecar removes the container if this JVM dies.
 *
 * <p>Inside the container the client's address is the Docker network's gateway, not 127.0.0.1, so the default rule
 * is {@code host all all all scram-sha-256}; the published port is bound to the host's loopback address when the
 * engine runs on this machine, which keeps "this machine only". Extra pg_hba lines are used as given and see
 * addresses as the container does. The container's own socket allows local trust, which the image's entrypoint
 * needs while it initialises the cluster; only processes inside the container can reach it.
 */
final class ContainerLauncher implements Launcher {
    static final DockerImageName IMAGE = DockerImageName.parse("postgres:17-alpine");
    /** How long the check for a Docker engine may take before it counts as "no". */
    static final Duration DOCKER_CHECK_TIMEOUT = Duration.ofSeconds(5);
    private static final String HBA_PATH = "/etc/hoopgw/pg_hba.conf";
    private static final int CONTAINER_PORT = 5432;

    @Override
    public LocalPostgres.Strategy strategy() {
        return LocalPostgres.Strategy.TESTCONTAINERS;
    }

    @Override
    public StartedServer start(LocalPostgres.Options options, String password) throws LaunchFailedException {
        Optional<String> unavailable = dockerUnavailableReason();
        if (unavailable.isPresent()) {
            throw new LaunchFailedException(unavailable.get());
        }
        boolean localEngine = isLoopback(DockerClientFactory.instance().dockerHostIpAddress());
        PostgreSQLContainer container = new PostgreSQLContainer(IMAGE)
                .withUsername(options.superuser())
                .withPassword(password)
                .withDatabaseName("postgres")
                .withCopyToContainer(Transferable.of(ServerConfigFiles.hba(options.hbaLines(),
                        List.of("local all all trust", "host all all all scram-sha-256")), 0644), HBA_PATH)
                .withCommand(command(options.serverSettings()));
        if (localEngine) {
            Ports.Binding binding = options.port() == 0
                    ? Ports.Binding.bindIp("127.0.0.1")
                    : Ports.Binding.bindIpAndPort("127.0.0.1", options.port());
            container.withCreateContainerCmdModifier(create -> create.getHostConfig()
                    .withPortBindings(new PortBinding(binding, ExposedPort.tcp(CONTAINER_PORT))));
        }
        try {
            container.start();
        } catch (RuntimeException e) {
            container.close();
            throw new LaunchFailedException("the " + IMAGE + " container did not start: " + e.getMessage(), e);
        }
        String host = localEngine ? "127.0.0.1" : container.getHost();
        return new StartedServer(host, container.getMappedPort(CONTAINER_PORT), Optional.empty(), Optional.empty(),
                "PostgreSQL in container " + IMAGE + " " + container.getContainerId(), container::close);
    }

    /**
     * Asks Testcontainers whether a Docker engine answers, giving up after {@link #DOCKER_CHECK_TIMEOUT} (an engine
     * address that does not answer can otherwise make the check hang).
     *
     * @return empty when an engine answered, otherwise why not
     */
    static Optional<String> dockerUnavailableReason() {
        CompletableFuture<Boolean> check = new CompletableFuture<>();
        Thread checker = new Thread(() -> {
            try {
                check.complete(DockerClientFactory.instance().isDockerAvailable());
            } catch (RuntimeException | LinkageError e) {
                check.completeExceptionally(e);
            }
        }, "hoopgw-docker-check");
        checker.setDaemon(true);
        checker.start();
        try {
            return check.get(DOCKER_CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    ? Optional.empty()
                    : Optional.of("no Docker engine answered (Testcontainers looked at DOCKER_HOST,"
                            + " ~/.testcontainers.properties, /var/run/docker.sock and the rootless and Desktop"
                            + " sockets)");
        } catch (TimeoutException e) {
            return Optional.of("the Docker engine did not answer within " + DOCKER_CHECK_TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException e) {
            return Optional.of("the Docker check failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while checking for a Docker engine");
        }
    }

    private static String[] command(Map<String, String> settings) {
        List<String> command = new ArrayList<>(List.of("postgres", "-c", "hba_file=" + HBA_PATH));
        settings.forEach((name, value) -> {
            command.add("-c");
            command.add(name + "=" + value);
        });
        return command.toArray(String[]::new);
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
    }
}
