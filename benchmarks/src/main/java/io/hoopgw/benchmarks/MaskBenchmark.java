package io.hoopgw.benchmarks;

import io.hoopgw.core.mask.CardNumberDetector;
import io.hoopgw.core.mask.EmailDetector;
import io.hoopgw.core.mask.IbanDetector;
import io.hoopgw.core.mask.MaskColumn;
import io.hoopgw.core.mask.MaskConfigException;
import io.hoopgw.core.mask.Masker;
import io.hoopgw.core.mask.MaskingConfig;
import io.hoopgw.core.mask.Match;
import io.hoopgw.core.mask.RowMasker;
import io.hoopgw.core.mask.SsnDetector;
import io.hoopgw.core.mask.TextProfile;
import io.hoopgw.core.mask.ValueDetector;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Inline masking: what detectors cost per value and what {@link RowMasker#maskBody} costs per row, when masking is
 * on for a caller.
 *
 * <p>Detectors run on every text value of every row, so the no-match case is the one that sets the price of a
 * masked result: it should be a single profile pass that lets no detector through. The near miss (13 digits, no
 * card) shows the cost when the profile cannot rule a card out and {@code find} must look. For rows, the unchanged
 * row allocates nothing and is forwarded as it came; the changed row is re-encoded into a new buffer.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Dio.netty.leakDetection.level=disabled")
@State(Scope.Thread)
public class MaskBenchmark {
    static final String NO_MATCH = "Alice Smith, Baker Street, London; customer since spring";
    static final String NEAR_MISS = "order 2024-11-03 ref 88123 shipped";
    static final String CARD = "paid with 4111 1111 1111 1111 on 2024-11-03";
    static final String EMAIL = "please write to alice.smith@example.com about it";
    static final String SSN = "SSN 078-05-1120 on file";
    static final String IBAN = "pay to DE89 3704 0044 0532 0130 00 by Friday";

    private static final int INT4 = 23;
    private static final int TEXT = 25;
    private static final int VARCHAR = 1043;
    private static final int DATE = 1082;

    private final ValueDetector[] detectors = {new CardNumberDetector(), new EmailDetector()};
    private final ValueDetector[] allDetectors = {new CardNumberDetector(), new EmailDetector(), new SsnDetector(),
        new IbanDetector()};
    private final List<Match> matches = new ArrayList<>();
    private RowMasker rowMasker;
    private RowMasker allRowMasker;
    private RowMasker cardEmailMasker;
    private ByteBuf plainRow;
    private ByteBuf matchingRow;
    private ByteBuf cardEmailRow;
    private ByteBuf orderRow;

    /** Builds a masker with card and e-mail detector rules, as a caller not exempt from them gets. */
    @Setup(Level.Trial)
    public void setUp() throws MaskConfigException {
        Masker masker = MaskingConfig.read("masking.rules", List.of(
                Map.of("name", "cards", "detect", "card", "strategy", "partial", "keep-last", 4),
                Map.of("name", "emails", "detect", "email", "strategy", "redact", "mask", "[email]")))
                .forGroups(Set.of("analysts"));
        List<MaskColumn> columns = List.of(text(INT4), text(TEXT), text(VARCHAR), text(DATE), text(TEXT));
        rowMasker = masker.rowMasker(columns, masker.newCounts());
        Masker all = MaskingConfig.read("masking.rules", List.of(
                Map.of("name", "cards", "detect", "card", "strategy", "partial", "keep-last", 4),
                Map.of("name", "emails", "detect", "email", "strategy", "redact", "mask", "[email]"),
                Map.of("name", "ssns", "detect", "ssn", "strategy", "redact"),
                Map.of("name", "ibans", "detect", "iban", "strategy", "partial", "keep-last", 4)))
                .forGroups(Set.of("analysts"));
        allRowMasker = all.rowMasker(columns, all.newCounts());
        // The shape of bench/masking.sh's result: an id, a card column and an e-mail column.
        cardEmailMasker = masker.rowMasker(List.of(text(INT4), text(TEXT), text(TEXT)), masker.newCounts());
        cardEmailRow = PooledByteBufAllocator.DEFAULT.directBuffer();
        Wire.writeDataRowBody(cardEmailRow, "1048576", "4111 1111 1111 1111", "user1048576@example.com");
        orderRow = PooledByteBufAllocator.DEFAULT.directBuffer();
        Wire.writeDataRowBody(orderRow, "1048576", "order 0001048576", "user1048576 at example.com");
        plainRow = PooledByteBufAllocator.DEFAULT.directBuffer();
        Wire.writeDataRowBody(plainRow, "1048576", "Alice Smith", "London", "2024-11-03", "regular customer");
        matchingRow = PooledByteBufAllocator.DEFAULT.directBuffer();
        Wire.writeDataRowBody(matchingRow, "1048576", "Alice Smith", "alice.smith@example.com", "2024-11-03",
                "regular customer");
    }

    private static MaskColumn text(int typeOid) {
        return new MaskColumn(typeOid, MaskColumn.TEXT_FORMAT, null);
    }

    /** Releases the rows. */
    @TearDown(Level.Trial)
    public void tearDown() {
        plainRow.release();
        matchingRow.release();
        cardEmailRow.release();
        orderRow.release();
    }

    /** Both detectors on an ordinary value: the profile rules them out. Returns the matches (0). */
    @Benchmark
    public int detectNoMatch() {
        return detect(NO_MATCH);
    }

    /** Both detectors on a value with 13 digits and no card: the card detector must search. Returns 0. */
    @Benchmark
    public int detectNearMiss() {
        return detect(NEAR_MISS);
    }

    /** Both detectors on a value holding a card number. Returns 1. */
    @Benchmark
    public int detectCard() {
        return detect(CARD);
    }

    /** Both detectors on a value holding an e-mail address. Returns 1. */
    @Benchmark
    public int detectEmail() {
        return detect(EMAIL);
    }

    /** A 5-column row with nothing to mask: returns 0, the row is forwarded unchanged. */
    @Benchmark
    public int maskRowNoMatch() {
        return release(rowMasker.maskBody(plainRow));
    }

    /** A 5-column row whose third column is an e-mail address: returns the rewritten message's length. */
    @Benchmark
    public int maskRowMatch() {
        return release(rowMasker.maskBody(matchingRow));
    }

    /** All four built-in detectors on an ordinary value. Returns 0. */
    @Benchmark
    public int detectAllNoMatch() {
        return detect(allDetectors, NO_MATCH);
    }

    /** All four built-in detectors on a value holding a US SSN. Returns 1. */
    @Benchmark
    public int detectAllSsn() {
        return detect(allDetectors, SSN);
    }

    /** All four built-in detectors on a value holding an IBAN (mod-97 checked). Returns 1. */
    @Benchmark
    public int detectAllIban() {
        return detect(allDetectors, IBAN);
    }

    /** The 5-column row with nothing to mask, under all four detectors: returns 0. */
    @Benchmark
    public int maskRowAllDetectorsNoMatch() {
        return release(allRowMasker.maskBody(plainRow));
    }

    /** An id, a card number and an e-mail address, both masked: returns the rewritten message's length. */
    @Benchmark
    public int maskCardEmailRow() {
        return release(cardEmailMasker.maskBody(cardEmailRow));
    }

    /** The same shape with an order reference and no address: returns 0, forwarded unchanged. */
    @Benchmark
    public int maskCardEmailRowNoMatch() {
        return release(cardEmailMasker.maskBody(orderRow));
    }

    /** As the masking pipeline runs them: one profile of the value, then {@code find} where it may match. */
    private int detect(String value) {
        return detect(detectors, value);
    }

    private int detect(ValueDetector[] detectors, String value) {
        matches.clear();
        long profile = TextProfile.scan(value);
        for (ValueDetector detector : detectors) {
            if (detector.mayOccurIn(profile)) {
                detector.find(value, matches);
            }
        }
        return matches.size();
    }

    /** The length of a rewritten row, which is released here; 0 for an unchanged one. */
    private static int release(ByteBuf rewritten) {
        if (rewritten == null) {
            return 0;
        }
        int length = rewritten.readableBytes();
        rewritten.release();
        return length;
    }
}
