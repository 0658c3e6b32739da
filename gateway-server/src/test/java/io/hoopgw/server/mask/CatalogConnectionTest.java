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
        assertThat(unqualified("SELECT id FROM customers")).contains("customers", "id");
        assertThat(unqualified("SELECT id FROM \"customers\" c")).contains("customers", "c");
        assertThat(unqualified("SELECT x FROM public.other JOIN customers USING (id)")).contains("customers")
                .doesNotContain("other", "public");
        assertThat(unqualified("SELECT c.id FROM public.customers c")).doesNotContain("customers");
        assertThat(unqualified("SELECT customers.id FROM public.customers")).doesNotContain("customers");
        assertThat(unqualified("SELECT 'customers' FROM public.customers")).doesNotContain("customers");
        assertThat(unqualified("SELECT id FROM \"Customers\"")).contains("Customers").doesNotContain("customers");
    }

    private static java.util.Set<String> unqualified(String query) throws Exception {
        return CatalogConnection.unqualifiedNames(SqlLexer.tokenize(query, true));
    }
}
