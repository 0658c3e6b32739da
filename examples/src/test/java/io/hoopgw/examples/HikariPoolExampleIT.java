package io.hoopgw.examples;

import static io.hoopgw.examples.Harnesses.as;
import static io.hoopgw.examples.Harnesses.url;
import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.server.testing.GatewayHarness;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HikariPoolExampleIT {
    static GatewayHarness harness;

    @BeforeAll
    static void start() {
        harness = GatewayHarness.start();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void answersEveryQueryFromAPoolOfGatewaySessionsAndClosesThem() throws Exception {
        long upstreamBefore = harness.gateway().upstreamConnectAttempts();

        HikariPoolExample.Report report = HikariPoolExample.run(url(harness),
                as(harness, harness.writerRole(), "pool@example.com", "writers"), 4, 200);

        assertThat(report.queries()).isEqualTo(200);
        // The pool reuses its sessions: at most four upstream backends answered, and no more were opened.
        assertThat(report.sessions()).isBetween(1, 4);
        assertThat(harness.gateway().upstreamConnectAttempts() - upstreamBefore).isBetween(1L, 4L);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (harness.gateway().sessions() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(harness.gateway().sessions()).isZero();
    }

    @Test
    void mainRunsThePoolWithTheTokenFromHoopgwToken() throws Exception {
        ExampleProcess.Result result = ExampleProcess.run(HikariPoolExample.class,
                Map.of("HOOPGW_TOKEN", harness.token("reader@example.com", "readers")),
                url(harness), harness.readerRole());

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).matches("100 queries over [1-4] pooled gateway sessions\\R");
    }
}
