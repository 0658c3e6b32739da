package io.hoopgw.server.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerConfigFilesTest {

    @Test
    void everyValueIsQuotedWithQuotesAndBackslashesDoubled() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("max_connections", "20");
        settings.put("application_name", "it's");
        settings.put("log_line_prefix", "%m \\t");
        assertThat(ServerConfigFiles.conf(settings)).isEqualTo("""

                # Set by hoopgw LocalPostgres
                max_connections = '20'
                application_name = 'it''s'
                log_line_prefix = '%m \\\\t'
                """);
    }

    @Test
    void extraHbaLinesPrecedeTheDefaultOnes() {
        assertThat(ServerConfigFiles.hba(List.of("host all alice 127.0.0.1/32 reject"),
                List.of(ServerConfigFiles.LOCAL_SCRAM, ServerConfigFiles.LOOPBACK_SCRAM))).isEqualTo("""
                # Written by hoopgw LocalPostgres
                host all alice 127.0.0.1/32 reject
                local all all scram-sha-256
                host all all 127.0.0.1/32 scram-sha-256
                """);
    }
}
