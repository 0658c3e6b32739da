package io.hoopgw.server.it;

import io.hoopgw.audit.read.AuditEntry;
import io.hoopgw.audit.read.AuditReader;
import io.hoopgw.audit.read.ReadProblem;
import io.hoopgw.audit.read.Timeline;
import io.hoopgw.audit.schema.BindStatement;
import io.hoopgw.audit.schema.ExecuteStatement;
import io.hoopgw.audit.schema.ParseStatement;
import io.hoopgw.audit.schema.QueryStatement;
import io.hoopgw.audit.schema.ResultSummary;
import io.hoopgw.audit.schema.SessionEnded;
import io.hoopgw.audit.schema.SessionStarted;
import io.hoopgw.audit.schema.StatementOutcome;
import io.hoopgw.audit.schema.Value;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The records of one session, found by the {@code application_name} its client sent, read with the audit reader
 * once the session's end is recorded. Offers the look-ups integration tests assert on: the statement records, and
 * the outcome and results of each statement number.
 */
final class RecordedSession {
    private final Path dir;
    private final String id;
    private final List<Object> payloads;

    private RecordedSession(Path dir, String id, List<Object> payloads) {
        this.dir = dir;
        this.id = id;
        this.payloads = payloads;
    }

    /**
     * Reads the session whose client named itself {@code applicationName}, waiting (up to 10 s) until its end
     * is recorded and the directory reads without problems (the writer may be in the middle of a block).
     */
    static RecordedSession await(Path dir, String applicationName) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            List<String> seen = new ArrayList<>();
            Optional<RecordedSession> session = read(dir, applicationName, seen);
            if (session.isPresent()) {
                return session.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no complete record of session " + applicationName + " in " + dir + ": "
                        + seen);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static Optional<RecordedSession> read(Path dir, String applicationName, List<String> seen) {
        List<AuditEntry> entries = new ArrayList<>();
        List<ReadProblem> problems = new ArrayList<>();
        try {
            AuditReader.forEach(dir, entries::add, problems::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!problems.isEmpty()) {
            seen.add("problems " + problems);
            return Optional.empty();
        }
        String id = null;
        for (AuditEntry entry : entries) {
            if (entry.record().getPayload() instanceof SessionStarted started) {
                seen.add("session of " + started.getConnection().getApplicationName());
                if (applicationName.equals(started.getConnection().getApplicationName())) {
                    id = started.getSessionId();
                }
            }
        }
        if (id == null) {
            return Optional.empty();
        }
        List<Object> payloads = new ArrayList<>();
        for (AuditEntry entry : entries) {
            if (id.equals(entry.sessionId())) {
                payloads.add(entry.record().getPayload());
            }
        }
        if (!(payloads.get(payloads.size() - 1) instanceof SessionEnded)) {
            seen.add("no end yet, last record " + payloads.get(payloads.size() - 1));
            return Optional.empty();
        }
        return Optional.of(new RecordedSession(dir, id, payloads));
    }

    /** Every record of the session, in order. */
    List<Object> payloads() {
        return payloads;
    }

    /** The records of one type, in order. */
    <T> List<T> all(Class<T> type) {
        return payloads.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The one record of {@code type} (fails when there is not exactly one). */
    <T> T only(Class<T> type) {
        List<T> found = all(type);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + " but found " + found.size() + "\n"
                    + timeline());
        }
        return found.get(0);
    }

    /** The Query statement records whose text is exactly {@code text}. */
    List<QueryStatement> queries(String text) {
        return all(QueryStatement.class).stream().filter(q -> q.getText().equals(text)).toList();
    }

    /** The one Query statement record of {@code text}. */
    QueryStatement query(String text) {
        List<QueryStatement> found = queries(text);
        if (found.size() != 1) {
            throw new AssertionError("expected one query '" + text + "' but found " + found.size() + "\n"
                    + timeline());
        }
        return found.get(0);
    }

    /** The Parse records of {@code text}. */
    List<ParseStatement> parses(String text) {
        return all(ParseStatement.class).stream().filter(p -> p.getText().equals(text)).toList();
    }

    /** The Bind records of the prepared statement text {@code text}. */
    List<BindStatement> binds(String text) {
        return all(BindStatement.class).stream().filter(b -> text.equals(b.getText())).toList();
    }

    /** The Execute records whose statement text is {@code text}. */
    List<ExecuteStatement> executes(String text) {
        return all(ExecuteStatement.class).stream().filter(e -> text.equals(e.getText())).toList();
    }

    /** The outcome of statement {@code statement} (fails when there is not exactly one). */
    StatementOutcome outcome(long statement) {
        List<StatementOutcome> found = all(StatementOutcome.class).stream()
                .filter(o -> o.getStatement() == statement).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one outcome of statement " + statement + " but found "
                    + found.size() + "\n" + timeline());
        }
        return found.get(0);
    }

    /** The result summary of statement {@code statement} (fails when there is not exactly one). */
    ResultSummary result(long statement) {
        List<ResultSummary> found = all(ResultSummary.class).stream()
                .filter(r -> r.getStatement() == statement).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one result of statement " + statement + " but found "
                    + found.size() + "\n" + timeline());
        }
        return found.get(0);
    }

    /** Whether any result summary belongs to statement {@code statement}. */
    boolean hasResult(long statement) {
        return all(ResultSummary.class).stream().anyMatch(r -> r.getStatement() == statement);
    }

    /** The sampled rows of a result as text, NULL as null (binary values the decoder could not read fail). */
    static List<List<String>> rows(ResultSummary result) {
        return result.getSample().stream().map(row -> row.getValues().stream().map(RecordedSession::text)
                .toList()).toList();
    }

    /** A recorded value as text, NULL as null; fails for a value kept only as raw bytes. */
    static String text(Value value) {
        if (value.getIsNull()) {
            return null;
        }
        if (value.getText() == null) {
            throw new AssertionError("value of type " + value.getTypeOid() + " was not decoded");
        }
        return value.getText();
    }

    /** The session as {@code hoopgw audit show} prints it, for failure messages. */
    String timeline() {
        StringWriter out = new StringWriter();
        try {
            Timeline.write(dir, id, Timeline.Format.TEXT, out, problem -> out.write("problem: " + problem + "\n"));
        } catch (IOException e) {
            return "(timeline unreadable: " + e + ")";
        }
        return out.toString();
    }

    /** A text-format DataRow message, tag to last byte, as PostgreSQL sends it; null for NULL. */
    static byte[] dataRow(String... values) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(values.length >> 8);
        body.write(values.length);
        for (String value : values) {
            byte[] bytes = value == null ? null : value.getBytes(StandardCharsets.UTF_8);
            writeInt(body, bytes == null ? -1 : bytes.length);
            if (bytes != null) {
                body.writeBytes(bytes);
            }
        }
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.write('D');
        writeInt(message, body.size() + 4);
        message.writeBytes(body.toByteArray());
        return message.toByteArray();
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }

    /** SHA-256 over the parts in order, as the recorder digests what it saw. */
    static byte[] sha256(List<byte[]> parts) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        parts.forEach(digest::update);
        return digest.digest();
    }
}
