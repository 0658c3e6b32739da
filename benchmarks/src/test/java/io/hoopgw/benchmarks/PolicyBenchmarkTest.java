package io.hoopgw.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.core.sql.StatementClass;
import org.junit.jupiter.api.Test;

/**
 * Runs each benchmark method of {@link PolicyBenchmark} once, outside JMH, and checks its result: a benchmark that
 * measures the wrong thing (a query the policy denies, a statement classified as unknown) gives a number that means
 * nothing. Leaks fail the class (gateway-core's extension). No timing is asserted.
 */
class PolicyBenchmarkTest {
    @Test
    void policyAllowsBothQueriesAndClassifiesThemAsReads() throws Exception {
        PolicyBenchmark benchmark = new PolicyBenchmark();
        benchmark.setUp();
        assertThat(benchmark.decideCacheHit().allowed()).isTrue();
        assertThat(benchmark.decideCacheMiss().allowed()).isTrue();
        assertThat(benchmark.decideCacheHit().rule()).isEqualTo("analysts-read-only");
        assertThat(benchmark.classifyPgbenchSelect().statementClass()).isEqualTo(StatementClass.READ);
        assertThat(benchmark.classifyPgbenchSelect().reads()).hasSize(1);
        assertThat(benchmark.classifyJdbcGetTables().statementClass()).isEqualTo(StatementClass.READ);
    }
}
