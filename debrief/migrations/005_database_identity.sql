-- Which database this is: an id made when the file is created (a restore copies the backup's), and
-- when it was last restored. A browser tab that read its data from another database, or from before a
-- restore, is refused when it saves, instead of writing over a record that happens to share an id.
CREATE TABLE database_identity (
    only_row BOOLEAN PRIMARY KEY DEFAULT true CHECK (only_row),
    database_id UUID NOT NULL DEFAULT uuid(),
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    restored_at TIMESTAMP
);
INSERT INTO database_identity DEFAULT VALUES;
