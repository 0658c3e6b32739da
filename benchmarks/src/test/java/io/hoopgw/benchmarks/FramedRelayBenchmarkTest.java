package io.hoopgw.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs {@link FramedRelayBenchmark#read} a few times per path and shape, outside JMH, and checks that each read
 * reached the client whole (or masked, where masking has something to mask) and that the recording path really
 * recorded: a benchmark whose session failed or recorded nothing would time the wrong thing. Leaks fail the class
 * (gateway-core's extension). No timing is asserted.
 */
class FramedRelayBenchmarkTest {
    @ParameterizedTest
    @CsvSource({
        "relay, series, 1236, false", "framed, series, 1236, false", "recording, series, 1236, false",
        "masking, series, 1236, false", "relay, cards, 992, false", "recording, cards, 992, false",
        "masking, cards, 992, true", "relay, plain, 992, false", "masking, plain, 992, false"})
    void eachReadReachesTheClient(String path, String shape, int rows, boolean masked) throws Exception {
        FramedRelayBenchmark benchmark = new FramedRelayBenchmark();
        benchmark.path = path;
        benchmark.shape = shape;
        benchmark.setUp();
        try {
            assertThat(benchmark.rowsPerRead()).isEqualTo(rows);
            long before = benchmark.forwarded();
            int first = benchmark.read();
            int second = benchmark.read();
            assertThat(second).isEqualTo(first);
            if (masked) {
                // Every card keeps its last 4 digits and every address becomes "[email]": shorter rows.
                assertThat(first).isPositive().isLessThan(FramedRelayBenchmark.READ_SIZE - 1024);
            } else {
                assertThat(first).isGreaterThan(FramedRelayBenchmark.READ_SIZE - 1024)
                        .isLessThanOrEqualTo(FramedRelayBenchmark.READ_SIZE);
            }
            assertThat(benchmark.forwarded() - before).isEqualTo(2L * first);
            if (path.equals("recording")) {
                try (Stream<java.nio.file.Path> files = Files.list(benchmark.auditDirectory())) {
                    assertThat(files.filter(f -> f.getFileName().toString().endsWith(".avro")))
                            .as("the session's records").isNotEmpty();
                }
            }
        } finally {
            benchmark.tearDown();
        }
    }
}
