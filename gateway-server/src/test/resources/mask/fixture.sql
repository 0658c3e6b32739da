-- The masking fixture: values every built-in detector must find, and values none may touch.
--
-- customers holds one person per row with a payment card (Luhn-valid; Visa 13/16/19 digits, Mastercard 5x and
-- 2-series, American Express, Discover, JCB, Diners Club, UnionPay; plain, space- and dash-grouped), an e-mail
-- address, a US SSN, an IBAN (mod-97-valid; compact and grouped), the same values in prose (note) and in JSON
-- (profile, profile_json, with the card also as a JSON number), and the card as a bigint (for binary transfer).
-- customer_contacts is a view over it. The UNIQUE constraint on card and the CHECK on name make PostgreSQL echo
-- row values in an ErrorResponse's DETAIL ("Key (card)=(...) already exists.", "Failing row contains (...)").
--
-- not_sensitive holds look-alikes that must reach every client unchanged: order numbers, timestamps, phone
-- numbers, card-like numbers that fail Luhn or have no issuer prefix, IBANs with a wrong checksum, numbers in the
-- SSN format that the SSA never issues, identifiers and digests.
--
-- MaskingFixture (gateway-server tests) loads this file and lists the same values; MaskingFixtureTest checks the
-- two agree and that gateway-core's detectors find exactly the sensitive ones.

CREATE TABLE customers (
    id           integer PRIMARY KEY,
    name         text    NOT NULL CONSTRAINT customers_name_present CHECK (name <> ''),
    card         text    NOT NULL CONSTRAINT customers_card_key UNIQUE,
    card_issuer  text    NOT NULL,
    card_number  bigint  NOT NULL,
    email        text    NOT NULL,
    ssn          text    NOT NULL,
    iban         text    NOT NULL,
    note         text,
    profile      jsonb,
    profile_json json
);

INSERT INTO customers (id, name, card, card_issuer, card_number, email, ssn, iban) VALUES
    (1,  'Alice Smith',   '4111 1111 1111 1111',  'visa',       4111111111111111,    'alice.smith@example.com',       '078-05-1120', 'GB82 WEST 1234 5698 7654 32'),
    (2,  'Bob Jones',     '5555-5555-5555-4444',  'mastercard', 5555555555554444,    'bob+billing@mail.example.co.uk', '219-09-9999', 'DE89370400440532013000'),
    (3,  'Carol O''Neil', '378282246310005',      'amex',       378282246310005,     'carol_o-neil@sub.example.org',  '123-45-6789', 'FR14 2004 1010 0505 0001 3M02 606'),
    (4,  'Dave King',     '6011 1111 1111 1117',  'discover',   6011111111111117,    'DAVE.K@EXAMPLE.COM',            '457-55-5462', 'NL91ABNA0417164300'),
    (5,  'Erin Wu',       '3530-1113-3330-0000',  'jcb',        3530111333300000,    'erin@example.net',              '536-22-1234', 'ES91 2100 0418 4502 0005 1332'),
    (6,  'Frank Moss',    '36227206271667',       'diners',     36227206271667,      'frank.99@example.io',           '142-86-9320', 'CH9300762011623852957'),
    (7,  'Grace Hall',    '6200 0000 0000 0005',  'unionpay',   6200000000000005,    'grace%ops@example.com',         '321-54-9876', 'BE68 5390 0754 7034'),
    (8,  'Heidi Lam',     '4222222222222',        'visa',       4222222222222,       'heidi@corp-mail.example.com',   '601-23-4578', 'IT60X0542811101000000123456'),
    (9,  'Ivan Petrov',   '2223-0031-2200-3222',  'mastercard', 2223003122003222,    'ivan@example.museum',           '770-11-2233', 'AT61 1904 3002 3457 3201'),
    (10, 'Judy Ortiz',    '3714 496353 98431',    'amex',       371449635398431,     'judy.o@example.com',            '044-76-5432', 'PL61109010140000071219812874'),
    (11, 'Ken Adams',     '4539578763621486008',  'visa',       4539578763621486008, 'ken@example.de',                '512-34-0987', 'NO9386011117947'),
    (12, 'Laura Diaz',    '5105 1051 0510 5100',  'mastercard', 5105105105105100,    'laura@example.fr',              '258-69-1470', 'IE29 AIBK 9311 5212 3456 78');

UPDATE customers SET
    note = 'paid with ' || card || ' on 2024-11-03; receipt to ' || email || ', SSN ' || ssn || ', refunds to '
        || iban || '.',
    profile = jsonb_build_object('card', card, 'card_number', card_number, 'email', email, 'ssn', ssn,
        'iban', iban, 'vip', id % 2 = 0),
    profile_json = json_build_object('billing', json_build_object('card', card, 'iban', iban),
        'contacts', json_build_array(email), 'ssn', ssn);

CREATE VIEW customer_contacts AS SELECT id, name, email, card FROM customers;

CREATE TABLE not_sensitive (
    id    integer PRIMARY KEY,
    kind  text NOT NULL,
    value text NOT NULL
);

INSERT INTO not_sensitive (id, kind, value) VALUES
    (1,  'order number',       'ORD-2024-000123'),
    (2,  'order number',       '20241103001234'),
    (3,  'order number',       '1000000000000001'),
    (4,  'order number',       'order 1000 2000 3000 4000'),
    (5,  'timestamp',          '2024-11-03 14:22:05.123456+00'),
    (6,  'timestamp',          '2024-11-03T14:22:05Z'),
    (7,  'timestamp',          '1730643725123'),
    (8,  'timestamp',          '20241103142205123'),
    (9,  'phone',              '+1 415 555 0132'),
    (10, 'phone',              '(415) 555-0132'),
    (11, 'phone',              '415-555-0132'),
    (12, 'phone',              '+44 20 7946 0958'),
    (13, 'phone',              '4155 5501 3212 3456'),
    (14, 'card failing Luhn',  '4111 1111 1111 1112'),
    (15, 'card failing Luhn',  '5555-5555-5555-4445'),
    (16, 'card failing Luhn',  '6011111111111118'),
    (17, 'no issuer prefix',   '9999 9999 9999 9995'),
    (18, 'amount',             '4111111111111111.25'),
    (19, 'invalid IBAN',       'GB82 WEST 1234 5698 7654 33'),
    (20, 'invalid IBAN',       'DE89370400440532013001'),
    (21, 'invalid IBAN',       'gb82west12345698765432'),
    (22, 'never-issued SSN',   '000-12-3456'),
    (23, 'never-issued SSN',   '666-45-6789'),
    (24, 'never-issued SSN',   '900-12-3456'),
    (25, 'never-issued SSN',   '123-00-4567'),
    (26, 'never-issued SSN',   '123-45-0000'),
    (27, 'date',               '2024-12-31'),
    (28, 'invoice number',     'INV-2024-11-0003'),
    (29, 'uuid',               '123e4567-e89b-12d3-a456-426614174000'),
    (30, 'digest',             'd41d8cd98f00b204e9800998ecf8427e'),
    (31, 'not an address',     'alice at example dot com'),
    (32, 'not an address',     'user@localhost'),
    (33, 'version',            '4.11.1111.1111');
