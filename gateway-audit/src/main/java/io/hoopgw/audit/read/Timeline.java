package io.hoopgw.audit.read;

import io.hoopgw.audit.schema.BindStatement;
import io.hoopgw.audit.schema.Column;
import io.hoopgw.audit.schema.CopySummary;
import io.hoopgw.audit.schema.ExecuteStatement;
import io.hoopgw.audit.schema.LoginRefused;
import io.hoopgw.audit.schema.Notice;
import io.hoopgw.audit.schema.Notification;
import io.hoopgw.audit.schema.ParseStatement;
import io.hoopgw.audit.schema.PolicyDecision;
import io.hoopgw.audit.schema.QueryStatement;
import io.hoopgw.audit.schema.ResultSummary;
import io.hoopgw.audit.schema.Row;
import io.hoopgw.audit.schema.SessionEnded;
import io.hoopgw.audit.schema.SessionStarted;
import io.hoopgw.audit.schema.StatementOutcome;
import io.hoopgw.audit.schema.Value;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/** Shows one session as a timeline: text for people, or a JSON array of its records. Streams. */
public final class Timeline {
    /** Output formats. */
    public enum Format {
        /** One readable line (or a few) per event. */
        TEXT,
        /** A JSON array of the session's records, as {@link JsonExport} writes them. */
        JSON
    }

    private Timeline() {
    }

    /**
     * Writes session {@code sessionId}.
     *
     * @return the number of records shown (0 when the session is not in the directory)
     */
    public static long write(Path dir, String sessionId, Format format, Writer out, Consumer<ReadProblem> problems)
            throws IOException {
        if (format == Format.JSON) {
            return JsonExport.writeArray(dir, sessionId, out, problems);
        }
        long[] count = {0};
        try {
            AuditReader.forEach(dir, entry -> {
                if (!sessionId.equals(entry.sessionId())) {
                    return;
                }
                count[0]++;
                try {
                    out.write(entry.record().getTime() + "  #" + entry.record().getSequence() + "  "
                            + describe(entry.record().getPayload()) + "\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, problems);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        out.flush();
        return count[0];
    }

    static String describe(Object payload) {
        if (payload instanceof SessionStarted s) {
            return "SESSION START " + s.getIdentity().getSubject() + " (" + s.getIdentity().getIssuer() + ", groups "
                    + s.getIdentity().getGroups() + ", jti " + s.getIdentity().getTokenId() + ") from "
                    + s.getConnection().getClientAddress() + ":" + s.getConnection().getClientPort() + " "
                    + (s.getConnection().getTlsVersion() == null ? "plaintext" : s.getConnection().getTlsVersion())
                    + ", application " + s.getConnection().getApplicationName() + " -> target " + s.getTarget()
                    + " as " + s.getUpstreamRole() + " via " + s.getConnection().getGatewayInstance();
        } else if (payload instanceof LoginRefused r) {
            return "LOGIN REFUSED (" + r.getFailedCheck() + ", " + r.getSqlState() + ": " + r.getMessage() + ")";
        } else if (payload instanceof QueryStatement q) {
            return "[" + q.getStatement() + "] QUERY" + (q.getParts() > 1 ? " (" + q.getPart() + "/" + q.getParts()
                    + ")" : "") + ": " + q.getText();
        } else if (payload instanceof ParseStatement p) {
            return "[" + p.getStatement() + "] PARSE " + quoted(p.getName()) + " types " + p.getParameterTypes()
                    + ": " + p.getText();
        } else if (payload instanceof BindStatement b) {
            StringBuilder s = new StringBuilder("[" + b.getStatement() + "] BIND portal " + quoted(b.getPortal())
                    + " statement " + quoted(b.getStatementName()));
            List<Value> values = b.getParameters();
            for (int i = 0; i < values.size(); i++) {
                s.append(i == 0 ? ": " : ", ").append('$').append(i + 1).append('=').append(value(values.get(i)));
            }
            return s.toString();
        } else if (payload instanceof ExecuteStatement e) {
            return "[" + e.getStatement() + "] EXECUTE portal " + quoted(e.getPortal())
                    + (e.getMaxRows() > 0 ? " max " + e.getMaxRows() + " rows" : "")
                    + (e.getText() == null ? "" : ": " + e.getText());
        } else if (payload instanceof PolicyDecision d) {
            return "[" + d.getStatement() + "] POLICY " + (d.getAllowed() ? "allowed" : "DENIED")
                    + (d.getRule() == null ? "" : " by " + d.getRule()) + ": " + d.getReason();
        } else if (payload instanceof StatementOutcome o) {
            String what = switch (o.getKind()) {
                case COMPLETED -> o.getCommandTag();
                case FAILED -> "ERROR " + o.getSqlState() + ": " + o.getMessage();
                case EMPTY_QUERY -> "empty query";
                case SUSPENDED -> "portal suspended after " + o.getRows() + " rows";
            };
            return "[" + o.getStatement() + "] OUTCOME " + what + " (" + o.getDurationMicros() / 1000.0 + " ms)";
        } else if (payload instanceof ResultSummary r) {
            return result(r);
        } else if (payload instanceof CopySummary c) {
            return "[" + c.getStatement() + "] COPY " + (c.getDirection().name().equals("IN") ? "FROM STDIN" : "TO STDOUT")
                    + (c.getBinary() ? " (binary)" : "") + ": " + c.getBytes() + " bytes in " + c.getMessages()
                    + " messages" + (c.getDigest() == null ? "" : ", sha256 " + hex(c.getDigest().bytes()))
                    + (c.getFirstLines().isEmpty() ? "" : ", first lines " + c.getFirstLines())
                    + (c.getSampleTruncated() ? " (more not kept)" : "");
        } else if (payload instanceof Notice n) {
            return "NOTICE " + n.getSeverity() + " " + n.getSqlState() + ": " + n.getMessage();
        } else if (payload instanceof Notification n) {
            return "NOTIFY " + n.getChannel() + " from " + n.getProcessId() + ": " + n.getPayload();
        } else if (payload instanceof SessionEnded e) {
            return "SESSION END " + e.getReason() + ": " + e.getStatements() + " statements (" + e.getFailedStatements()
                    + " failed), " + e.getRows() + " rows, " + e.getResultBytes() + " bytes, "
                    + e.getDurationMicros() / 1000 + " ms";
        }
        return payload.getClass().getSimpleName();
    }

    private static String result(ResultSummary r) {
        StringBuilder s = new StringBuilder("[" + r.getStatement() + "] RESULT " + r.getRows() + " rows, "
                + r.getBytes() + " bytes");
        if (r.getDigest() != null) {
            s.append(", sha256 ").append(hex(r.getDigest().bytes()));
        }
        s.append(", columns (");
        List<Column> columns = r.getColumns();
        for (int i = 0; i < columns.size(); i++) {
            s.append(i == 0 ? "" : ", ").append(columns.get(i).getName()).append(' ').append(columns.get(i).getTypeOid());
        }
        s.append(')');
        for (Row row : r.getSample()) {
            s.append("\n      row:");
            for (Value v : row.getValues()) {
                s.append(' ').append(value(v));
            }
        }
        if (r.getSampleTruncated()) {
            s.append("\n      (further rows not kept)");
        }
        return s.toString();
    }

    /** A value as text: its decoded form, NULL, or raw hex with its type OID. */
    static String value(Value v) {
        if (v.getIsNull()) {
            return "NULL";
        }
        if (v.getText() != null) {
            return "'" + v.getText().replace("'", "''") + "'";
        }
        ByteBuffer raw = v.getRaw().duplicate();
        byte[] bytes = new byte[raw.remaining()];
        raw.get(bytes);
        return "\\x" + hex(bytes) + " (type " + v.getTypeOid() + ", " + v.getFormat().name().toLowerCase()
                + (v.getTruncated() ? ", first " + bytes.length + " of " + v.getLength() + " bytes" : "") + ")";
    }

    private static String quoted(String name) {
        return "\"" + name + "\"";
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
