package io.hoopgw.server.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hoopgw.core.mask.CardNumberDetector;
import io.hoopgw.core.mask.EmailDetector;
import io.hoopgw.core.mask.IbanDetector;
import io.hoopgw.core.mask.MaskCounts;
import io.hoopgw.core.mask.Masker;
import io.hoopgw.core.mask.MaskingConfig;
import io.hoopgw.core.mask.Match;
import io.hoopgw.core.mask.SsnDetector;
import io.hoopgw.core.mask.ValueDetector;
import io.hoopgw.server.postgres.LocalPostgres;
import io.hoopgw.server.testing.MaskingFixture.Kind;
import io.hoopgw.server.testing.MaskingFixture.NotSensitive;
import io.hoopgw.server.testing.MaskingFixture.Sensitive;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/**
 * The masking fixture is what it says: its tables hold exactly the values {@link MaskingFixture} lists, gateway-core's
 * detectors find every sensitive value whole and none of the look-alikes, PostgreSQL echoes a card in the DETAIL of
 * the errors the constraints provoke, and the assertion helpers accept and reject what they should.
 */
class MaskingFixtureTest {
    private static final String DATABASE = "masking_fixture_test";
    private static LocalPostgres postgres;

    @BeforeAll
    static void load() {
        postgres = SharedPostgres.get();
        SharedPostgres.createDatabase(DATABASE);
        MaskingFixture.load(postgres, DATABASE, postgres.superuser());
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(DATABASE), postgres.superuser(),
                postgres.superuserPassword());
    }

    private static List<List<String>> rows(String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    @Test
    void theTablesHoldWhatTheFixtureLists() throws Exception {
        List<Sensitive> stored = new ArrayList<>();
        for (List<String> row : rows("SELECT id, card, email, ssn, iban FROM customers ORDER BY id")) {
            int id = Integer.parseInt(row.get(0));
            stored.add(new Sensitive(id, Kind.CARD, row.get(1)));
            stored.add(new Sensitive(id, Kind.EMAIL, row.get(2)));
            stored.add(new Sensitive(id, Kind.SSN, row.get(3)));
            stored.add(new Sensitive(id, Kind.IBAN, row.get(4)));
        }
        assertThat(stored).containsExactlyElementsOf(MaskingFixture.SENSITIVE);
        assertThat(stored).hasSize(4 * MaskingFixture.CUSTOMERS);

        List<NotSensitive> lookAlikes = rows("SELECT id, kind, value FROM not_sensitive ORDER BY id").stream()
                .map(row -> new NotSensitive(Integer.parseInt(row.get(0)), row.get(1), row.get(2))).toList();
        assertThat(lookAlikes).containsExactlyElementsOf(MaskingFixture.NOT_SENSITIVE);

        for (Sensitive card : MaskingFixture.sensitive(Kind.CARD)) {
            assertThat(rows("SELECT card_number FROM customers WHERE id = " + card.id()))
                    .containsExactly(List.of(card.compact()));
        }
        for (List<String> row : rows("SELECT id, note, profile::text, profile_json::text FROM customers")) {
            int id = Integer.parseInt(row.get(0));
            for (Kind kind : Kind.values()) {
                String written = MaskingFixture.sensitive(id, kind).written();
                assertThat(row.get(1)).contains(written);
                assertThat(row.get(2)).contains(written);
                assertThat(row.get(3)).contains(written);
            }
        }
        assertThat(rows("SELECT count(*) FROM customer_contacts")).containsExactly(
                List.of(Integer.toString(MaskingFixture.CUSTOMERS)));
    }

    @Test
    void eachSensitiveValueIsFoundWholeByItsOwnDetector() {
        Map<Kind, ValueDetector> detectors = Map.of(Kind.CARD, new CardNumberDetector(), Kind.EMAIL,
                new EmailDetector(), Kind.SSN, new SsnDetector(), Kind.IBAN, new IbanDetector());
        for (Sensitive value : MaskingFixture.SENSITIVE) {
            List<Match> matches = new ArrayList<>();
            detectors.get(value.kind()).find(value.written(), matches);
            assertThat(matches).as("%s", value).containsExactly(new Match(0, value.written().length()));
        }
    }

    @Test
    void theBuiltInDetectorsMaskEverySensitiveValueAndNoLookAlike() throws Exception {
        Masker masker = MaskingConfig.read("masking.rules", List.of(
                Map.of("name", "cards", "detect", "card", "strategy", "partial", "keep-last", 4),
                Map.of("name", "emails", "detect", "email", "strategy", "redact"),
                Map.of("name", "ssns", "detect", "ssn", "strategy", "redact"),
                Map.of("name", "ibans", "detect", "iban", "strategy", "redact")))
                .forGroups(Set.of("analysts"));
        MaskCounts counts = masker.newCounts();

        for (Sensitive value : MaskingFixture.SENSITIVE) {
            String masked = masker.maskText(value.written(), counts);
            MaskingFixture.assertMasked(masked, value);
            if (value.kind() == Kind.CARD) {
                assertThat(masked).endsWith(value.lastFour());
            }
        }
        assertThat(counts.snapshot()).containsExactlyInAnyOrderEntriesOf(Map.of("cards", 12L, "emails", 12L,
                "ssns", 12L, "ibans", 12L));
        for (List<String> row : rows("SELECT note, profile::text, profile_json::text, card_number::text"
                + " FROM customers")) {
            for (String text : row) {
                MaskingFixture.assertMasked(masker.maskText(text, counts));
            }
        }
        for (NotSensitive value : MaskingFixture.NOT_SENSITIVE) {
            MaskingFixture.assertUntouched(masker.maskText(value.value(), counts), value);
        }
    }

    @Test
    void theConstraintsEchoACardInTheErrorDetail() throws Exception {
        Sensitive card = MaskingFixture.sensitive(1, Kind.CARD);
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            PSQLException duplicate = (PSQLException) org.junit.jupiter.api.Assertions.assertThrows(
                    SQLException.class, () -> statement.execute("INSERT INTO customers (id, name, card,"
                            + " card_issuer, card_number, email, ssn, iban) SELECT 100, name, card, card_issuer,"
                            + " card_number, email, ssn, iban FROM customers WHERE id = 1"));
            assertThat(duplicate.getSQLState()).isEqualTo("23505");
            assertThat(duplicate.getServerErrorMessage().getDetail())
                    .isEqualTo("Key (card)=(" + card.written() + ") already exists.");

            PSQLException unnamed = (PSQLException) org.junit.jupiter.api.Assertions.assertThrows(
                    SQLException.class, () -> statement.execute("INSERT INTO customers (id, name, card,"
                            + " card_issuer, card_number, email, ssn, iban) VALUES (101, '', '4012 8888 8888 1881',"
                            + " 'visa', 4012888888881881, 'x@example.com', '078-05-1120', 'GB82WEST12345698765432')"));
            assertThat(unnamed.getSQLState()).isEqualTo("23514");
            assertThat(unnamed.getServerErrorMessage().getDetail()).startsWith("Failing row contains (101, , 4012"
                    + " 8888 8888 1881, visa, 4012888888881881, x@example.com, 078-05-1120, GB82WEST12345698765432");
        }
    }

    @Test
    void assertMaskedRejectsEverySpellingOfTheValue() {
        Sensitive card = MaskingFixture.sensitive(1, Kind.CARD);
        Sensitive email = MaskingFixture.sensitive(4, Kind.EMAIL);

        assertThatCode(() -> MaskingFixture.assertMasked("************1111", card)).doesNotThrowAnyException();
        assertThatCode(() -> MaskingFixture.assertMasked(null, card)).doesNotThrowAnyException();
        assertThatCode(() -> MaskingFixture.assertMasked("{\"card\": \"tok_3q2-7wXy0a1B9cdE\", \"email\": \"****\"}"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> MaskingFixture.assertMasked("paid with 4111 1111 1111 1111", card))
                .isInstanceOf(AssertionError.class)
                .hasMessage("expected customer 1's card to be masked, but the client received it: paid with 4111"
                        + " 1111 1111 1111");
        assertThatThrownBy(() -> MaskingFixture.assertMasked("(1,4111111111111111)", card))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> MaskingFixture.assertMasked("dave.k@example.com", email))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> MaskingFixture.assertMasked("Key (card)=(5555-5555-5555-4444) already exists."))
                .isInstanceOf(AssertionError.class).hasMessageStartingWith("expected customer 2's card");
    }

    @Test
    void assertClearAndAssertUntouchedWantTheValueAsWritten() {
        Sensitive iban = MaskingFixture.sensitive(1, Kind.IBAN);
        NotSensitive phone = MaskingFixture.NOT_SENSITIVE.get(8);

        assertThatCode(() -> MaskingFixture.assertClear("refunds to GB82 WEST 1234 5698 7654 32.", iban))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> MaskingFixture.assertClear("refunds to GB82WEST12345698765432.", iban))
                .isInstanceOf(AssertionError.class)
                .hasMessage("expected customer 1's iban in clear (GB82 WEST 1234 5698 7654 32), but the client"
                        + " received: refunds to GB82WEST12345698765432.");
        assertThatThrownBy(() -> MaskingFixture.assertClear(null, iban)).isInstanceOf(AssertionError.class);
        assertThatCode(() -> MaskingFixture.assertUntouched("+1 415 555 0132", phone)).doesNotThrowAnyException();
        assertThatThrownBy(() -> MaskingFixture.assertUntouched("+1 415 *** 0132", phone))
                .isInstanceOf(AssertionError.class)
                .hasMessage("expected the phone '+1 415 555 0132' to reach the client unchanged, but it received:"
                        + " +1 415 *** 0132");
    }

    @Test
    void loadedIntoAHarnessTheWriterOwnsAndTheReaderReads() throws Exception {
        try (GatewayHarness harness = GatewayHarness.start()) {
            MaskingFixture.load(harness);

            try (Connection writer = harness.connectAsWriter(); Statement statement = writer.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT count(*) FROM customer_contacts")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(MaskingFixture.CUSTOMERS);
            }
            Properties reader = new Properties();
            reader.setProperty("user", harness.readerRole());
            reader.setProperty("password", harness.token("reader@example.com", "readers"));
            try (Connection connection = DriverManager.getConnection(harness.jdbcUrl(), reader);
                    Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT (SELECT count(*) FROM customers),"
                            + " (SELECT count(*) FROM not_sensitive)")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(MaskingFixture.CUSTOMERS);
                assertThat(rs.getInt(2)).isEqualTo(MaskingFixture.NOT_SENSITIVE.size());
            }
        }
    }
}
