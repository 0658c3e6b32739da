package io.hoopgw.server.testing;

import io.hoopgw.server.postgres.LocalPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The end-to-end masking fixture ({@code /mask/fixture.sql}): table {@code customers} with payment cards, e-mail
 * addresses, US SSNs and IBANs (also inside prose and JSON, and the card as a bigint), the view
 * {@code customer_contacts}, and table {@code not_sensitive} with look-alikes that no detector may touch. The script
 * itself describes every column.
 *
 * <p>Load it with {@link #load(GatewayHarness)}; then read the values through the gateway and check each with
 * {@link #assertMasked}, {@link #assertClear} or {@link #assertUntouched}. {@link #SENSITIVE} and
 * {@link #NOT_SENSITIVE} list what the tables hold, in id order.
 */
public final class MaskingFixture {
    /** The kinds of sensitive value, named as the detectors that find them. */
    public enum Kind {
        CARD, EMAIL, SSN, IBAN;

        /** The detector's configuration name: {@code card}, {@code email}, {@code ssn}, {@code iban}. */
        public String detector() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One sensitive value of table {@code customers}.
     *
     * @param id      the customer's id
     * @param kind    what it is; also the column it is in ({@code card}, {@code email}, {@code ssn}, {@code iban})
     * @param written the value as stored, separators included
     */
    public record Sensitive(int id, Kind kind, String written) {
        public Sensitive {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(written, "written");
        }

        /** The column of {@code customers} holding it. */
        public String column() {
            return kind.detector();
        }

        /**
         * The value without spaces and dashes, as {@code replace()}, a bigint column or a client's own formatting
         * may show it; for an e-mail address, the address itself.
         */
        public String compact() {
            return kind == Kind.EMAIL ? written : written.replace(" ", "").replace("-", "");
        }

        /** The last four characters: what {@code partial} with {@code keep-last: 4} shows. */
        public String lastFour() {
            String compact = compact();
            return compact.substring(compact.length() - 4);
        }
    }

    /**
     * One row of table {@code not_sensitive}.
     *
     * @param id    its id
     * @param kind  what the value looks like
     * @param value the value, which must reach clients unchanged
     */
    public record NotSensitive(int id, String kind, String value) {
    }

    /** Every card, address, SSN and IBAN of {@code customers}: by id, then card, e-mail, SSN, IBAN. */
    public static final List<Sensitive> SENSITIVE = List.of(
            card(1, "4111 1111 1111 1111"), email(1, "alice.smith@example.com"), ssn(1, "078-05-1120"),
            iban(1, "GB82 WEST 1234 5698 7654 32"),
            card(2, "5555-5555-5555-4444"), email(2, "bob+billing@mail.example.co.uk"), ssn(2, "219-09-9999"),
            iban(2, "DE89370400440532013000"),
            card(3, "378282246310005"), email(3, "carol_o-neil@sub.example.org"), ssn(3, "123-45-6789"),
            iban(3, "FR14 2004 1010 0505 0001 3M02 606"),
            card(4, "6011 1111 1111 1117"), email(4, "DAVE.K@EXAMPLE.COM"), ssn(4, "457-55-5462"),
            iban(4, "NL91ABNA0417164300"),
            card(5, "3530-1113-3330-0000"), email(5, "erin@example.net"), ssn(5, "536-22-1234"),
            iban(5, "ES91 2100 0418 4502 0005 1332"),
            card(6, "36227206271667"), email(6, "frank.99@example.io"), ssn(6, "142-86-9320"),
            iban(6, "CH9300762011623852957"),
            card(7, "6200 0000 0000 0005"), email(7, "grace%ops@example.com"), ssn(7, "321-54-9876"),
            iban(7, "BE68 5390 0754 7034"),
            card(8, "4222222222222"), email(8, "heidi@corp-mail.example.com"), ssn(8, "601-23-4578"),
            iban(8, "IT60X0542811101000000123456"),
            card(9, "2223-0031-2200-3222"), email(9, "ivan@example.museum"), ssn(9, "770-11-2233"),
            iban(9, "AT61 1904 3002 3457 3201"),
            card(10, "3714 496353 98431"), email(10, "judy.o@example.com"), ssn(10, "044-76-5432"),
            iban(10, "PL61109010140000071219812874"),
            card(11, "4539578763621486008"), email(11, "ken@example.de"), ssn(11, "512-34-0987"),
            iban(11, "NO9386011117947"),
            card(12, "5105 1051 0510 5100"), email(12, "laura@example.fr"), ssn(12, "258-69-1470"),
            iban(12, "IE29 AIBK 9311 5212 3456 78"));

    /** Every row of {@code not_sensitive}, by id. */
    public static final List<NotSensitive> NOT_SENSITIVE = List.of(
            new NotSensitive(1, "order number", "ORD-2024-000123"),
            new NotSensitive(2, "order number", "20241103001234"),
            new NotSensitive(3, "order number", "1000000000000001"),
            new NotSensitive(4, "order number", "order 1000 2000 3000 4000"),
            new NotSensitive(5, "timestamp", "2024-11-03 14:22:05.123456+00"),
            new NotSensitive(6, "timestamp", "2024-11-03T14:22:05Z"),
            new NotSensitive(7, "timestamp", "1730643725123"),
            new NotSensitive(8, "timestamp", "20241103142205123"),
            new NotSensitive(9, "phone", "+1 415 555 0132"),
            new NotSensitive(10, "phone", "(415) 555-0132"),
            new NotSensitive(11, "phone", "415-555-0132"),
            new NotSensitive(12, "phone", "+44 20 7946 0958"),
            new NotSensitive(13, "phone", "4155 5501 3212 3456"),
            new NotSensitive(14, "card failing Luhn", "4111 1111 1111 1112"),
            new NotSensitive(15, "card failing Luhn", "5555-5555-5555-4445"),
            new NotSensitive(16, "card failing Luhn", "6011111111111118"),
            new NotSensitive(17, "no issuer prefix", "9999 9999 9999 9995"),
            new NotSensitive(18, "amount", "4111111111111111.25"),
            new NotSensitive(19, "invalid IBAN", "GB82 WEST 1234 5698 7654 33"),
            new NotSensitive(20, "invalid IBAN", "DE89370400440532013001"),
            new NotSensitive(21, "invalid IBAN", "gb82west12345698765432"),
            new NotSensitive(22, "never-issued SSN", "000-12-3456"),
            new NotSensitive(23, "never-issued SSN", "666-45-6789"),
            new NotSensitive(24, "never-issued SSN", "900-12-3456"),
            new NotSensitive(25, "never-issued SSN", "123-00-4567"),
            new NotSensitive(26, "never-issued SSN", "123-45-0000"),
            new NotSensitive(27, "date", "2024-12-31"),
            new NotSensitive(28, "invoice number", "INV-2024-11-0003"),
            new NotSensitive(29, "uuid", "123e4567-e89b-12d3-a456-426614174000"),
            new NotSensitive(30, "digest", "d41d8cd98f00b204e9800998ecf8427e"),
            new NotSensitive(31, "not an address", "alice at example dot com"),
            new NotSensitive(32, "not an address", "user@localhost"),
            new NotSensitive(33, "version", "4.11.1111.1111"));

    /** The number of rows in {@code customers}. */
    public static final int CUSTOMERS = 12;

    private MaskingFixture() {
    }

    private static Sensitive card(int id, String value) {
        return new Sensitive(id, Kind.CARD, value);
    }

    private static Sensitive email(int id, String value) {
        return new Sensitive(id, Kind.EMAIL, value);
    }

    private static Sensitive ssn(int id, String value) {
        return new Sensitive(id, Kind.SSN, value);
    }

    private static Sensitive iban(int id, String value) {
        return new Sensitive(id, Kind.IBAN, value);
    }

    /** The sensitive values of one kind, by id. */
    public static List<Sensitive> sensitive(Kind kind) {
        return SENSITIVE.stream().filter(value -> value.kind() == kind).toList();
    }

    /** The sensitive value of {@code kind} of customer {@code id}. */
    public static Sensitive sensitive(int id, Kind kind) {
        return SENSITIVE.stream().filter(value -> value.id() == id && value.kind() == kind).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + kind + " for customer " + id));
    }

    /** The SQL script. */
    public static String script() {
        try (InputStream in = MaskingFixture.class.getResourceAsStream("/mask/fixture.sql")) {
            if (in == null) {
                throw new IllegalStateException("/mask/fixture.sql is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Creates the fixture in {@code database} as the superuser, then hands the tables and the view to
     * {@code owner} and lets {@code readers} select from them.
     */
    public static void load(LocalPostgres postgres, String database, String owner, String... readers) {
        postgres.execute(database, script());
        StringBuilder grants = new StringBuilder();
        for (String object : List.of("customers", "not_sensitive", "customer_contacts")) {
            grants.append("ALTER TABLE ").append(object).append(" OWNER TO ").append(quote(owner)).append(";\n");
            for (String reader : readers) {
                grants.append("GRANT SELECT ON ").append(object).append(" TO ").append(quote(reader)).append(";\n");
            }
        }
        postgres.execute(database, grants.toString());
    }

    /**
     * Creates the fixture in the harness's database, owned by its writer role (which may also insert, to provoke
     * the DETAIL of a unique violation) and readable by its reader role.
     */
    public static void load(GatewayHarness harness) {
        load(harness.postgres(), harness.target(), harness.writerRole(), harness.readerRole());
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /**
     * Fails unless {@code received} shows {@code value} in none of its spellings: neither as written nor without
     * its separators (a bigint, {@code replace(card, ' ', '')}, a client's own formatting). {@code null} (a value
     * that became NULL) passes. This says nothing about whether the row was there: check that separately.
     *
     * @param received what the client received for one value (a column, a whole row's text, a JSON document, an
     *                 error message)
     */
    public static void assertMasked(String received, Sensitive value) {
        if (received == null) {
            return;
        }
        if (received.contains(value.written()) || received.contains(value.compact())
                || received.toLowerCase(Locale.ROOT).contains(value.written().toLowerCase(Locale.ROOT))) {
            throw new AssertionError("expected customer " + value.id() + "'s " + value.column()
                    + " to be masked, but the client received it: " + received);
        }
    }

    /** Fails unless {@code received} shows none of the fixture's sensitive values (see {@link #assertMasked}). */
    public static void assertMasked(String received) {
        for (Sensitive value : SENSITIVE) {
            assertMasked(received, value);
        }
    }

    /** Fails unless {@code received} shows {@code value} exactly as written (an exempt group's view). */
    public static void assertClear(String received, Sensitive value) {
        if (received == null || !received.contains(value.written())) {
            throw new AssertionError("expected customer " + value.id() + "'s " + value.column() + " in clear ("
                    + value.written() + "), but the client received: " + received);
        }
    }

    /** Fails unless the client received the look-alike {@code value} unchanged. */
    public static void assertUntouched(String received, NotSensitive value) {
        if (!value.value().equals(received)) {
            throw new AssertionError("expected the " + value.kind() + " '" + value.value()
                    + "' to reach the client unchanged, but it received: " + received);
        }
    }
}
