package io.hoopgw.server.it;

import io.hoopgw.server.testing.GatewayHarness;
import io.hoopgw.server.testing.MaskingFixture;
import io.hoopgw.server.testing.MaskingFixture.Kind;
import io.hoopgw.server.testing.MaskingFixture.Sensitive;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * The masking integration tests' setup: the masking fixture ({@link MaskingFixture}) plus {@code mask/column-rules.sql}
 * (a same-named column in another schema, look-alikes in non-text types), and a {@code masking} section with one
 * rule per detector and a column rule, all exempting the group {@value #EXEMPT}, some exempting other groups too.
 */
final class MaskingSetup {
    /** The group every rule exempts. */
    static final String EXEMPT = "finance";
    /** A group exempt from the e-mail rule only. */
    static final String SUPPORT = "support";
    /**
     * A group exempt from the column rule only: under value detectors alone, it may COPY TO (refused to identities
     * under column rules, since COPY's rows do not name their columns).
     */
    static final String ANALYSTS = "analysts";

    /** The {@code masking} section, as a user would write it. */
    static final String MASKING_SECTION = """
            masking:
              catalogCacheTtl: 1m
              catalogTimeout: 5s
              rules:
                - {name: cards, detect: card, strategy: partial, keep-last: 4, exempt: [finance]}
                - {name: emails, detect: email, strategy: redact, mask: "[email]", exempt: [finance, support]}
                - {name: ssns, detect: ssn, strategy: redact, exempt: [finance]}
                - {name: ibans, detect: iban, strategy: partial, keep-first: 2, keep-last: 4, exempt: [finance]}
                - {name: card-numbers, column: public.customers.card_number, strategy: redact,
                   exempt: [finance, analysts]}
            """;

    /** Customer 1's values, as stored. */
    static final Sensitive CARD = MaskingFixture.sensitive(1, Kind.CARD);
    static final Sensitive EMAIL = MaskingFixture.sensitive(1, Kind.EMAIL);
    static final Sensitive SSN = MaskingFixture.sensitive(1, Kind.SSN);
    static final Sensitive IBAN = MaskingFixture.sensitive(1, Kind.IBAN);

    /** The same values as a non-exempt client sees them. */
    static final String CARD_MASKED = "************1111";
    static final String EMAIL_MASKED = "[email]";
    static final String SSN_MASKED = "****";
    static final String IBAN_MASKED = "GB****************5432";

    /** A masked card (all but the last four digits), e-mail address, SSN and IBAN (country and last four kept). */
    static final String MASKED_CARD = "\\*{9,15}[0-9]{4}";
    static final String MASKED_EMAIL = "\\[email]";
    static final String MASKED_SSN = "\\*{4}";
    static final String MASKED_IBAN = "[A-Z]{2}\\*{9,28}[0-9A-Z]{4}";

    /** {@code SELECT id, card, email, ssn, iban FROM customers ORDER BY id}. */
    static final String CUSTOMERS_QUERY = "SELECT id, card, email, ssn, iban FROM customers ORDER BY id";

    private MaskingSetup() {
    }

    /** A row of {@link #CUSTOMERS_QUERY} as a non-exempt client sees it, fields joined by {@code separator}. */
    static Pattern maskedCustomer(String separator) {
        String s = Pattern.quote(separator);
        return Pattern.compile("[0-9]+" + s + MASKED_CARD + s + MASKED_EMAIL + s + MASKED_SSN + s + MASKED_IBAN);
    }

    /** Loads the masking fixture and the column-rule additions into the harness's database. */
    static void load(GatewayHarness harness) throws SQLException {
        MaskingFixture.load(harness);
        try (Connection c = harness.connectDirectly(); Statement s = c.createStatement()) {
            s.execute("SET ROLE " + harness.writerRole());
            s.execute(script("/mask/column-rules.sql"));
        }
    }

    /** Fails unless {@code text} holds every sensitive value of the fixture as written: an exempt view. */
    static void assertAllClear(String text) {
        MaskingFixture.SENSITIVE.forEach(value -> MaskingFixture.assertClear(text, value));
    }

    private static String script(String resource) {
        try (InputStream in = MaskingSetup.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
