package io.hoopgw.audit.read;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/** Exports records as JSON lines (one object per record, for SIEM ingestion), streaming. */
public final class JsonExport {
    private static final JsonFactory JSON = new JsonFactory();

    private JsonExport() {
    }

    /**
     * Writes every record at or after {@code since} (null for all) to {@code out}, one JSON object per line.
     *
     * @param progress called with the number of records read, every 10,000 records
     * @return the number of records written
     */
    public static long write(Path dir, Instant since, Writer out, Consumer<ReadProblem> problems,
            LongConsumer progress) throws IOException {
        long[] counts = new long[2];
        JsonGenerator g = JSON.createGenerator(out);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        try {
            AuditReader.forEach(dir, entry -> {
                if (++counts[0] % 10_000 == 0) {
                    progress.accept(counts[0]);
                }
                if (since != null && entry.record().getTime().isBefore(since)) {
                    return;
                }
                try {
                    RecordJson.write(g, entry);
                    g.flush();
                    out.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                counts[1]++;
            }, problems);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        g.flush();
        return counts[1];
    }

    /** Writes the records of one session as a JSON array (for {@code show --format json}). */
    static long writeArray(Path dir, String sessionId, Writer out, Consumer<ReadProblem> problems)
            throws IOException {
        long[] count = {0};
        JsonGenerator g = JSON.createGenerator(out).useDefaultPrettyPrinter();
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.writeStartArray();
        try {
            AuditReader.forEach(dir, entry -> {
                if (sessionId.equals(entry.sessionId())) {
                    try {
                        RecordJson.write(g, entry);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    count[0]++;
                }
            }, problems);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        g.writeEndArray();
        g.flush();
        out.write('\n');
        return count[0];
    }
}
