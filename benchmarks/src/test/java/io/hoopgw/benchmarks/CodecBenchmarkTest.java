package io.hoopgw.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Runs each benchmark method of {@link CodecBenchmark} once, outside JMH, and checks its result: a benchmark that
 * measures the wrong thing (a body not rewound, a decode of the wrong column) gives a number that means nothing.
 * Leaks fail the class (gateway-core's extension). No timing is asserted.
 */
class CodecBenchmarkTest {
    @Test
    void codecDecodesAndEncodesTheExpectedMessages() {
        CodecBenchmark benchmark = new CodecBenchmark();
        benchmark.setUp();
        try {
            assertThat(benchmark.decodeBind()).as("last parameter: the timestamp text").isEqualTo(29);
            assertThat(benchmark.decodeBind()).as("the body is rewound each time").isEqualTo(29);
            assertThat(benchmark.decodeDataRow()).as("third column: the e-mail address").isEqualTo(23);
            int length = benchmark.encodeErrorResponse();
            assertThat(benchmark.encodeErrorResponse()).isEqualTo(length).isGreaterThan(100);
        } finally {
            benchmark.tearDown();
        }
    }
}
