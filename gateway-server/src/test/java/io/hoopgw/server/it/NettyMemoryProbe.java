package io.hoopgw.server.it;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.internal.PlatformDependent;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Samples, on a background thread, how much buffer memory Netty holds in this JVM, and keeps the peak.
 *
 * <p>The gateway runs inside the test JVM, so the heap is shared with the clients under test and says nothing about
 * what the gateway buffers. Netty's allocators do: every buffer the gateway reads into or queues for writing comes
 * from {@link ByteBufAllocator#DEFAULT} (the adaptive allocator in Netty 4.2, which the channels use unless told
 * otherwise), and nothing else in the test JVM allocates from it — pgjdbc and the raw test client do not use Netty,
 * and the test identity provider is the JDK's HTTP server. {@link PooledByteBufAllocator#DEFAULT} is added in case a
 * configuration selects it. The allocators report memory they reserved (whole chunks), an upper bound on what live
 * buffers hold. {@link PlatformDependent#usedDirectMemory()} is sampled too when Netty tracks it (it is -1 when
 * Netty lets the JDK's cleaner manage direct memory): it counts direct memory of any Netty allocator.
 *
 * <p>Allocators keep chunks they reserved for reuse, so a test JVM that ran other tests starts with some memory
 * already reserved; peaks are therefore reported above the level seen when the probe started. Chunks that were
 * reserved but free at the start are reused without showing, so that figure understates by at most what was free
 * then (a few MiB after the tests of this package).
 */
final class NettyMemoryProbe implements AutoCloseable {
    /**
     * What the gateway may hold while relaying one large result, above what it held before.
     *
     * <p>Its live buffers are far smaller: the relay stops reading upstream while the client channel's outbound
     * buffer is above Netty's high-water mark (64 KiB), so it holds that buffer, the one read that crossed the mark
     * (at most 64 KiB) and, with TLS, the records encrypted from them. But the adaptive allocator reserves memory in
     * chunks of up to 8 MiB, direct and heap buffers in separate chunks (socket reads are direct; TLS also uses
     * heap buffers), and the metrics count chunks: two of the largest make the bound. A relay that kept reading for a
     * slow client shows the result itself here: over 100 MiB for {@link SlowClientBackpressureIT}'s 100 MB result,
     * measured with the relay's writability-driven auto-read switch removed.
     */
    static final long GATEWAY_BUFFER_BOUND = 16L * 1024 * 1024;

    private static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final long baselineAllocators = allocatorsNow();
    private final long baselinePlatformDirect = PlatformDependent.usedDirectMemory();
    private final AtomicLong peakAllocators = new AtomicLong();
    private final AtomicLong peakPlatformDirect = new AtomicLong(-1);
    private final AtomicLong samples = new AtomicLong();
    private final Thread sampler;
    private volatile boolean running = true;

    private NettyMemoryProbe() {
        sampler = new Thread(this::sampleUntilClosed, "netty-memory-probe");
        sampler.setDaemon(true);
    }

    /** Starts sampling every two milliseconds. */
    static NettyMemoryProbe start() {
        NettyMemoryProbe probe = new NettyMemoryProbe();
        probe.sample();
        probe.sampler.start();
        return probe;
    }

    /** Bytes Netty's allocators hold right now (default allocator plus the pooled one when it is a different one). */
    static long allocatorsNow() {
        long used = used(ByteBufAllocator.DEFAULT);
        if (ByteBufAllocator.DEFAULT != PooledByteBufAllocator.DEFAULT) {
            used += used(PooledByteBufAllocator.DEFAULT);
        }
        return used;
    }

    /** The name of the allocator the gateway's channels use by default, for reports. */
    static String defaultAllocatorName() {
        return ByteBufAllocator.DEFAULT.getClass().getSimpleName();
    }

    /** The largest {@link #allocatorsNow()} seen so far. */
    long peakAllocatorBytes() {
        return peakAllocators.get();
    }

    /** The largest tracked direct memory seen so far, or -1 when Netty does not track it in this JVM. */
    long peakPlatformDirectBytes() {
        return peakPlatformDirect.get();
    }

    /** How many samples were taken: evidence that the probe watched the whole transfer. */
    long samples() {
        return samples.get();
    }

    /** The larger of both peaks above their levels when the probe started: the figure a bound is checked against. */
    long peakAboveBaseline() {
        long allocators = peakAllocatorBytes() - baselineAllocators;
        long platform = baselinePlatformDirect < 0 ? 0 : peakPlatformDirectBytes() - baselinePlatformDirect;
        return Math.max(allocators, platform);
    }

    /** A one-line summary for the test log. */
    String describe() {
        return String.format("%s peak %.2f MiB (%.2f MiB at start)%s; %.2f MiB above the start, over %d samples",
                defaultAllocatorName(), mib(peakAllocatorBytes()), mib(baselineAllocators),
                baselinePlatformDirect < 0 ? ", PlatformDependent.usedDirectMemory untracked"
                        : String.format(", PlatformDependent.usedDirectMemory peak %.2f MiB (%.2f MiB at start)",
                                mib(peakPlatformDirectBytes()), mib(baselinePlatformDirect)),
                mib(peakAboveBaseline()), samples());
    }

    static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.join(TimeUnit.SECONDS.toMillis(5));
        sample();
    }

    private void sampleUntilClosed() {
        while (running) {
            sample();
            LockSupport.parkNanos(INTERVAL_NANOS);
        }
    }

    private void sample() {
        peakAllocators.accumulateAndGet(allocatorsNow(), Math::max);
        peakPlatformDirect.accumulateAndGet(PlatformDependent.usedDirectMemory(), Math::max);
        samples.incrementAndGet();
    }

    private static long used(ByteBufAllocator allocator) {
        if (allocator instanceof ByteBufAllocatorMetricProvider provider) {
            ByteBufAllocatorMetric metric = provider.metric();
            return metric.usedDirectMemory() + metric.usedHeapMemory();
        }
        throw new IllegalStateException(allocator.getClass().getName() + " reports no memory metrics; "
                + "this probe cannot see what the gateway holds");
    }
}
