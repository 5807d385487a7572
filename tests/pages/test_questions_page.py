"""The Questions page through AppTest: demo data, an empty database, downloads, a merge correction."""

from __future__ import annotations

from debrief import repository
from debrief.store import Store
from tests.conftest import (
    assert_no_exception,
    demo_database,
    group_pending,
    needs_regrouping,
    on_database,
    open_page,
)

PAGE = "pages/4_Questions.py"


def download_labels(app) -> list[str]:
    return [button.proto.label for button in app.get("download_button")]


def test_empty_database_says_what_to_do(database):
    app = open_page(PAGE)
    assert_no_exception(app)
    assert "No questions recalled yet" in app.info[0].value
    assert not app.get("download_button")


def test_demo_data_shows_grouped_and_practice_lists_with_downloads(database):
    demo_database(database, 25, seed=5)
    app = open_page(PAGE)
    assert_no_exception(app)
    assert [metric.label for metric in app.metric] == [
        "Questions recalled",
        "Different questions",
        "Most common",
    ]
    assert download_labels(app) == [
        "Download the grouped list (CSV)",
        "Download the practice list (CSV)",
        "Download all questions (CSV)",
    ]
    common = app.dataframe[0].value
    assert common["times_asked"].is_monotonic_decreasing
    assert common["times_asked"].sum() == int(app.metric[0].value)
    assert len(app.dataframe[2].value) == int(app.metric[0].value)


def test_sidebar_filters_narrow_the_lists(database):
    demo_database(database, 25, seed=5)
    app = open_page(PAGE)
    everything = int(app.metric[0].value)
    companies = app.sidebar.multiselect(key="filters.companies")
    companies.set_value([companies.options[0]]).run()
    assert_no_exception(app)
    narrowed = int(app.metric[0].value)
    assert 0 < narrowed < everything
    assert app.dataframe[0].value["times_asked"].sum() == narrowed
    assert set(app.dataframe[2].value["company"]) == {companies.options[0]}


def test_merging_two_questions_through_the_widgets_is_kept(database):
    demo_database(database, 25, seed=5)
    app = open_page(PAGE)
    before = app.dataframe[0].value.set_index("group_id")
    app.selectbox(key="questions.merge.source").select_index(0).run()
    app.selectbox(key="questions.merge.target").select_index(0).run()
    source = app.selectbox(key="questions.merge.source").value
    target = app.selectbox(key="questions.merge.target").value
    app.button(key="questions.merge").click().run()
    assert_no_exception(app)
    assert "Merged" in app.success[0].value
    after = app.dataframe[0].value.set_index("group_id")
    assert len(after) == len(before) - 1
    assert source not in after.index
    assert (
        after.loc[target, "times_asked"]
        == before.loc[source, "times_asked"] + before.loc[target, "times_asked"]
    )
    # The correction is listed, and survives regrouping every question.
    summary = f"Merged “{before.loc[source, 'question']}” into “{before.loc[target, 'question']}”"
    assert app.selectbox(key="questions.undo.choice").options == [summary]
    app.button(key="questions.regroup").click().run()
    assert_no_exception(app)
    assert (
        app.dataframe[0].value.set_index("group_id")["times_asked"].to_dict()
        == after["times_asked"].to_dict()
    )


def test_the_table_of_every_question_shows_the_newest_and_counts_them_all(database):
    demo_database(database, 120, seed=5)
    asked = on_database(database, lambda store: repository.totals(store).questions)
    assert asked > 300
    app = open_page(PAGE)
    assert_no_exception(app)
    assert app.metric[0].value == f"{asked:,}"
    assert f"Showing the first 300 of {asked:,} questions; the download has them all." in [
        caption.value for caption in app.caption
    ]
    assert len(app.dataframe[2].value) == 300


def grouped_by_an_older_matcher(store: Store) -> None:
    """The groups as an update leaves them: made by another matcher, here one that filed everything
    together."""
    group_pending(store)
    with store.transaction() as cursor:
        cursor.execute("UPDATE question_grouping SET matcher_fingerprint = 'an older matcher'")
        cursor.execute(
            "UPDATE question_text_groups SET auto_key = 'bank:weaknesses', "
            "group_id = (SELECT min(group_id) FROM question_text_groups)"
        )


def test_groups_from_an_older_question_bank_are_redone_on_opening(database):
    demo_database(database, 25, seed=5)
    on_database(database, grouped_by_an_older_matcher)

    app = open_page(PAGE)
    assert_no_exception(app)
    assert int(app.metric[1].value) > 1
    assert not on_database(database, needs_regrouping)
