package io.hoopgw.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which startup parameters the upstream session is opened with. */
class StartupParametersTest {
    private static Map<String, String> client(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    @Test
    void withoutControlsTheClientsParametersPassAsTheyAre() {
        Map<String, String> passed = client("application_name", "psql", "client_encoding", "LATIN1");

        assertThat(StartupParameters.forUpstream(passed, false, false)).containsExactlyEntriesOf(passed);
    }

    @Test
    void inspectedSessionsAreUtf8WhateverTheClientAskedInWhateverCase() {
        Map<String, String> upstream = StartupParameters.forUpstream(
                client("Client_Encoding", "LATIN1", "application_name", "psql", "CLIENT_ENCODING", "SQL_ASCII"),
                true, false);

        assertThat(upstream).containsExactly(Map.entry("application_name", "psql"),
                Map.entry("client_encoding", "UTF8"));
        assertThat(StartupParameters.forUpstream(Map.of(), true, false))
                .containsExactly(Map.entry("client_encoding", "UTF8"));
    }

    @Test
    void readOnlyIdentitiesGetReadOnlyTransactionsByDefault() {
        assertThat(StartupParameters.forUpstream(client("application_name", "x"), true, true)).containsExactly(
                Map.entry("application_name", "x"), Map.entry("client_encoding", "UTF8"),
                Map.entry("default_transaction_read_only", "on"));
    }

    @Test
    void theClientCannotAskForReadOnlyItself() {
        // Neither the setting nor options (which could carry -c settings) pass the filter, so only the gateway sets it.
        assertThat(StartupParameters.filter(client("default_transaction_read_only", "off")).refused())
                .contains("default_transaction_read_only");
        assertThat(StartupParameters.filter(client("options", "-c default_transaction_read_only=off")).refused())
                .contains("options");
    }
}
