"""The brief on a tiny history whose answers are known exactly.

#  company  role     date        round         questions (rating, better answer)  mistakes (next time)
1  Acme     Backend  2026-01-10  First round   pipeline (2, Token bucket, off      Rambling (Two minutes max)
                                               guard), yourself (3, Old pitch)
2  Globex   Data     2026-01-20  Second round  why us, weakness                    Rambling (Pause and check
                                                                                   in), Nerves
3  Initech  Analyst  2026-02-01  Second round  weakness, yourself (4, Two-minute   Rambling (Stop after the
                                               pitch)                              result), Nerves
4  Globex   Data     2026-02-05  Technical     weakness, CAP theorem               -
5  Initech  Analyst  2026-02-10  Final         yourself (5, no better answer)      -
6  Acme     Backend  2026-03-05  Second round  yourself, weakness, a surprise      Rambling

The brief is for Acme's Second round before 2026-03-01 (interviews 1-5); interview 6 is the prepared one.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics import brief as brief_module
from analytics.brief import (
    Brief,
    BriefTarget,
    History,
    brief_hit_rates,
    brief_html,
    brief_markdown,
    make_brief,
    markdown_text,
    plan_vs_actual,
    preparation,
)
from analytics.charts import make_brief_hits_figure, make_mistakes_avoided_figure
from analytics.filters import InterviewFilter
from debrief import repository
from debrief.cli import main
from debrief.matching.bank import question_bank
from debrief.models import InterviewerEvaluation, Question, Reflection
from debrief.store import Store
from tests.conftest import make_debrief

LEDGER = "Sketch the billing pipeline you built at Initrode"
YOURSELF = "Tell me about yourself"
WEAKNESS = "What is your greatest weakness?"
WHY_US = "Why do you want to work for us?"
CAP = "Explain the CAP theorem"
SURPRISE = "How many piano tuners are there in Chicago?"  # the bank's estimation question
BEFORE = dt.date(2026, 3, 1)
TARGET = BriefTarget("Acme", "Backend engineer", "Second round", before=BEFORE)


def question(text, rating=None, better="", off_guard=False, category="Behavioural"):
    return Question(
        text=text, category=category, answer_rating=rating, better_answer=better, off_guard=off_guard
    )


def mistake(category, next_time=""):
    return Reflection(category=category, what_happened=f"{category} again", next_time=next_time)


def debrief(company, role, day, round_, questions, mistakes=(), strengths=(), evaluation=None):
    return make_debrief(
        company,
        role=role,
        interview_date=day,
        round=round_,
        outcome="Next round",
        questions=list(questions),
        mistakes=list(mistakes),
        strengths=list(strengths),
        evaluation=evaluation or InterviewerEvaluation(),
    )


HISTORY = [
    debrief(
        "Acme", "Backend engineer", dt.date(2026, 1, 10), "First round",
        [question(LEDGER, 2, "Token bucket", True, "Technical"), question(YOURSELF, 3, "Old pitch")],
        [mistake("Rambling", "Two minutes max")],
        [
            Reflection(category="Good questions", what_happened="How do you deploy on a Friday?"),
            Reflection(category="Rapport", what_happened="Shared a laugh about *cats*"),
        ],
        InterviewerEvaluation(professionalism=4, notes="Friendly, on time"),
    ),
    debrief(
        "Globex", "Data engineer", dt.date(2026, 1, 20), "Second round",
        [question(WHY_US, 3), question(WEAKNESS, 2)],
        [mistake("Rambling", "Pause and check in"), mistake("Nerves")],
    ),
    debrief(
        "Initech", "Analyst", dt.date(2026, 2, 1), "Second round",
        [question(WEAKNESS, 3), question(YOURSELF, 4, "Two-minute pitch")],
        [mistake("Rambling", "Stop after the result"), mistake("Nerves")],
        [Reflection(category="Rapport", what_happened="Made them smile")],
    ),
    debrief(
        "Globex", "Data engineer", dt.date(2026, 2, 5), "Technical",
        [question(WEAKNESS, 3), question(CAP, 2, category="Technical")],
    ),
    debrief("Initech", "Analyst", dt.date(2026, 2, 10), "Final", [question(YOURSELF, 5)]),
    debrief(
        "Acme", "Backend engineer", dt.date(2026, 3, 5), "Second round",
        [question(YOURSELF, 4), question(WEAKNESS, 4), question(SURPRISE, 1, category="Situational")],
        [mistake("Rambling")],
    ),
]  # fmt: skip


@pytest.fixture
def history(store):
    """The store with the six interviews; `store.ids` their ids; interview 1 names Jo Park as interviewer
    and interview 6 was debriefed from a scheduled plan."""
    ids = [repository.insert_debrief(store, item).id for item in HISTORY]
    store.ids = ids
    with store.transaction() as cursor:
        cursor.execute(
            "INSERT INTO contacts (interview_id, position, name) VALUES (?, 0, 'Jo Park')", [ids[0]]
        )
        cursor.execute(
            "INSERT INTO scheduled_interviews (application_id, round, starts_at, interview_id) "
            "SELECT application_id, 'Second round', TIMESTAMP '2026-03-05 10:00', id FROM interviews "
            "WHERE id = ?",
            [ids[5]],
        )
    return store


def run(store, function, *arguments, **keywords):
    with store.cursor() as cursor:
        return function(cursor, *arguments, **keywords)


def expected_of(store, target=TARGET, limit=10) -> pd.DataFrame:
    return run(store, make_brief, target, limit).expected


def row_of(frame, text):
    return frame[frame["question"] == text].iloc[0]


def test_this_applications_earlier_round_outranks_a_question_asked_only_elsewhere(history):
    expected = expected_of(history)
    order = list(expected["question"])
    assert order.index(LEDGER) < order.index(WEAKNESS)  # asked once here, three times elsewhere
    assert order[0] == YOURSELF  # here and elsewhere
    assert SURPRISE not in order  # asked after the brief's day
    assert list(expected["rank"]) == list(range(1, len(expected) + 1))
    assert expected["score"].is_monotonic_decreasing


def test_the_reasons_say_why_in_plain_words(history):
    expected = expected_of(history)
    assert row_of(expected, LEDGER)["why"] == (
        "Asked in this application's earlier round; among your 10 most asked overall (1 interview)"
    )
    assert row_of(expected, WEAKNESS)["why"] == (
        "Common in your Second round interviews: asked in 2 of 2; "
        "among your 10 most asked overall (3 interviews)"
    )


def test_a_question_at_the_company_in_another_application_says_so(history):
    target = BriefTarget("Acme", "Data scientist", "", before=BEFORE)
    why = row_of(expected_of(history, target), LEDGER)["why"]
    assert why.startswith("Asked in 1 of your 1 interviews at Acme")
    assert "application" not in why


def test_round_type_reasons_use_the_bank_for_the_round(history):
    expected = expected_of(history, BriefTarget("Hooli", round="Recruiter screen", before=BEFORE), limit=40)
    salary = row_of(expected, "What are your salary expectations?")
    assert salary["group_id"] is None
    assert salary["times_asked"] == 0
    assert salary["why"] == "Often asked in Recruiter screen interviews, says the question bank"
    bank_keys = [f"bank:{bank_id}" for bank_id in preparation()["Recruiter screen"]["common_questions"]]
    assert set(bank_keys) <= set(expected["group_key"])
    # A bank question the user was asked, common for the round: both reasons, and it ranks first.
    assert expected.iloc[0]["question"] == YOURSELF
    assert expected.iloc[0]["why"].endswith(
        "; often asked in Recruiter screen interviews, says the question bank"
    )


def test_best_answer_last_rating_and_off_guard(history):
    expected = expected_of(history)
    yourself = row_of(expected, YOURSELF)
    assert yourself["best_answer"] == "Two-minute pitch"  # the latest non-empty one
    assert yourself["last_rating"] == 5
    assert not yourself["off_guard_before"]
    assert yourself["times_asked"] == 3
    pipeline = row_of(expected, LEDGER)
    assert (pipeline["best_answer"], pipeline["last_rating"], pipeline["off_guard_before"]) == (
        "Token bucket",
        2,
        True,
    )
    assert row_of(expected, WHY_US)["best_answer"] == ""
    assert str(expected["last_rating"].dtype) == "Int64"


def test_recurring_mistakes_with_next_time_lines_latest_first(history):
    mistakes = run(history, make_brief, TARGET).mistakes
    assert mistakes.to_dict("records") == [
        {
            "category": "Rambling",
            "times": 3,
            "interviews": 3,
            "next_time": ["Stop after the result", "Pause and check in", "Two minutes max"],
        },
        {"category": "Nerves", "times": 2, "interviews": 2, "next_time": []},
    ]


def test_at_most_three_next_time_lines(history, monkeypatch):
    monkeypatch.setattr(brief_module, "NEXT_TIME_LINES", 2)
    mistakes = run(history, make_brief, TARGET).mistakes
    assert mistakes.iloc[0]["next_time"] == ["Stop after the result", "Pause and check in"]


def test_strengths_with_an_example(history):
    strengths = run(history, make_brief, TARGET).strengths
    assert strengths[["category", "times", "interviews", "example"]].to_dict("records") == [
        {"category": "Rapport", "times": 2, "interviews": 2, "example": "Made them smile"},
        {
            "category": "Good questions",
            "times": 1,
            "interviews": 1,
            "example": "How do you deploy on a Friday?",
        },
    ]


def test_company_history_and_questions_to_ask(history):
    made = run(history, make_brief, TARGET)
    assert made.company_history.drop(columns="interview_id").to_dict("records") == [
        {
            "interview_date": pd.Timestamp("2026-01-10"),
            "role": "Backend engineer",
            "round": "First round",
            "outcome": "Next round",
            "professionalism": 4,
            "interviewer_notes": "Friendly, on time",
            "interviewers": "Jo Park",
        }
    ]
    assert made.questions_to_ask[0] == "How do you deploy on a Friday?"
    assert made.questions_to_ask[1:] == preparation()["Second round"]["questions_to_ask"]
    assert made.interviews_used == 5


def test_an_empty_history_gives_the_bank_and_plain_empty_sections(store):
    made = run(store, make_brief, BriefTarget("Acme", round="Technical"))
    assert made.interviews_used == 0
    assert list(made.expected["group_key"]) == [
        f"bank:{bank_id}" for bank_id in sorted(preparation()["Technical"]["common_questions"])
    ]
    assert made.mistakes.empty
    assert made.strengths.empty
    assert made.company_history.empty
    text = brief_markdown(made)
    assert "No debriefs at Acme yet" in text
    assert "No mistake has come up in two interviews yet" in text
    assert "Nothing scheduled" in brief_html(made)


def test_the_preparation_list_names_only_bank_questions():
    bank = question_bank()
    for round_, values in preparation().items():
        for bank_id in values["common_questions"]:
            assert bank.by_key(f"bank:{bank_id}") is not None, (round_, bank_id)
        assert values["questions_to_ask"], round_


def test_plan_vs_actual_hits_surprises_and_mistakes(history):
    compared = run(history, plan_vs_actual, history.ids[5], limit=3)
    assert list(compared.brief.expected["question"]) == [YOURSELF, LEDGER, WEAKNESS]
    assert list(compared.hits["question"]) == [YOURSELF, WEAKNESS]
    assert list(compared.surprises["question"]) == [question_bank().by_key("bank:estimation").canonical]
    assert compared.hit_rate == pytest.approx(2 / 3)
    assert (compared.recurred, compared.avoided) == (["Rambling"], ["Nerves"])
    assert compared.brief.target.before == dt.date(2026, 3, 5)


def test_plan_vs_actual_with_a_shorter_list_has_fewer_hits(history):
    compared = run(history, plan_vs_actual, history.ids[5], limit=1)
    assert list(compared.hits["question"]) == [YOURSELF]
    assert compared.hit_rate == pytest.approx(1 / 3)


def test_brief_hit_rates_one_row_per_prepared_interview(history):
    frame = run(history, brief_hit_rates, InterviewFilter(), limit=3)
    assert frame.to_dict("records") == [
        {
            "interview_id": history.ids[5],
            "interview_date": pd.Timestamp("2026-03-05"),
            "company": "Acme",
            "round": "Second round",
            "hit_rate": pytest.approx(2 / 3),
            "baseline_hit_rate": pytest.approx(2 / 3),  # weakness and yourself are the most asked
            "mistakes_listed": 2,
            "mistakes_avoided": 1,
        }
    ]
    assert run(history, brief_hit_rates, InterviewFilter(companies=("Globex",))).empty


@pytest.mark.parametrize("limit", [1, 3, 10])
def test_the_loaded_history_ranks_as_make_brief_does(history, limit):
    """The Dashboard's batch (counts from loaded arrays) and one brief (counts from SQL) agree."""
    with history.cursor() as cursor:
        loaded = History(cursor)
        for interview_id in history.ids:
            compared = plan_vs_actual(cursor, interview_id, limit)
            scored = brief_module.backtest(loaded, interview_id, limit)
            assert scored.hit_rate == compared.hit_rate
            assert scored.mistakes_listed == len(compared.recurred) + len(compared.avoided)
            assert scored.mistakes_avoided == len(compared.avoided)


@pytest.mark.parametrize("since", [dt.date(2026, 2, 1), dt.date(2026, 3, 5), dt.date(2026, 1, 1)])
def test_a_history_summed_before_a_day_ranks_as_one_loaded_whole(history, since):
    """The Dashboard sums the interviews before its first prepared one in SQL: the same answers."""
    with history.cursor() as cursor:
        whole, summed = History(cursor), History(cursor, since=since)
        later = [
            interview_id
            for interview_id, day in cursor.execute("SELECT id, interview_date FROM interviews").fetchall()
            if day >= since
        ]
        assert later
        for interview_id in later:
            assert brief_module.backtest(summed, interview_id) == brief_module.backtest(whole, interview_id)
            target = whole.target(interview_id)
            assert summed.counts(target)[1] == whole.counts(target)[1]


def test_markdown_and_html_show_the_brief(history):
    made = run(history, make_brief, TARGET)
    logistics = {"When": "Thursday 5 March 2026, 10:00 (60 minutes)", "Interviewers": "Jo Park"}
    text = brief_markdown(made, logistics)
    assert text.startswith("# Brief: Acme: Backend engineer, Second round\n")
    assert "1. **Tell me about yourself** (Behavioural)" in text
    assert "    - Your best answer so far: Two\\-minute pitch" in text
    assert "    - Last rating: 2/5; it caught you off guard before" in text
    assert "    - Next time: Stop after the result" in text
    assert "Shared a laugh about \\*cats\\*" not in text  # the latest example is shown
    assert "- **When:** Thursday 5 March 2026, 10:00 \\(60 minutes\\)" in text
    page = brief_html(made, logistics)
    assert page.startswith("<!DOCTYPE html>")
    assert "@media print" in page
    assert "http" not in page  # nothing fetched
    assert "src=" not in page
    assert "<dt>Interviewers</dt><dd>Jo Park</dd>" in page


SPECIAL = st.text(alphabet=st.sampled_from("<>&\"'*_[]`#-+.!|\\()\n abcS/"), max_size=40)


@given(text=SPECIAL)
def test_markdown_text_escapes_everything_markdown_acts_on(text):
    escaped = markdown_text(text)
    assert "\n" not in escaped
    unescaped = []
    characters = iter(escaped)
    for character in characters:
        if character == "\\":
            unescaped.append(next(characters))
        else:
            assert character not in "*_[]`#<>&!|\\", escaped
            unescaped.append(character)
    assert "".join(unescaped) == " ".join(text.split())


def _brief_of(text: str) -> Brief:
    one = pd.DataFrame(
        {
            "rank": [1], "group_id": [7], "group_key": ["own:x"], "question": [text], "category": [text],
            "why": ["Asked before"], "best_answer": [text], "last_rating": pd.array([3], dtype="Int64"),
            "off_guard_before": [True], "times_asked": [2], "score": [1.0],
        }
    )  # fmt: skip
    return Brief(
        target=BriefTarget(text or "x", text, text),
        expected=one,
        mistakes=pd.DataFrame({"category": [text], "times": [2], "interviews": [2], "next_time": [[text]]}),
        strengths=pd.DataFrame({"category": [text], "times": [1], "interviews": [1], "example": [text]}),
        company_history=pd.DataFrame(
            {
                "interview_id": [1],
                "interview_date": [pd.Timestamp("2026-01-01")],
                "role": [text],
                "round": [text],
                "outcome": [text],
                "professionalism": pd.array([None], dtype="Int64"),
                "interviewer_notes": [text],
                "interviewers": [text],
            }
        ),
        questions_to_ask=[text],
        interviews_used=1,
    )


USER_TEXT = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        ["<script>alert(1)</script>", "<SCRIPT src=x>", "<scr<script>ipt>", "# Heading", "[a](b)"]
    ),
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(text=USER_TEXT)
def test_user_text_never_becomes_markup(text):
    made = _brief_of(text)
    page = brief_html(made, {text or "x": text})
    assert "<script" not in page.lower()
    markdown = brief_markdown(made, {text or "x": text})
    for line in markdown.splitlines():
        assert not line.startswith("#") or line.startswith(("# Brief:", "## "))
        assert "<" not in line.replace("\\<", "")


def test_markdown_escapes_a_heading_at_line_start():
    assert markdown_text("# not a heading") == "\\# not a heading"
    assert markdown_text("1. not a list") == "1\\. not a list"
    assert markdown_text("`code` [link](x) *b* _i_") == "\\`code\\` \\[link\\]\\(x\\) \\*b\\* \\_i\\_"


def test_the_brief_command_writes_markdown_and_html(tmp_path, capsys):
    database = tmp_path / "debriefs.duckdb"
    store = Store(database)
    for item in HISTORY:
        repository.insert_debrief(store, item)
    store.close()
    out = tmp_path / "brief.md"
    assert (
        main(
            [
                "brief",
                "--db",
                str(database),
                "--company",
                "acme",
                "--round",
                "Second round",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert capsys.readouterr().out.strip() == (
        f"Wrote the brief for acme (10 questions to expect, from 6 debriefs) to {out}."
    )
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Brief: acme: Second round\n")
    assert "Friendly, on time" in text
    page = tmp_path / "brief.html"
    assert main(["brief", "--db", str(database), "--company", "Acme", "--role", "Backend engineer",
                 "--out", str(page)]) == 0  # fmt: skip
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_the_brief_command_fails_with_one_line(tmp_path, capsys):
    code = main(
        ["brief", "--db", str(tmp_path / "none.duckdb"), "--company", "Acme", "--out", str(tmp_path / "b.md")]
    )
    assert code == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert "no database at" in error


def test_the_dashboard_figures(history):
    frame = run(history, brief_hit_rates, InterviewFilter(), limit=3)
    figure = make_brief_hits_figure(frame)
    assert [trace.name for trace in figure.data] == ["Your brief", "Your most asked questions alone"]
    assert list(figure.data[0].y) == pytest.approx([200 / 3])
    assert list(figure.data[0].x) == ["05 Mar 2026 · Acme"]
    bars = make_mistakes_avoided_figure(frame)
    assert [list(trace.y) for trace in bars.data] == [[1], [1]]  # Nerves avoided, Rambling again


def test_a_company_name_lowered_differently_by_casefold_keeps_its_history(store):
    repository.insert_debrief(
        store, debrief("Großbank", "Analyst", dt.date(2026, 1, 10), "First round", [question(LEDGER)])
    )
    with store.cursor() as cursor:
        made = make_brief(cursor, BriefTarget("Großbank", "Analyst", "Second round"))
    assert len(made.company_history) == 1
    assert made.expected["question"].iloc[0] == LEDGER


def test_without_a_role_the_brief_uses_the_companys_active_application(history):
    with history.cursor() as cursor:
        made = make_brief(cursor, BriefTarget("Acme", "", "Second round", before=BEFORE))
    assert "this application's earlier round" in made.expected.set_index("question").loc[LEDGER, "why"]


def test_an_answer_made_best_in_practice_is_the_briefs_best_answer(history):
    with history.transaction() as cursor:
        cursor.execute(
            "INSERT INTO practice_cards (kind, subject, prompt, answer, created_at, due) "
            "SELECT 'question', g.group_key, 'x', 'Practised: two minutes, one number', now(), now() "
            "FROM question_text_groups m JOIN question_groups g ON g.id = m.group_id WHERE m.text = ?",
            [LEDGER],
        )
    made = run(history, make_brief, TARGET)
    assert (
        made.expected.set_index("question").loc[LEDGER, "best_answer"] == "Practised: two minutes, one number"
    )
