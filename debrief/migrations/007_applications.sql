-- Applications and their rounds, and interviews planned before they happen.
-- An application is one company and role; its rounds are the interviews that point at it. Its stage
-- follows from its rounds' outcomes (debrief.applications) unless the user set `stage`. Interviews
-- already stored are filed into applications when the database opens (debrief.upkeep), by the same
-- rule a save uses: same company and role, ignoring case and spaces at the ends.
-- A scheduled interview belongs to an application; once its debrief is saved, `interview_id` points at
-- it. `starts_at` is the user's own wall-clock time (no zone), like the days the follow-ups plan by.
-- `revision` counts moves, so calendar apps update the re-imported event in place.
-- Rows refer to each other by id without FOREIGN KEY clauses, as in 001.
CREATE SEQUENCE application_ids START 1;
CREATE SEQUENCE scheduled_interview_ids START 1;

CREATE TABLE applications (
    id BIGINT PRIMARY KEY DEFAULT nextval('application_ids'),
    company VARCHAR NOT NULL,
    role VARCHAR NOT NULL DEFAULT '',
    stage VARCHAR CHECK (stage IN ('applied', 'interviewing', 'offer', 'rejected', 'withdrawn')),
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

ALTER TABLE interviews ADD COLUMN application_id BIGINT;

CREATE TABLE scheduled_interviews (
    id BIGINT PRIMARY KEY DEFAULT nextval('scheduled_interview_ids'),
    application_id BIGINT NOT NULL,
    round VARCHAR NOT NULL DEFAULT '',
    starts_at TIMESTAMP NOT NULL,
    duration_minutes SMALLINT NOT NULL DEFAULT 60 CHECK (duration_minutes BETWEEN 5 AND 720),
    format VARCHAR NOT NULL DEFAULT '',
    interviewers VARCHAR NOT NULL DEFAULT '',
    notes VARCHAR NOT NULL DEFAULT '',
    interview_id BIGINT,
    revision INTEGER NOT NULL DEFAULT 0 CHECK (revision >= 0)
);
CREATE INDEX scheduled_by_application ON scheduled_interviews (application_id);
