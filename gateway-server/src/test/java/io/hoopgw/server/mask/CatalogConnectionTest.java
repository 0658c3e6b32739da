package io.hoopgw.server.mask;

import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.core.sql.SqlLexer;
import org.junit.jupiter.api.Test;

/** The text a COPY's query is described with, and the check for unqualified names; see PostgresColumnCatalogTest. */
class CatalogConnectionTest {
    @Test
    void onlyTheQuestionMarksOfOperatorsAreDoubledForPgjdbc() throws Exception {
        assertThat(CatalogConnection.jdbcText("SELECT data ? 'a', '?' AS \"?\" FROM t /* ? */ -- ?\n"
                + "WHERE data ?| array['b'] AND $$?$$ <> E'\\'?'"))
                .isEqualTo("SELECT data ?? 'a', '?' AS \"?\" FROM t /* ? */ -- ?\n"
                        + "WHERE data ??| array['b'] AND $$?$$ <> E'\\'?'");
        assertThat(CatalogConnection.jdbcText("SELECT 1")).isEqualTo("SELECT 1");
    }

    @Test
    void aNameIsUnqualifiedUnlessASchemaPrecedesItOrItQualifiesAColumn() throws Exception {
        assertThat(unqualified("SELECT id FROM customers", "customers")).isTrue();
        assertThat(unqualified("SELECT id FROM \"customers\" c", "customers")).isTrue();
        assertThat(unqualified("SELECT x FROM public.other JOIN customers USING (id)", "customers")).isTrue();
        assertThat(unqualified("SELECT c.id FROM public.customers c", "customers")).isFalse();
        assertThat(unqualified("SELECT customers.id FROM public.customers", "customers")).isFalse();
        assertThat(unqualified("SELECT 'customers' FROM public.customers", "customers")).isFalse();
        assertThat(unqualified("SELECT id FROM \"Customers\"", "customers")).isFalse();
    }

    private static boolean unqualified(String query, String name) throws Exception {
        return CatalogConnection.namedUnqualified(SqlLexer.tokenize(query, true), name);
    }
}
