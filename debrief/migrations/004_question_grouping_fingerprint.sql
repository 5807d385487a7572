-- Which matcher (its question bank and code) made the stored automatic groups. When an update ships
-- another bank, the stored questions are grouped again once, with the user's corrections replayed.
-- One row at most; none in a database grouped before this migration, which is then regrouped too.
CREATE TABLE question_grouping (
    only_row BOOLEAN PRIMARY KEY DEFAULT true CHECK (only_row),
    matcher_fingerprint VARCHAR NOT NULL
);
