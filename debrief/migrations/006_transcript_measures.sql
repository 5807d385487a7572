-- What a call transcript measured of a debrief (read on the user's machine): the interviewer's
-- questions with how long and how many words each answer took, and the call's totals. Seconds are
-- NULL where the file had no times (plain "Name: text" lines). The transcript's own text is kept only
-- when the user ticked "keep the transcript with this debrief". Rows hang off interviews by
-- interview_id without FOREIGN KEY clauses, as in 001.
CREATE SEQUENCE transcript_answer_ids START 1;

CREATE TABLE transcript_measures (
    interview_id BIGINT PRIMARY KEY,
    source_format VARCHAR NOT NULL,
    turns_guessed BOOLEAN NOT NULL DEFAULT false,
    my_seconds DOUBLE CHECK (my_seconds >= 0),
    everyone_seconds DOUBLE CHECK (everyone_seconds >= 0),
    my_words INTEGER NOT NULL CHECK (my_words >= 0),
    everyone_words INTEGER NOT NULL CHECK (everyone_words >= 0),
    fillers INTEGER NOT NULL CHECK (fillers >= 0),
    kept_text VARCHAR,
    -- the "Rambling" mistake suggested by answers over two minutes: open, accepted or dismissed
    long_answers VARCHAR NOT NULL DEFAULT 'open' CHECK (long_answers IN ('open', 'accepted', 'dismissed'))
);

CREATE TABLE transcript_answers (
    id BIGINT PRIMARY KEY DEFAULT nextval('transcript_answer_ids'),
    interview_id BIGINT NOT NULL,
    position INTEGER NOT NULL,
    asked_at DOUBLE CHECK (asked_at >= 0),
    speaker VARCHAR NOT NULL DEFAULT '',
    question VARCHAR NOT NULL,
    follow_up BOOLEAN NOT NULL DEFAULT false,
    answer_seconds DOUBLE CHECK (answer_seconds >= 0),
    answer_words INTEGER NOT NULL CHECK (answer_words >= 0),
    fillers INTEGER NOT NULL CHECK (fillers >= 0)
);
CREATE INDEX transcript_answers_by_interview ON transcript_answers (interview_id);
