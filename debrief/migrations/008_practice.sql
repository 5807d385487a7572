-- Practice: cards to rehearse, their spaced-repetition state (FSRS, kept as py-fsrs's Card holds it)
-- and every rating given, with its time.
-- A card is one of: a question group (`subject` its group key), a recurring mistake (`subject` its
-- category) or the user's own (`subject` empty). `prompt` is what the card asks as it was when the
-- card was made (a group's wording may change when questions are regrouped); `answer` is the user's
-- own best answer typed in practice, which comes before the debriefs' ones. `cram_until`: the start of
-- an interview coming up whose brief expects this question; until then the card falls due daily.
-- Times are UTC, as the application writes them. Rows refer to each other by id without FOREIGN KEY
-- clauses, as in 001.
CREATE SEQUENCE practice_card_ids START 1;
CREATE SEQUENCE practice_review_ids START 1;

CREATE TABLE practice_cards (
    id BIGINT PRIMARY KEY DEFAULT nextval('practice_card_ids'),
    kind VARCHAR NOT NULL CHECK (kind IN ('question', 'mistake', 'own')),
    subject VARCHAR NOT NULL DEFAULT '',
    prompt VARCHAR NOT NULL,
    answer VARCHAR NOT NULL DEFAULT '',
    status VARCHAR NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'retired')),
    created_at TIMESTAMP NOT NULL,
    fsrs_state SMALLINT NOT NULL DEFAULT 1 CHECK (fsrs_state BETWEEN 1 AND 3),
    fsrs_step SMALLINT CHECK (fsrs_step >= 0),
    stability DOUBLE CHECK (stability > 0),
    difficulty DOUBLE CHECK (difficulty BETWEEN 1 AND 10),
    due TIMESTAMP NOT NULL,
    last_review TIMESTAMP,
    cram_until TIMESTAMP
);
CREATE INDEX practice_cards_by_subject ON practice_cards (kind, subject);

CREATE TABLE practice_reviews (
    id BIGINT PRIMARY KEY DEFAULT nextval('practice_review_ids'),
    card_id BIGINT NOT NULL,
    rating SMALLINT NOT NULL CHECK (rating BETWEEN 1 AND 4),
    reviewed_at TIMESTAMP NOT NULL,
    typed_answer VARCHAR NOT NULL DEFAULT ''
);
CREATE INDEX practice_reviews_by_card ON practice_reviews (card_id);
