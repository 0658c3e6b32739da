CREATE TABLE stock_levels (
    product_id bigint NOT NULL REFERENCES products (id),
    warehouse  text NOT NULL,
    quantity   integer NOT NULL CHECK (quantity >= 0),
    PRIMARY KEY (product_id, warehouse)
);
INSERT INTO products (sku, name) VALUES ('HG-001', 'Gateway sticker');
INSERT INTO stock_levels (product_id, warehouse, quantity)
    SELECT id, 'main', 100 FROM products WHERE sku = 'HG-001';
