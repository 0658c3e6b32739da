package io.hoopgw.server.conversation;

import io.hoopgw.core.protocol.backend.RowDescription;
import io.hoopgw.core.sql.Classification;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The session's named and unnamed prepared statements and portals, as far as the controls need them: what a
 * statement was classified as (to decide again at Bind), and what columns its results have (to mask and record
 * rows an Execute returns without a RowDescription of their own).
 */
final class PreparedStatements {

    /** A prepared statement. */
    static final class Statement {
        final String text;
        /** Its classification, when a policy applies; null otherwise. */
        final List<Classification> classification;
        /** The result columns from a Describe of the statement (all text format); null until described. */
        List<RowDescription.Field> fields;
        /** The column rules resolved for {@link #fields}; null until resolved. */
        ResolvedColumns columns;

        Statement(String text, List<Classification> classification) {
            this.text = text;
            this.classification = classification;
        }
    }

    /** A portal: its statement and the result formats its Bind asked for. */
    record Portal(String statement, List<Short> resultFormats) {
    }

    private final Map<String, Statement> statements = new HashMap<>();
    private final Map<String, Portal> portals = new HashMap<>();
    /** Portal descriptions from Describe of a portal (with the real formats), by portal name. */
    private final Map<String, ResolvedColumns> portalColumns = new HashMap<>();
    /** Rows returned so far by portals that an Execute suspended, by portal name. */
    private final Map<String, Long> portalRows = new HashMap<>();

    void parsed(String name, Statement statement) {
        statements.put(name, statement);
    }

    Statement statement(String name) {
        return statements.get(name);
    }

    void bound(String portal, Portal binding) {
        portals.put(portal, binding);
        portalColumns.remove(portal);
        portalRows.remove(portal);
    }

    /** The rows {@code portal} returned at its earlier Executes, each ended by PortalSuspended. */
    long rowsSoFar(String portal) {
        return portalRows.getOrDefault(portal, 0L);
    }

    /** An Execute of {@code portal} returned {@code rows} and suspended it; the next Execute goes on from there. */
    void suspended(String portal, long rows) {
        portalRows.merge(portal, rows, Long::sum);
    }

    /** {@code portal} ran to completion. */
    void portalCompleted(String portal) {
        portalRows.remove(portal);
    }

    Portal portal(String name) {
        return portals.get(name);
    }

    void describedPortal(String portal, ResolvedColumns columns) {
        portalColumns.put(portal, columns);
    }

    ResolvedColumns portalColumns(String portal) {
        return portalColumns.get(portal);
    }

    void closedStatement(String name) {
        statements.remove(name);
    }

    void closedPortal(String name) {
        portals.remove(name);
        portalColumns.remove(name);
        portalRows.remove(name);
    }
}
