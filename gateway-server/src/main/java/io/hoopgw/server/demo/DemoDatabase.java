package io.hoopgw.server.demo;

import io.hoopgw.server.postgres.LocalPostgres;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The demo's sample database: a {@code customers} table with names, e-mails and card numbers, and two upstream
 * roles with passwords only the gateway knows: {@code app_rw} may write, {@code app_ro} may only read.
 */
final class DemoDatabase {
    static final String DATABASE = "demo";
    static final String WRITER_ROLE = "app_rw";
    static final String READER_ROLE = "app_ro";

    private static final String SCHEMA = """
            CREATE TABLE customers (
                id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                name        text NOT NULL,
                email       text NOT NULL UNIQUE,
                card_number text NOT NULL,
                created_at  timestamptz NOT NULL DEFAULT now()
            );
            INSERT INTO customers (name, email, card_number) VALUES
                ('Ada Lovelace',   'ada@example.com',    '4111 1111 1111 1111'),
                ('Alan Turing',    'alan@example.com',   '5500-0000-0000-0004'),
                ('Grace Hopper',   'grace@example.com',  '340000000000009'),
                ('Edsger Dijkstra','edsger@example.com', '6011000000000004'),
                ('Barbara Liskov', 'barbara@example.com','3530111333300000');
            CREATE TABLE orders (
                id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                customer_id bigint NOT NULL REFERENCES customers(id),
                amount      numeric(10,2) NOT NULL,
                placed_at   timestamptz NOT NULL DEFAULT now()
            );
            INSERT INTO orders (customer_id, amount) SELECT 1 + (g % 5), round((random() * 500)::numeric, 2)
                FROM generate_series(1, 50) g;
            """;

    private final String writerPassword;
    private final String readerPassword;

    private DemoDatabase(String writerPassword, String readerPassword) {
        this.writerPassword = writerPassword;
        this.readerPassword = readerPassword;
    }

    /** Creates the roles, the database and its sample data; the passwords are random and never printed. */
    static DemoDatabase seed(LocalPostgres postgres) {
        DemoDatabase demo = new DemoDatabase(randomPassword(), randomPassword());
        postgres.execute("postgres", "CREATE ROLE " + WRITER_ROLE + " LOGIN PASSWORD '" + demo.writerPassword + "'");
        postgres.execute("postgres", "CREATE ROLE " + READER_ROLE + " LOGIN PASSWORD '" + demo.readerPassword + "'");
        postgres.execute("postgres", "CREATE DATABASE " + DATABASE + " OWNER " + WRITER_ROLE);
        postgres.execute(DATABASE, "SET ROLE " + WRITER_ROLE + ";\n" + SCHEMA
                + "GRANT USAGE ON SCHEMA public TO " + READER_ROLE + ";\n"
                + "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + READER_ROLE + ";\n");
        return demo;
    }

    String writerPassword() {
        return writerPassword;
    }

    String readerPassword() {
        return readerPassword;
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
