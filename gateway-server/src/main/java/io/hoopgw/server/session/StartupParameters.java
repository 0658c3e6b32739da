package io.hoopgw.server.session;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which of a client's startup parameters reach the upstream session.
 *
 * <p>Only ordinary client settings pass. {@code options} (which can carry {@code -c} settings such as
 * {@code default_transaction_read_only=off}) and {@code replication} would let a client change what the gateway
 * promised the policy, so they are refused rather than silently dropped.
 */
public final class StartupParameters {
    private static final Set<String> PASSED = Set.of(
            "application_name", "client_encoding", "datestyle", "timezone", "intervalstyle", "extra_float_digits",
            "search_path", "bytea_output", "lc_monetary", "lc_numeric", "lc_time", "statement_timeout",
            "lock_timeout", "idle_in_transaction_session_timeout", "geqo", "jit", "standard_conforming_strings");
    private static final Set<String> CONSUMED = Set.of("user", "database");
    private static final String CLIENT_ENCODING = "client_encoding";

    private StartupParameters() {
    }

    /**
     * The parameters to pass upstream, or the name of the first one that is not allowed.
     *
     * @param clientParameters the client's StartupMessage parameters
     */
    public static Result filter(Map<String, String> clientParameters) {
        Map<String, String> passed = new LinkedHashMap<>();
        for (Map.Entry<String, String> parameter : clientParameters.entrySet()) {
            String name = parameter.getKey();
            if (CONSUMED.contains(name) || name.startsWith("_pq_.")) {
                continue;
            }
            if (!PASSED.contains(name.toLowerCase(Locale.ROOT))) {
                return new Result(Map.of(), Optional.of(name));
            }
            passed.put(name, parameter.getValue());
        }
        return new Result(passed, Optional.empty());
    }

    /**
     * The startup parameters of the upstream session: the client's {@linkplain #filter passed} parameters, with two
     * the gateway sets whatever the client asked for. PostgreSQL takes any setting in the startup packet, and the
     * session's {@code RESET} and {@code DISCARD ALL} go back to these values, not to the server's defaults.
     *
     * @param passed    the client's parameters that {@link #filter} passed
     * @param inspected whether the gateway reads the session's messages (any data-path control): then
     *                  {@code client_encoding} is {@code UTF8}, the only encoding its SQL lexer reads, replacing any
     *                  the client asked for (the client sees {@code UTF8} in the server's ParameterStatus)
     * @param readOnly  whether the identity is read-only on the target: then
     *                  {@code default_transaction_read_only} is {@code on}, so that a statement the policy
     *                  misclassifies is still refused by PostgreSQL
     */
    public static Map<String, String> forUpstream(Map<String, String> passed, boolean inspected, boolean readOnly) {
        Map<String, String> upstream = new LinkedHashMap<>(passed);
        if (inspected) {
            // Setting names are case-insensitive to PostgreSQL: Client_Encoding=LATIN1 must not survive next to ours.
            upstream.keySet().removeIf(name -> name.equalsIgnoreCase(CLIENT_ENCODING));
            upstream.put(CLIENT_ENCODING, "UTF8");
        }
        if (readOnly) {
            upstream.put("default_transaction_read_only", "on");
        }
        return upstream;
    }

    /**
     * @param passed   parameters to send upstream
     * @param refused  the first parameter that is not allowed, if any
     */
    public record Result(Map<String, String> passed, Optional<String> refused) {
    }
}
