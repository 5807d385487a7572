-- Question groups: which recalled questions ask the same underlying question.
CREATE SEQUENCE question_group_ids START 1;
CREATE SEQUENCE question_correction_ids START 1;

-- group_key is stable across regroupings: 'bank:<id>' for a question of the shipped bank,
-- 'own:<normalised text>' for a group led by the user's own wording, 'alone:<normalised text>' for a
-- question the user moved out into a group of its own.
CREATE TABLE question_groups (
    id BIGINT PRIMARY KEY DEFAULT nextval('question_group_ids'),
    group_key VARCHAR NOT NULL UNIQUE,
    canonical VARCHAR NOT NULL,
    category VARCHAR
);

-- The group of each distinct question text. Keyed by the text rather than the question row, because
-- saving an edited debrief rewrites its question rows but not their texts: the groups stay put.
-- auto_key is what the matcher decided before the user's corrections, so corrections can be
-- re-applied (or undone) without matching again.
CREATE TABLE question_text_groups (
    text VARCHAR PRIMARY KEY,
    text_key VARCHAR NOT NULL,
    auto_key VARCHAR NOT NULL,
    group_id BIGINT NOT NULL
);
CREATE INDEX question_text_groups_by_group ON question_text_groups (group_id);

-- The user's corrections, in order; replayed after every regrouping. Each moves its subjects
-- ('text:<normalised text>', 'bank:<id>' or 'own:<normalised text>') into the group of its target.
CREATE TABLE question_group_corrections (
    id BIGINT PRIMARY KEY DEFAULT nextval('question_correction_ids'),
    action VARCHAR NOT NULL CHECK (action IN ('merge', 'move_out')),
    subjects VARCHAR[] NOT NULL,
    target VARCHAR NOT NULL,
    summary VARCHAR NOT NULL,
    corrected_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
