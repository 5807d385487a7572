"""Grouping question texts: paraphrases together, different questions apart, same answer every time."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.questions import group_questions
from debrief.demo import DemoSize, generate_demo
from debrief.matching import shipped_matcher
from debrief.matching.bank import question_bank
from debrief.matching.matcher import QuestionMatcher
from debrief.models import question_categories

SAME_QUESTION = [
    ("Tell me about yourself", "so... tell me abt urself"),
    ("Tell me about yourself", "Talk me through your résumé, please"),
    ("What is your greatest weakness?", "whats ur biggest weakness??"),
    ("What is your greatest strength?", "strengths?"),
    ("Why do you want to work for us?", "why us"),
    ("Why are you leaving your current job?", "reason you're leaving your present employer"),
    ("Where do you see yourself in five years?", "where do u see urself in 5 yrs"),
    ("What are your salary expectations?", "asked about salary expectations"),
    ("When could you start?", "notice period?"),
    ("Tell me about a conflict with a coworker", "conflict w/ a colleague"),
    ("How would you design a URL shortener?", "design tinyurl"),
    ("Explain how a hash table works", "how does a hashmap work"),
    ("Describe a time you had to deal with an angry customer", "difficult client story"),
    # Outside the bank: grouped among themselves.
    ("How would you build an elevator controller?", "design an elevator controller"),
]
DIFFERENT_QUESTIONS = [
    ("What is your greatest weakness?", "What is your greatest strength?"),
    ("Why do you want to work for us?", "Why are you leaving your current job?"),
    ("What are your salary expectations?", "What is your current salary?"),
    ("What did you like most about your last job?", "What did you like least about your last job?"),
    ("Tell me about a time you disagreed with your manager", "Tell me about a conflict with a coworker"),
    ("How would you design a URL shortener?", "How would you design an elevator controller?"),
    ("Tell me about a time you failed", "What achievement are you most proud of?"),
    ("Are you willing to relocate?", "How much travel are you comfortable with?"),
    # The stemmer makes "excellent" "excel".
    ("What does excellent customer service mean to you?", "How good are your Excel skills?"),
]


def matcher() -> QuestionMatcher:
    return shipped_matcher(None)


def same_group(first: str, second: str) -> bool:
    labels = group_questions([first, second])
    return labels[0] == labels[1]


@pytest.mark.parametrize(("first", "second"), SAME_QUESTION)
def test_paraphrases_share_a_group(first, second):
    assert same_group(first, second)


@pytest.mark.parametrize(("first", "second"), DIFFERENT_QUESTIONS)
def test_different_questions_stay_apart(first, second):
    assert not same_group(first, second)


def test_the_bank_question_is_picked_by_the_words_that_tell_questions_apart():
    # Its nearest single wording is "What would you do if your boss made a decision you thought
    # was wrong?", which shares the frame; "ship something ... unsafe" is what this question asks.
    text = "what would you do if your manager asked you to ship something you thought was unsafe"
    assert matcher().group_keys([text]) == ["bank:asked-to-cut-corners"]


def test_a_matcher_built_again_groups_exactly_alike():
    rebuilt = QuestionMatcher.trained(question_bank())
    assert np.array_equal(rebuilt._question_weights, matcher()._question_weights)
    texts = [text for question in question_bank().questions[:40] for text in question.texts]
    assert rebuilt.group_keys(texts) == matcher().group_keys(texts)


def test_labels_count_from_zero_in_order_of_first_appearance():
    texts = ["Why us?", "What is your greatest weakness?", "why do you want to work here", "weaknesses"]
    assert group_questions(texts) == [0, 1, 0, 1]


def test_empty_input_gives_no_labels():
    assert group_questions([]) == []


def test_unicode_emoji_and_other_scripts_are_grouped_without_errors():
    texts = [
        "Tell me about yourself 🙂",
        "TELL ME ABOUT YOURSELF",
        "¿Has trabajado en equipos remotos?",
        "¿has trabajado en equipos remotos",
        "自己紹介をしてください",
        "",
        "   ",
        "🤷",
        "x" * 10_000,
    ]
    labels = group_questions(texts)
    assert len(labels) == len(texts)
    assert labels[0] == labels[1]
    assert labels[2] == labels[3]
    assert labels[0] != labels[2] != labels[4]


def test_normalising_expands_shorthand_and_ignores_how_notes_start():
    normalise = question_bank().normalise
    assert normalise("Q3: what's ur biggest weakness??") == normalise("what is your greatest weakness")
    assert normalise("They asked me about salary expectations") == normalise("salary expectations")


def test_many_texts_from_the_demo_generator_get_one_label_each():
    texts = generate_demo(DemoSize(4000), seed=11)["questions"]["text"].tolist()[:20_000]
    labels = group_questions(texts)
    assert len(labels) == len(texts)
    by_text: dict[str, int] = {}
    for text, label in zip(texts, labels, strict=True):
        assert by_text.setdefault(text, label) == label
    assert 10 < len(set(labels)) < 200


def test_later_batches_can_join_groups_that_earlier_batches_started():
    first = matcher().group_keys(["How would you build an elevator controller?"])
    later = matcher().group_keys(["design an elevator controller"], leaders=[first[0].removeprefix("own:")])
    assert later == first


def test_bank_has_enough_questions_in_every_category():
    bank = question_bank()
    assert len(bank.questions) >= 150
    categories = {question.category for question in bank.questions}
    assert categories == set(question_categories())
    assert all(len(question.texts) >= 4 for question in bank.questions)
    assert len({question.id for question in bank.questions}) == len(bank.questions)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=40), max_size=8))
def test_any_texts_get_one_deterministic_label_each_and_identical_texts_share_it(texts):
    labels = group_questions(texts)
    assert len(labels) == len(texts)
    assert labels == group_questions(texts)
    label_of: dict[str, int] = {}
    for text, label in zip(texts, labels, strict=True):
        assert label_of.setdefault(text, label) == label
    assert group_questions(texts + texts)[: len(texts)] == labels


def test_twenty_thousand_texts_all_worded_differently_group_by_their_question():
    questions = [
        "What is your greatest weakness?",
        "Why do you want to work for us?",
        "How would you design a URL shortener?",
        "How would you build an elevator controller?",
        "How many window cleaners work in Lisbon?",
    ]
    texts = [f"{questions[number % len(questions)]} (interview {number})" for number in range(20_000)]
    labels = group_questions(texts)
    assert len(set(texts)) == len(texts)
    assert [labels[number] for number in range(len(questions))] == list(range(len(questions)))
    assert all(label == labels[number % len(questions)] for number, label in enumerate(labels))
