-- Runs with search_path set to the example's schema, "inventory", which Flyway creates.
CREATE TABLE products (
    id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sku  text NOT NULL UNIQUE,
    name text NOT NULL
);
