-- Up Migration
-- An item's tsvector is stored out of line without compression: pglz leaves a tsvector at
-- 99.8 % of its size (5,020 of 5,030 B on the bench's items) and only costs CPU on every insert.
-- Recurses to the existing weekly partitions; new ones inherit it.
ALTER TABLE items ALTER COLUMN tsv SET STORAGE EXTERNAL;

-- Down Migration
ALTER TABLE items ALTER COLUMN tsv SET STORAGE EXTENDED;
