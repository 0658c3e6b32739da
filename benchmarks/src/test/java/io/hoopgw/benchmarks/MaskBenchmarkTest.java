package io.hoopgw.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Runs each benchmark method of {@link MaskBenchmark} once, outside JMH, and checks its result: a benchmark that
 * measures the wrong thing (a value that does not match, a row that is not rewritten) gives a number that means
 * nothing. Leaks fail the class (gateway-core's extension). No timing is asserted.
 */
class MaskBenchmarkTest {
    @Test
    void maskerFindsExactlyTheValuesThatMatch() throws Exception {
        MaskBenchmark benchmark = new MaskBenchmark();
        benchmark.setUp();
        try {
            assertThat(benchmark.detectNoMatch()).isZero();
            assertThat(benchmark.detectNearMiss()).isZero();
            assertThat(benchmark.detectCard()).isEqualTo(1);
            assertThat(benchmark.detectEmail()).isEqualTo(1);
            assertThat(benchmark.maskRowNoMatch()).as("unchanged rows are forwarded as they came").isZero();
            assertThat(benchmark.maskRowMatch()).as("tag, length, count, 5 columns with [email]")
                    .isEqualTo(1 + 4 + 2 + 5 * 4 + "1048576Alice Smith[email]2024-11-03regular customer".length());
            assertThat(benchmark.detectAllNoMatch()).isZero();
            assertThat(benchmark.detectAllSsn()).isEqualTo(1);
            assertThat(benchmark.detectAllIban()).isEqualTo(1);
            assertThat(benchmark.maskRowAllDetectorsNoMatch()).isZero();
            assertThat(benchmark.maskCardEmailRow()).as("tag, length, count, 3 columns, card and address masked")
                    .isEqualTo(1 + 4 + 2 + 3 * 4 + "1048576************1111[email]".length());
            assertThat(benchmark.maskCardEmailRowNoMatch()).isZero();
        } finally {
            benchmark.tearDown();
        }
    }
}
