-- Steps 4 and 5 of the method: who interviewed you, the thank-you notes, and the follow-up plan.
-- Days the user plans by (due, sent, done) are DATE values in the user's own calendar, so a reminder
-- never moves to another day when the clock's time zone changes. Instants (saved_at, done_at) are
-- TIMESTAMP values in UTC written by the application; DuckDB's current_timestamp would give the
-- session's local time instead, which is why these columns have no default.
-- Rows hang off interviews by interview_id without FOREIGN KEY clauses, as in 001.
CREATE SEQUENCE contact_ids START 1;
CREATE SEQUENCE note_ids START 1;
CREATE SEQUENCE follow_up_ids START 1;

CREATE TABLE contacts (
    id BIGINT PRIMARY KEY DEFAULT nextval('contact_ids'),
    interview_id BIGINT NOT NULL,
    position INTEGER NOT NULL,
    name VARCHAR NOT NULL,
    title VARCHAR NOT NULL DEFAULT '',
    email VARCHAR NOT NULL DEFAULT '',
    linkedin_url VARCHAR NOT NULL DEFAULT '',
    notes VARCHAR NOT NULL DEFAULT ''
);
CREATE INDEX contacts_by_interview ON contacts (interview_id);

-- A note with sent_on NULL is the interview's draft (at most one); the others were sent.
CREATE TABLE thank_you_notes (
    id BIGINT PRIMARY KEY DEFAULT nextval('note_ids'),
    interview_id BIGINT NOT NULL,
    recipient VARCHAR NOT NULL,
    recipient_email VARCHAR NOT NULL DEFAULT '',
    tone VARCHAR NOT NULL CHECK (tone IN ('warm', 'formal')),
    channel VARCHAR NOT NULL CHECK (channel IN ('email', 'linkedin')),
    mistake_position INTEGER,
    subject VARCHAR NOT NULL DEFAULT '',
    body VARCHAR NOT NULL,
    saved_at TIMESTAMP NOT NULL,
    sent_on DATE,
    sent_via VARCHAR CHECK (sent_via IN ('email', 'linkedin', 'phone'))
);
CREATE INDEX notes_by_interview ON thank_you_notes (interview_id);

-- One plan per interview: when its steps fall due, and whether the user stopped following up
-- (stopped_reason 'user'), or the interview was already old when follow-ups began ('older').
CREATE TABLE follow_up_plans (
    interview_id BIGINT PRIMARY KEY,
    thank_you_days SMALLINT NOT NULL,
    check_in_days SMALLINT NOT NULL,
    cadence_months SMALLINT NOT NULL,
    stopped_on DATE,
    stopped_reason VARCHAR CHECK (stopped_reason IN ('user', 'older'))
);

-- The plan's steps. Only the next keep-in-touch exists at any time: its date follows from when the
-- user last got in touch. `revision` counts reschedules, so calendar apps update a re-imported event.
CREATE TABLE follow_ups (
    id BIGINT PRIMARY KEY DEFAULT nextval('follow_up_ids'),
    interview_id BIGINT NOT NULL,
    step VARCHAR NOT NULL CHECK (step IN ('thank_you', 'check_in', 'keep_in_touch')),
    due_on DATE NOT NULL,
    status VARCHAR NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'stopped')),
    revision INTEGER NOT NULL DEFAULT 0,
    done_on DATE,
    done_at TIMESTAMP,
    done_via VARCHAR CHECK (done_via IN ('email', 'linkedin', 'phone')),
    note VARCHAR NOT NULL DEFAULT ''
);
CREATE INDEX follow_ups_by_interview ON follow_ups (interview_id);
