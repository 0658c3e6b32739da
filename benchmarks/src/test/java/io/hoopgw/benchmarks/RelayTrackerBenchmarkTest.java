package io.hoopgw.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs each benchmark method of {@link RelayTrackerBenchmark} once, outside JMH, and checks its result: a benchmark
 * that measures the wrong thing (a read that is not all whole DataRows, a tracker left mid-message) gives a number
 * that means nothing. Leaks fail the class (gateway-core's extension). No timing is asserted.
 */
class RelayTrackerBenchmarkTest {
    @ParameterizedTest
    @CsvSource({"pgbench-select, 1, 4289", "wide-row, 20, 160"})
    void relayTrackerForwardsTheWholeReadAndDecodeSeesEveryRow(String shape, int columns, int messages) {
        RelayTrackerBenchmark benchmark = new RelayTrackerBenchmark();
        benchmark.shape = shape;
        benchmark.setUp();
        try {
            assertThat(benchmark.messagesPerRead()).isEqualTo(messages);
            int forwarded = benchmark.track();
            assertThat(forwarded).isGreaterThan(RelayTrackerBenchmark.READ_SIZE - 1024)
                    .isLessThanOrEqualTo(RelayTrackerBenchmark.READ_SIZE);
            assertThat(benchmark.headersSeen()).isEqualTo(messages);
            assertThat(benchmark.track()).as("the next read starts at a boundary").isEqualTo(forwarded);
            assertThat(benchmark.decodeEach()).isEqualTo(messages * columns);
        } finally {
            benchmark.tearDown();
        }
    }
}
