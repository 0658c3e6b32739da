ALTER TABLE accounts ADD COLUMN email text;
CREATE UNIQUE INDEX accounts_email ON accounts (lower(email));
INSERT INTO accounts (name, email) VALUES ('Ada', 'ada@example.com');
