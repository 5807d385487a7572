"""A realistic demo data set of any size, generated in bulk with numpy and written as DataFrames.

The patterns are the ones the product is meant to reveal: a few mistakes recur far more than others,
some fade as the candidate improves (nerves, rambling) while others persist (salary), strengths grow,
a handful of questions come up again and again, worded differently each time as people jot them down.
Interviews are rounds of applications (screen, then technical, panel, final…), and later rounds ask
again what earlier ones asked, as real ones do; each round type leans on its own kinds of question,
and each company has favourite questions of its own.
Some later rounds were scheduled in Debrief beforehand, and the open applications have their next
round coming up.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from debrief import follow_ups, practice, question_groups
from debrief.models import taxonomy
from debrief.repository import insert_frame
from debrief.store import Progress, Store, first_row, no_progress

VOCABULARY_FILE = Path(__file__).resolve().parent.parent / "data" / "demo_vocabulary.json"
SPAN_DAYS = 730
ONE_OFF_SHARE = 0.15
# Rounds in the order an application goes through them; a first interview is one of the first three.
ROUND_LADDER = (
    "Recruiter screen",
    "Phone screen",
    "First round",
    "Technical",
    "Second round",
    "Panel",
    "Final",
)
FIRST_RUNGS = 3
CONTINUED_SHARE = 0.6  # of interviews, the next round of an application still open
OPEN_DAYS = 35  # an application with no round for longer than this has gone quiet
CARRIED_SHARE = 0.45  # of a later round's questions, asked again from an earlier round
HABITS_PER_COMPANY = 2  # question groups each company favours, whatever the round
HABIT_SHARE = 0.2  # of a company's questions, one of its favourites
SCHEDULED_SHARE = 0.5  # of later rounds, scheduled in Debrief beforehand
DECIDED = ("Offer", "Rejected", "Withdrew")


@cache
def vocabulary() -> dict:
    return json.loads(VOCABULARY_FILE.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class DemoSize:
    """How much to generate: interviews, and roughly how many items each (mistakes, strengths, questions)."""

    interviews: int
    items_per_interview: float = 12.0


def _pick(rng: np.random.Generator, options: list, size: int, weights=None) -> np.ndarray:
    probabilities = None
    if weights is not None:
        weights = np.asarray(weights, dtype=float)
        probabilities = weights / weights.sum()
    return np.asarray(options, dtype=object)[rng.choice(len(options), size=size, p=probabilities)]


def _drifting_choice(
    rng: np.random.Generator, start: np.ndarray, end: np.ndarray, progress: np.ndarray
) -> np.ndarray:
    """Indices drawn per row from a mix of two weightings that moves from `start` to `end` with progress."""
    use_end = rng.random(len(progress)) < progress
    start_draw = rng.choice(len(start), size=len(progress), p=start / start.sum())
    end_draw = rng.choice(len(end), size=len(progress), p=end / end.sum())
    return np.where(use_end, end_draw, start_draw)


def _texts_for(rng: np.random.Generator, pools: list[list[str]], chosen: np.ndarray) -> np.ndarray:
    """For each chosen pool index, one random text from that pool."""
    sizes = np.array([len(pool) for pool in pools])
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    flat = np.asarray([text for pool in pools for text in pool], dtype=object)
    within = np.floor(rng.random(len(chosen)) * sizes[chosen]).astype(int)
    return flat[offsets[chosen] + within]


def _reflections(
    rng, kind: str, spec: dict, interview_ids, progress, mean_per_interview, trend
) -> pd.DataFrame:
    names = list(spec)
    counts = rng.poisson(mean_per_interview * trend)
    owner = np.repeat(np.arange(len(interview_ids)), counts)
    row_progress = progress[owner]
    start = np.array([spec[name]["start"] for name in names], dtype=float)
    end = np.array([spec[name]["end"] for name in names], dtype=float)
    chosen = _drifting_choice(rng, start, end, row_progress)
    frame = pd.DataFrame(
        {
            "interview_id": interview_ids[owner],
            "kind": kind,
            "position": _positions(counts),
            "category": np.asarray(names, dtype=object)[chosen],
            "what_happened": _texts_for(rng, [spec[name]["happened"] for name in names], chosen),
            "severity": rng.choice([1, 2, 3], size=len(owner), p=[0.3, 0.45, 0.25]).astype("int16"),
        }
    )
    frame["next_time"] = (
        _texts_for(rng, [spec[name]["next_time"] for name in names], chosen) if kind == "mistake" else ""
    )
    return frame


def _positions(counts: np.ndarray) -> np.ndarray:
    """0, 1, 2 … within each interview's run of rows."""
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    return (np.arange(counts.sum()) - starts).astype("int32")


def _jotted_down(rng: np.random.Generator, texts: np.ndarray) -> np.ndarray:
    """Make some texts look typed in a hurry: lower case, no final punctuation."""
    series = pd.Series(texts, dtype=object)
    hurried = rng.random(len(series)) < 0.25
    series[hurried] = series[hurried].str.lower().str.rstrip("?.!")
    return series.to_numpy(dtype=object)


def _by_round_type(rng, vocab: dict, rounds: np.ndarray) -> np.ndarray:
    """A question group for each asked question, weighted by how much its round type leans on the
    group's kind of question."""
    groups = vocab["questions"]
    base = np.array([group["weight"] for group in groups], dtype=float)
    categories = [group["category"] for group in groups]
    chosen = np.empty(len(rounds), dtype=int)
    for round_type in np.unique(rounds):
        emphasis = vocab["round_emphasis"].get(round_type, {})
        weights = base * np.array([emphasis.get(category, 1.0) for category in categories])
        asked = rounds == round_type
        chosen[asked] = rng.choice(len(groups), size=int(asked.sum()), p=_normalised(weights))
    return chosen


def _company_habits(rng, vocab: dict, companies: np.ndarray, chosen: np.ndarray) -> np.ndarray:
    """Each company has favourite questions it asks in any round: a share of its questions become one
    of them."""
    names = vocab["companies"]
    favourites = np.argsort(rng.random((len(names), len(vocab["questions"]))), axis=1)[:, :HABITS_PER_COMPANY]
    company = pd.Series(range(len(names)), index=names).reindex(companies).to_numpy()
    habitual = (rng.random(len(chosen)) < HABIT_SHARE) & ~np.isnan(company)
    which = rng.integers(0, HABITS_PER_COMPANY, len(chosen))
    result = chosen.copy()
    result[habitual] = favourites[company[habitual].astype(int), which[habitual]]
    return result


def _asked_again(rng, application_of: np.ndarray, owner: np.ndarray, first_round: np.ndarray) -> np.ndarray:
    """For each question, the earlier question of the same application it repeats (-1 for none): a
    later round asks again about a share of what earlier rounds asked."""
    repeats = np.full(len(owner), -1)
    draws = rng.random(len(owner))
    picks = rng.random(len(owner))
    asked_before: dict[int, list[int]] = {}
    start = 0
    for interview, count in zip(*np.unique(owner, return_counts=True), strict=True):
        earlier = asked_before.setdefault(int(application_of[interview]), [])
        questions = range(start, start + count)
        if not first_round[interview] and earlier:
            for question in questions:
                if draws[question] < CARRIED_SHARE:
                    repeats[question] = earlier[int(picks[question] * len(earlier))]
        earlier.extend(questions)
        start += count
    return repeats


def _first_asked(repeats: np.ndarray) -> np.ndarray:
    """For each question repeating an earlier one (-1: none), the question it goes back to first: a
    repeat of a repeat asks what the first one asked."""
    first = repeats.copy()
    while True:
        earlier = np.where(first >= 0, repeats[np.maximum(first, 0)], -1)
        further = earlier >= 0
        if not further.any():
            return first
        first[further] = earlier[further]


def _questions(
    rng, vocab: dict, interviews: pd.DataFrame, application_of: np.ndarray, progress, mean_per_interview
) -> pd.DataFrame:
    groups = vocab["questions"]
    interview_ids = interviews["id"].to_numpy()
    counts = np.maximum(rng.poisson(mean_per_interview, size=len(interview_ids)), 1)
    owner = np.repeat(np.arange(len(interview_ids)), counts)
    total = len(owner)
    chosen = _by_round_type(rng, vocab, interviews["round"].to_numpy()[owner])
    chosen = _company_habits(rng, vocab, interviews["company"].to_numpy()[owner], chosen)
    texts = _texts_for(rng, [group["phrasings"] for group in groups], chosen)
    categories = np.asarray([group["category"] for group in groups], dtype=object)[chosen]
    difficulty = np.array([group["difficulty"] for group in groups])[chosen]
    better = np.asarray([group["better_answer"] for group in groups], dtype=object)[chosen]

    one_off = rng.random(total) < ONE_OFF_SHARE
    one_off_categories = list(vocab["one_off_templates"])
    one_off_pick = rng.choice(len(one_off_categories), size=int(one_off.sum()))
    templates = _texts_for(rng, [vocab["one_off_templates"][c] for c in one_off_categories], one_off_pick)
    subjects = _texts_for(rng, [vocab["one_off_subjects"][c] for c in one_off_categories], one_off_pick)
    texts[one_off] = [template.format(subject) for template, subject in zip(templates, subjects, strict=True)]
    categories[one_off] = np.asarray(one_off_categories, dtype=object)[one_off_pick]
    difficulty[one_off] = 2.5
    better[one_off] = ""

    first_round = ~pd.Series(application_of).duplicated().to_numpy()
    repeats = _first_asked(_asked_again(rng, application_of, owner, first_round))
    again = repeats >= 0
    source = repeats[again]
    rephrased = again & ~one_off[np.maximum(repeats, 0)]
    chosen[again] = chosen[source]
    texts[again] = texts[source]
    texts[rephrased] = _texts_for(rng, [group["phrasings"] for group in groups], chosen[rephrased])
    categories[again] = categories[source]
    difficulty[again] = difficulty[source] + 0.5  # asked before: the candidate has thought about it
    better[again] = better[source]
    one_off[again] = one_off[source]

    rating = np.clip(np.rint(difficulty + 1.2 * progress[owner] + rng.normal(0, 0.8, total)), 1, 5).astype(
        "int16"
    )
    off_guard = rng.random(total) < np.where(rating <= 2, 0.45, 0.08)
    better = np.where((rating <= 3) & (rng.random(total) < 0.6), better, "")
    return pd.DataFrame(
        {
            "interview_id": interview_ids[owner],
            "position": _positions(counts),
            "text": _jotted_down(rng, texts),
            "category": categories,
            "answer_rating": rating,
            "off_guard": off_guard,
            "better_answer": better,
            # Which of the vocabulary's groups it was asked from (-1: a one-off), for practice; not stored.
            "group": np.where(one_off, -1, chosen),
        }
    )


def _practice(
    rng: np.random.Generator, interviews: pd.DataFrame, frames: dict[str, pd.DataFrame], progress: np.ndarray
) -> pd.DataFrame:
    """Rehearsals between interviews, more as the candidate gets into the habit, and what they do: a
    question practised since it was last asked is answered a point better; a mistake rehearsed before
    the next interview comes up there half as often. Returns the sessions (kind, what they rehearsed:
    a question's text or a mistake's category, when, the rating given). Drawn last, so the rest of a
    seed's data stays as it was."""
    days = pd.to_datetime(interviews["interview_date"]).to_numpy(dtype="datetime64[ns]")
    place = pd.Series(np.arange(len(interviews)), index=interviews["id"].to_numpy())
    questions = frames["questions"]
    asked_at = place.loc[questions["interview_id"]].to_numpy()
    group = questions["group"].to_numpy()
    previous = pd.Series(asked_at).groupby(group).shift(1).to_numpy()
    earlier_day = np.zeros(len(questions), dtype=bool)
    known = ~np.isnan(previous)
    earlier_day[known] = days[previous[known].astype(int)] < days[asked_at[known]]
    # Practice falls between two days: a question asked again the same day had no evening between.
    recurring = (group >= 0) & earlier_day
    practised = recurring & (rng.random(len(questions)) < 0.15 + 0.45 * progress[asked_at])
    ratings = questions["answer_rating"].to_numpy().copy()
    ratings[practised] = np.minimum(ratings[practised] + 1, 5)
    questions["answer_rating"] = ratings.astype("int16")
    question_sessions = pd.DataFrame(
        {
            "kind": "question",
            "subject": questions["text"].to_numpy()[practised],
            "after": days[previous[practised].astype(int)],
            "before": days[asked_at[practised]],
        }
    )

    mistakes = frames["reflections"]
    mistakes = mistakes[mistakes["kind"] == "mistake"]
    made_at = place.loc[mistakes["interview_id"]].to_numpy()
    following_place = np.minimum(made_at + 1, len(interviews) - 1)
    has_next = (made_at + 1 < len(interviews)) & (days[following_place] > days[made_at])
    rehearsed = has_next & (rng.random(len(mistakes)) < 0.1 + 0.4 * progress[made_at])
    following = interviews["id"].to_numpy()[following_place]
    rehearsed_next = set(zip(following[rehearsed], mistakes["category"].to_numpy()[rehearsed], strict=True))
    reflections = frames["reflections"]
    spared = [
        kind == "mistake" and (interview, category) in rehearsed_next and draw < 0.5
        for kind, interview, category, draw in zip(
            reflections["kind"],
            reflections["interview_id"],
            reflections["category"],
            rng.random(len(reflections)),
            strict=True,
        )
    ]
    frames["reflections"] = reflections[~np.asarray(spared, dtype=bool)].reset_index(drop=True)
    mistake_sessions = pd.DataFrame(
        {
            "kind": "mistake",
            "subject": mistakes["category"].to_numpy()[rehearsed],
            "after": days[made_at[rehearsed]],
            "before": days[following_place[rehearsed]],
        }
    )
    sessions = pd.concat([question_sessions, mistake_sessions], ignore_index=True)
    gap = (sessions["before"] - sessions["after"]).dt.days.clip(lower=1).to_numpy()
    offset = np.floor(rng.random(len(sessions)) * gap).astype(int)
    sessions["reviewed_at"] = (
        sessions["after"] + pd.to_timedelta(offset, unit="D") + pd.Timedelta(hours=19)
    ).clip(upper=sessions["before"] - pd.Timedelta(hours=1))
    sessions["rating"] = rng.choice([1, 2, 3, 4], size=len(sessions), p=[0.12, 0.23, 0.5, 0.15])
    return sessions[["kind", "subject", "reviewed_at", "rating"]].sort_values("reviewed_at", kind="stable")


def _rounds_of_applications(rng: np.random.Generator, interviews: pd.DataFrame) -> np.ndarray:
    """Make interviews rounds of applications, in date order: most continue an application still open
    (its company and role, the next round type, and "Next round" for the round before); the rest start
    one. An application closes with an offer, a rejection or a withdrawal, or after weeks of quiet.
    Returns each interview's application, numbered from 0."""
    n = len(interviews)
    company = interviews["company"].to_numpy(dtype=object).copy()
    role = interviews["role"].to_numpy(dtype=object).copy()
    round_type = interviews["round"].to_numpy(dtype=object).copy()
    outcome = interviews["outcome"].to_numpy(dtype=object).copy()
    dates = interviews["interview_date"].to_numpy()
    continues = rng.random(n) < CONTINUED_SHARE
    picks = rng.random(n)
    first_rung = rng.integers(0, FIRST_RUNGS, n)
    application_of = np.empty(n, dtype="int64")
    open_ones: list[dict] = []  # application, its last round's row and rung
    started = 0
    for row in range(n):
        open_ones = [one for one in open_ones if (dates[row] - dates[one["row"]]).days <= OPEN_DAYS]
        if continues[row] and open_ones:
            one = open_ones[int(picks[row] * len(open_ones))]
            company[row], role[row] = company[one["row"]], role[one["row"]]
            outcome[one["row"]] = "Next round"
            one["rung"] = min(one["rung"] + 1, len(ROUND_LADDER) - 1)
            one["row"] = row
        else:
            one = {"application": started, "row": row, "rung": int(first_rung[row])}
            started += 1
            open_ones.append(one)
        round_type[row] = ROUND_LADDER[one["rung"]]
        application_of[row] = one["application"]
        if outcome[row] in DECIDED:
            open_ones.remove(one)
    interviews["company"], interviews["role"] = company, role
    interviews["round"], interviews["outcome"] = round_type, outcome
    return application_of


def _applications(interviews: pd.DataFrame, first_application_id: int) -> pd.DataFrame:
    first_rounds = interviews.drop_duplicates("application_id")
    return pd.DataFrame(
        {
            "id": first_rounds["application_id"].to_numpy(),
            "company": first_rounds["company"].to_numpy(),
            "role": first_rounds["role"].to_numpy(),
            "created_at": pd.to_datetime(first_rounds["interview_date"]).to_numpy() - np.timedelta64(14, "D"),
        }
    )


def _scheduled(
    rng: np.random.Generator, interviews: pd.DataFrame, end_date: dt.date, first_plan_id: int
) -> pd.DataFrame:
    """Plans: half the later rounds were scheduled in Debrief before they happened (so their debrief
    starts from the plan), and each application whose last round went on to a next round, in the last
    three weeks, has that round coming up in the next days. Drawn last, so the rest of a seed's data
    stays as it was."""
    names = vocabulary()["interviewers"]
    later = interviews["application_id"].duplicated().to_numpy()
    prepared = interviews[later & (rng.random(len(interviews)) < SCHEDULED_SHARE)]
    latest = interviews.drop_duplicates("application_id", keep="last")
    recent = pd.to_datetime(latest["interview_date"]) >= pd.Timestamp(end_date) - pd.Timedelta(days=21)
    coming = latest[recent.to_numpy() & latest["outcome"].isin(["Next round", "Waiting"]).to_numpy()]
    next_rung = [
        ROUND_LADDER[min(ROUND_LADDER.index(kind) + 1, len(ROUND_LADDER) - 1)]
        if kind in ROUND_LADDER
        else kind
        for kind in coming["round"]
    ]
    days = np.concatenate(
        [
            pd.to_datetime(prepared["interview_date"]).to_numpy(dtype="datetime64[ns]"),
            np.datetime64(end_date, "ns") + rng.integers(1, 10, len(coming)) * np.timedelta64(1, "D"),
        ]
    )
    total = len(days)
    hours = rng.choice([9, 10, 11, 14, 15, 16], total) * np.timedelta64(1, "h")
    first, second = _pick(rng, names, total), _pick(rng, names, total)
    both = rng.random(total) < 0.4
    return pd.DataFrame(
        {
            "id": np.arange(first_plan_id, first_plan_id + total, dtype="int64"),
            "application_id": np.concatenate([prepared["application_id"], coming["application_id"]]),
            "round": np.concatenate([prepared["round"], next_rung]).astype(object),
            "starts_at": pd.to_datetime(days).normalize() + pd.to_timedelta(hours),
            "format": np.concatenate([prepared["format"], coming["format"]]),
            "interviewers": np.where(both & (first != second), first + ", " + second, first),
            "interview_id": pd.array([*prepared["id"], *([None] * len(coming))], dtype="Int64"),
        }
    )


def _normalised(weights) -> np.ndarray:
    weights = np.asarray(weights, dtype=float)
    return weights / weights.sum()


def _evaluations(rng, interview_ids) -> pd.DataFrame:
    n = len(interview_ids)
    professionalism = rng.choice([1, 2, 3, 4, 5], size=n, p=[0.05, 0.1, 0.25, 0.35, 0.25]).astype("int16")
    unprofessional = professionalism <= 2
    in_my_control = np.where(unprofessional, rng.normal(40, 15, n), rng.normal(70, 15, n))
    return pd.DataFrame(
        {
            "interview_id": interview_ids,
            "professionalism": professionalism,
            "awkward_pauses": rng.random(n) < np.where(unprofessional, 0.5, 0.15),
            "intimidating_questions": rng.random(n) < np.where(unprofessional, 0.45, 0.08),
            "seemed_inexperienced": rng.random(n) < np.where(unprofessional, 0.35, 0.06),
            "on_time": rng.random(n) < 0.9,
            "in_my_control": (np.clip(np.rint(in_my_control / 10) * 10, 0, 100)).astype("int16"),
        }
    )


def generate_demo(
    size: DemoSize,
    seed: int,
    first_id: int = 1,
    end_date: dt.date | None = None,
    first_application_id: int = 1,
    first_plan_id: int = 1,
) -> dict[str, pd.DataFrame]:
    """The demo data set as one DataFrame per table, interview, application and scheduled-interview ids
    starting at the numbers given.

    The same size, seed, first ids and end date always give the same data.
    """
    rng = np.random.default_rng(seed)
    vocab = vocabulary()
    lists = taxonomy()
    n = size.interviews
    end_date = end_date or dt.date.today()
    interview_ids = np.arange(first_id, first_id + n, dtype="int64")
    days_before_end = np.sort(rng.integers(0, SPAN_DAYS, size=n))[::-1]
    dates = pd.to_datetime(end_date) - pd.to_timedelta(days_before_end, unit="D")
    progress = np.linspace(0.0, 1.0, n) if n > 1 else np.zeros(n)

    company_weights = 1.0 / np.arange(1, len(vocab["companies"]) + 1)
    interviews = pd.DataFrame(
        {
            "id": interview_ids,
            "company": _pick(rng, vocab["companies"], n, company_weights),
            "role": _pick(rng, vocab["roles"], n),
            "interview_date": dates.date,
            "round": _pick(rng, lists["round"], n, [3, 3, 4, 3, 2, 1, 1, 0.2]),
            "format": _pick(rng, lists["format"], n, [6, 2, 3, 1, 1, 0.2]),
            "outcome": _outcomes(rng, lists["outcome"], progress),
        }
    )
    application_of = _rounds_of_applications(rng, interviews)
    interviews["application_id"] = application_of + first_application_id
    share = size.items_per_interview / 12.0
    improving = 1.0 - 0.5 * progress
    growing = 0.7 + 0.6 * progress
    frames = {
        "interviews": interviews,
        "reflections": pd.concat(
            [
                _reflections(
                    rng, "mistake", vocab["mistakes"], interview_ids, progress, 3.5 * share, improving
                ),
                _reflections(
                    rng, "strength", vocab["strengths"], interview_ids, progress, 2.5 * share, growing
                ),
            ],
            ignore_index=True,
        ),
        "interviewer_evaluations": _evaluations(rng, interview_ids),
        "questions": _questions(rng, vocab, interviews, application_of, progress, 5.0 * share),
    }
    _unprofessional_interviewers_reject_more(rng, interviews, frames["interviewer_evaluations"])
    frames.update(_transcripts(rng, interviews, frames["questions"], progress))
    frames["applications"] = _applications(interviews, first_application_id)
    frames["scheduled_interviews"] = _scheduled(rng, interviews, end_date, first_plan_id)
    frames["practice_sessions"] = _practice(rng, interviews, frames, progress)
    frames["questions"] = frames["questions"].drop(columns="group")
    # Applications first: the rows written before the rows that point at them.
    return {"applications": frames.pop("applications"), **frames}


def _transcripts(
    rng: np.random.Generator, interviews: pd.DataFrame, questions: pd.DataFrame, progress: np.ndarray
) -> dict[str, pd.DataFrame]:
    """Call transcripts of some video calls: answers that get shorter, fewer filler words and a smaller
    share of the talking as the candidate improves. Drawn last, so the rest of a seed's data stays as
    it was."""
    transcribed = (interviews["format"].to_numpy() == "Video call") & (rng.random(len(interviews)) < 0.4)
    ids = interviews["id"].to_numpy()[transcribed]
    answers = questions[questions["interview_id"].isin(ids)].copy()
    step = pd.Series(progress[transcribed], index=ids)
    answer_progress = step.loc[answers["interview_id"]].to_numpy()
    total = len(answers)
    seconds = rng.lognormal(np.log(115 - 45 * answer_progress), 0.45, total).clip(8, 600)
    words = np.rint(seconds / 60 * rng.normal(150, 15, total).clip(100, 200)).astype("int32")
    fillers = rng.poisson(words / 100 * (6.0 - 3.5 * answer_progress)).astype("int32")
    gaps = rng.uniform(15, 45, total)
    answers = pd.DataFrame(
        {
            "interview_id": answers["interview_id"].to_numpy(),
            "position": answers["position"].to_numpy(),
            "asked_at": (
                pd.Series(seconds + gaps).groupby(answers["interview_id"].to_numpy()).cumsum().to_numpy()
                - seconds
            ).round(1),
            "speaker": "Interviewer",
            "question": answers["text"].to_numpy(),
            "follow_up": rng.random(total) < 0.3,
            "answer_seconds": seconds.round(1),
            "answer_words": words,
            "fillers": fillers,
        }
    )
    by_interview = answers.groupby("interview_id").agg(
        my_seconds=("answer_seconds", "sum"), my_words=("answer_words", "sum"), fillers=("fillers", "sum")
    )
    share = (
        0.72 - 0.17 * step.loc[by_interview.index].to_numpy() + rng.normal(0, 0.04, len(by_interview))
    ).clip(0.3, 0.9)
    measures = pd.DataFrame(
        {
            "interview_id": by_interview.index.to_numpy(),
            "source_format": "zoom-vtt",
            "my_seconds": by_interview["my_seconds"].round(1).to_numpy(),
            "everyone_seconds": (by_interview["my_seconds"] / share).round(1).to_numpy(),
            "my_words": by_interview["my_words"].to_numpy(),
            "everyone_words": np.rint(by_interview["my_words"] / share).astype("int32").to_numpy(),
            "fillers": by_interview["fillers"].to_numpy(),
        }
    )
    return {"transcript_measures": measures, "transcript_answers": answers}


def _unprofessional_interviewers_reject_more(
    rng: np.random.Generator, interviews: pd.DataFrame, evaluations: pd.DataFrame
) -> None:
    """A rude or distracted interviewer makes a rejection likelier: not every bad interview is your fault.

    Drawn last, so the rest of a seed's data stays as it was.
    """
    unprofessional = evaluations["professionalism"].to_numpy() <= 2
    decided = interviews["outcome"].to_numpy() != "Waiting"
    last_round = ~interviews["application_id"].duplicated(keep="last").to_numpy()
    rejected = unprofessional & decided & last_round & (rng.random(len(interviews)) < 0.5)
    interviews.loc[rejected, "outcome"] = "Rejected"


def _outcomes(rng: np.random.Generator, outcomes: list[str], progress: np.ndarray) -> np.ndarray:
    """Outcomes get better as the candidate improves; the latest interviews are still waiting."""
    start = np.array([0.0, 3.0, 0.3, 6.0, 0.7])
    end = np.array([0.0, 5.0, 1.5, 3.0, 0.5])
    result = np.asarray(outcomes, dtype=object)[_drifting_choice(rng, start, end, progress)]
    latest = progress > 0.97
    result[latest] = outcomes[0]
    return result


def _reserve(cursor, sequence: str, count: int) -> int:
    """The first of `count` consecutive numbers drawn from a sequence (one at least)."""
    first, last = first_row(
        cursor,
        "SELECT min(id), max(id) FROM (SELECT nextval(?) AS id FROM range(?))",
        [sequence, max(count, 1)],
    )
    if last - first + 1 != max(count, 1):
        raise RuntimeError(f"could not reserve a block of consecutive numbers from {sequence}")
    return first


def load_demo(
    store: Store,
    size: DemoSize,
    seed: int,
    end_date: dt.date | None = None,
    report: Progress = no_progress,
) -> int:
    """Add a demo data set to the store in one transaction, with its questions grouped and its follow-up
    plans started; returns how many interviews were added."""
    report(0.0, "Preparing the question matcher")
    matcher = question_groups.matcher_for(store)
    plan = follow_ups.plan_defaults(store)
    with store.transaction() as cursor:
        report(0.0, "Reserving interview numbers")
        first_id = _reserve(cursor, "interview_ids", size.interviews)
        # At most one application and one plan per interview, plus the plans coming up.
        first_application_id = _reserve(cursor, "application_ids", size.interviews)
        first_plan_id = _reserve(cursor, "scheduled_interview_ids", 2 * size.interviews)
        report(0.1, f"Generating {size.interviews:,} interviews")
        frames = generate_demo(
            size,
            seed,
            first_id=first_id,
            end_date=end_date,
            first_application_id=first_application_id,
            first_plan_id=first_plan_id,
        )
        sessions = frames.pop("practice_sessions")
        for done, (table, frame) in enumerate(frames.items(), start=1):
            report(0.2 + 0.6 * (done - 1) / len(frames), f"Writing {len(frame):,} rows to {table}")
            insert_frame(cursor, table, frame)
        report(0.85, "Grouping the questions")
        question_groups.update_groups(cursor, matcher)
        follow_ups.start_missing_plans(cursor, follow_ups.local_today(), plan)
        report(0.95, "Rehearsing")
        practice.replay(cursor, sessions)
        practice.start_missing_cards(cursor)
    report(1.0, "Done")
    return size.interviews
