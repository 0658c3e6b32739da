package io.hoopgw.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * {@link FramedRelayBenchmark#read} timed by the thread's CPU time instead of the wall clock, for comparing two
 * builds on a machine that other work shares: time spent waiting for a core does not count, so alternating runs
 * of two jars agree to a few percent where JMH's scores swing by half.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.hoopgw.benchmarks.FramedRelayCpuTime recording series 4
 * </pre>
 *
 * <p>Arguments: the benchmark's {@code path} and {@code shape} parameters and the seconds to measure (after 3 s of
 * warm-up). Prints the best, first quartile and median CPU time per read and per row over 20 batches.
 */
public final class FramedRelayCpuTime {
    private static final int BATCHES = 20;

    private FramedRelayCpuTime() {
    }

    /** Runs the measurement; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: FramedRelayCpuTime PATH SHAPE SECONDS (e.g. recording series 4)");
            System.exit(2);
        }
        FramedRelayBenchmark benchmark = new FramedRelayBenchmark();
        benchmark.path = args[0];
        benchmark.shape = args[1];
        long seconds = Long.parseLong(args[2]);
        benchmark.setUp();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sink = 0;
        try {
            long warmUpEnd = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < warmUpEnd) {
                sink += benchmark.read();
            }
            long calibration = threads.getCurrentThreadCpuTime();
            int reads = 0;
            while (threads.getCurrentThreadCpuTime() - calibration < 50_000_000L) {
                sink += benchmark.read();
                reads++;
            }
            long perBatch = Math.max(1, (long) (reads * (seconds * 1e9 / BATCHES) / 50e6));
            double[] cpu = new double[BATCHES];
            for (int b = 0; b < BATCHES; b++) {
                long start = threads.getCurrentThreadCpuTime();
                for (long i = 0; i < perBatch; i++) {
                    sink += benchmark.read();
                }
                cpu[b] = (threads.getCurrentThreadCpuTime() - start) / (double) perBatch;
            }
            Arrays.sort(cpu);
            int rows = benchmark.rowsPerRead();
            System.out.printf("%s %s, %d rows per read: CPU ns per read best %.0f, p25 %.0f, median %.0f; "
                    + "per row best %.1f, median %.1f (%d bytes forwarded)%n", args[0], args[1], rows, cpu[0],
                    cpu[BATCHES / 4], cpu[BATCHES / 2], cpu[0] / rows, cpu[BATCHES / 2] / rows, sink);
        } finally {
            benchmark.tearDown();
        }
    }
}
