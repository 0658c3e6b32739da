-- Added to the masking fixture (fixture.sql) by the integration tests of column rules and look-alikes.
--
-- billing.customers has a card_number column like public.customers, holding no card: a rule that names
-- public.customers.card_number must leave it alone, which only a look-up of the real catalog can tell.
-- orders holds look-alikes in non-text types (bigint order numbers, Luhn-valid with no issuer prefix or failing
-- Luhn; timestamps), which must reach clients unchanged in text and in binary. A unique index on
-- public.customers.card_number makes PostgreSQL echo it in the DETAIL of a unique violation.
-- Run as the fixture's owner role.

CREATE SCHEMA billing;
GRANT USAGE ON SCHEMA billing TO PUBLIC;
CREATE TABLE billing.customers (id integer PRIMARY KEY, card_number bigint NOT NULL, plan text NOT NULL);
GRANT SELECT ON billing.customers TO PUBLIC;
INSERT INTO billing.customers SELECT id, 1000 + id, 'standard' FROM public.customers;

CREATE TABLE orders (
    id        integer PRIMARY KEY,
    order_no  bigint NOT NULL,
    placed    timestamptz NOT NULL,
    reference text NOT NULL
);
GRANT SELECT ON orders TO PUBLIC;
INSERT INTO orders VALUES
    (1, 9000000000000001, '2024-01-15 10:30:00.123456+00', 'ORD-2024-0001234567'),
    (2, 20240115000123, '2024-02-29 23:59:59+00', '98765432109876543210'),
    (3, 1705312200123, '1999-12-31 00:00:00+00', '+1 415 555 0123 456'),
    (4, 5512876543219876, '2038-01-19 03:14:07+00', '4155-5501-2345-67');

-- A unique violation on public.customers.card_number echoes it in DETAIL: "Key (card_number)=(...) already exists."
CREATE UNIQUE INDEX customers_card_number_key ON public.customers (card_number);
