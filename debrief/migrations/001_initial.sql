-- Foundation schema. No FOREIGN KEY clauses: DuckDB checks them eagerly inside a transaction, which
-- breaks "delete the children, then the parent" in one transaction; the repository keeps the links.
CREATE SEQUENCE interview_ids START 1;
CREATE SEQUENCE item_ids START 1;

CREATE TABLE interviews (
    id BIGINT PRIMARY KEY DEFAULT nextval('interview_ids'),
    company VARCHAR NOT NULL,
    role VARCHAR NOT NULL DEFAULT '',
    interview_date DATE NOT NULL,
    round VARCHAR NOT NULL DEFAULT '',
    format VARCHAR NOT NULL DEFAULT '',
    outcome VARCHAR NOT NULL DEFAULT '',
    notes VARCHAR NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE reflections (
    id BIGINT PRIMARY KEY DEFAULT nextval('item_ids'),
    interview_id BIGINT NOT NULL,
    kind VARCHAR NOT NULL CHECK (kind IN ('mistake', 'strength')),
    position INTEGER NOT NULL,
    category VARCHAR NOT NULL,
    what_happened VARCHAR NOT NULL DEFAULT '',
    severity SMALLINT NOT NULL DEFAULT 2 CHECK (severity BETWEEN 1 AND 3),
    next_time VARCHAR NOT NULL DEFAULT ''
);
CREATE INDEX reflections_by_interview ON reflections (interview_id);

CREATE TABLE interviewer_evaluations (
    interview_id BIGINT PRIMARY KEY,
    professionalism SMALLINT CHECK (professionalism BETWEEN 1 AND 5),
    awkward_pauses BOOLEAN NOT NULL DEFAULT false,
    intimidating_questions BOOLEAN NOT NULL DEFAULT false,
    seemed_inexperienced BOOLEAN NOT NULL DEFAULT false,
    on_time BOOLEAN NOT NULL DEFAULT true,
    in_my_control SMALLINT NOT NULL DEFAULT 50 CHECK (in_my_control BETWEEN 0 AND 100),
    notes VARCHAR NOT NULL DEFAULT ''
);

CREATE TABLE questions (
    id BIGINT PRIMARY KEY DEFAULT nextval('item_ids'),
    interview_id BIGINT NOT NULL,
    position INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    category VARCHAR NOT NULL,
    answer_rating SMALLINT CHECK (answer_rating BETWEEN 1 AND 5),
    off_guard BOOLEAN NOT NULL DEFAULT false,
    notes VARCHAR NOT NULL DEFAULT '',
    better_answer VARCHAR NOT NULL DEFAULT ''
);
CREATE INDEX questions_by_interview ON questions (interview_id);

-- Categories the user added to the shipped taxonomy (data/taxonomy.json).
CREATE TABLE custom_categories (
    kind VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    PRIMARY KEY (kind, name)
);

-- Unsaved debriefs, autosaved as the user types so that a browser refresh loses nothing.
CREATE TABLE drafts (
    draft_key VARCHAR PRIMARY KEY,
    interview_id BIGINT,
    payload JSON NOT NULL,
    saved_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE settings (
    key VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);
