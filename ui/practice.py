"""The Practice page: rehearse the next due card (its prompt, an optional typed answer and two-minute
timer, Show answer, then Again, Hard, Good or Easy, which debrief.practice schedules by FSRS), add a
card of your own, suspend, retire or bring back any card. Home's line of cards due lives here too."""

from __future__ import annotations

import datetime as dt
import time

import pandas as pd
import streamlit as st

from analytics.practice_cards import (
    CardAnswer,
    PracticeOverview,
    card_answer,
    card_list,
    practice_overview,
)
from debrief import practice, practice_due
from debrief.store import Store, StoreError
from ui.keys import widget_keys
from ui.practice_progress import show_mistake_lifecycle
from ui.setup import NEW_DEBRIEF, apply_change, page_link, show_flash
from ui.text import counted, plain

STATE = "practice"
_key = widget_keys(STATE)
TIMER_MARK_SECONDS = 120
# The keys that press the buttons (Streamlit's `shortcut=`; they do nothing while typing in a field).
SHOW_KEY = "S"
RATING_KEYS = {"Again": "1", "Hard": "2", "Good": "3", "Easy": "4"}
RATING_ICONS = {
    "Again": ":material/replay:",
    "Hard": ":material/sentiment_dissatisfied:",
    "Good": ":material/thumb_up:",
    "Easy": ":material/bolt:",
}
KIND_WORDS = {"question": "Question", "mistake": "Recurring mistake", "own": "Your own card"}
STATUS_WORDS = {"active": "Active", "suspended": "Suspended", "retired": "Retired"}


def due_in(due: dt.datetime, now: dt.datetime) -> str:
    """How far off a due time is, as people say it: "now", "in 10 minutes", "in 5 hours", "in 3 days"."""
    seconds = (due - now).total_seconds()
    if seconds < 60:
        return "now"
    if seconds < 3600:
        return f"in {counted(round(seconds / 60), 'minute')}"
    if seconds < 86_400:
        return f"in {counted(round(seconds / 3600), 'hour')}"
    return f"in {counted(round(seconds / 86_400), 'day')}"


def _local(moment: dt.datetime) -> dt.datetime:
    """A naive UTC time in the user's time zone."""
    return pd.Timestamp(moment).to_pydatetime().replace(tzinfo=dt.UTC).astimezone()


def _on(day) -> str:
    return f"{pd.Timestamp(day):%d %b %Y}"


# --- The rehearsal -----------------------------------------------------------------------------------


def _show_counts(overview: PracticeOverview) -> None:
    due, week, rated = st.columns(3)
    due.metric("Due now", f"{overview.due_now:,}")
    week.metric("Later this week", f"{overview.due_this_week:,}")
    given = ", ".join(
        f"{name} {overview.ratings_this_week[int(value)]:,}"
        for name, value in practice.RATINGS.items()
        if overview.ratings_this_week.get(int(value))
    )
    rated.metric(
        "Rated in the last 7 days", f"{overview.reviews_this_week:,}", help=given or "No ratings yet."
    )


def _asked_line(answer: CardAnswer) -> str:
    """Where and when the card's question was asked, or how often its mistake came up (markdown)."""
    if answer.kind == "question" and not answer.asked.empty:
        latest = answer.asked.iloc[0]
        where = f"{latest['company']}" + (f", {latest['round']}" if latest["round"] else "")
        line = f"Asked at {where} on {_on(latest['interview_date'])}"
        if answer.times_asked > 1:
            line += f"; {counted(answer.times_asked, 'time')} in all"
        if answer.times_off_guard:
            line += f"; it caught you off guard {counted(answer.times_off_guard, 'time')}"
        return plain(line + ".")
    if answer.kind == "mistake":
        return plain(
            f"A mistake you made in {counted(answer.times_asked, 'interview')}: how will you avoid it?"
        )
    return ""


def _show_prompt(answer: CardAnswer) -> None:
    st.caption(plain(" · ".join(part for part in (KIND_WORDS[answer.kind], answer.category) if part)))
    asked_as = answer.asked["text"].iloc[0] if answer.kind == "question" and not answer.asked.empty else ""
    st.markdown(f"#### {plain(asked_as or answer.prompt)}")
    if asked_as and answer.wording.strip().lower() != asked_as.strip().lower():
        st.caption(f"Usually asked as: {plain(answer.wording)}")
    line = _asked_line(answer)
    if line:
        st.caption(line)


def _start_timer(card_id: int) -> None:
    st.session_state[_key("timer")] = [card_id, time.time()]


def _stop_timer() -> None:
    st.session_state.pop(_key("timer"), None)


@st.fragment(run_every=1)
def _show_timer(started: float) -> None:
    """The time spent answering against the two-minute mark, redrawn every second on its own."""
    elapsed = max(int(time.time() - started), 0)
    over = elapsed > TIMER_MARK_SECONDS
    text = f"{elapsed // 60}:{elapsed % 60:02d} of 2:00" + (": past the two-minute mark" if over else "")
    st.progress(min(elapsed / TIMER_MARK_SECONDS, 1.0), text=text)


def _show_timer_controls(card_id: int) -> None:
    timer = st.session_state.get(_key("timer"))
    if timer and timer[0] == card_id:
        bar, stop = st.columns([5, 1], vertical_alignment="bottom")
        with bar:
            _show_timer(timer[1])
        stop.button("Stop", key=_key("timer", "stop"), on_click=_stop_timer, icon=":material/timer_off:")
    else:
        st.button(
            "Start the two-minute timer",
            key=_key("timer", "start"),
            on_click=_start_timer,
            args=(card_id,),
            icon=":material/timer:",
            type="tertiary",
        )


def _reveal(card_id: int) -> None:
    st.session_state[_key("shown")] = card_id


def _dated_list(title: str, frame: pd.DataFrame, column: str) -> None:
    """A bulleted list of `column`, each with where and when it was written."""
    if frame.empty:
        return
    st.markdown(f"**{title}**")
    st.markdown(
        "\n".join(
            f"- {plain(getattr(row, column))} ({plain(row.company)}, {_on(row.interview_date)})"
            for row in frame.itertuples()
        )
    )


def _show_answer_panel(answer: CardAnswer) -> None:
    with st.container(border=True):
        if answer.kind == "mistake":
            st.markdown("**What you said you would do next time**")
        else:
            st.markdown("**Your best answer so far**")
        if not answer.best_answer.strip():
            st.caption(
                "No answer written yet: type one above and make it your best answer, or add a better "
                "answer to the debrief."
            )
        elif answer.star:
            st.markdown("\n".join(f"- **{part}:** {plain(text)}" for part, text in answer.star.items()))
        elif answer.kind == "mistake" and answer.best_answer_from == "next time":
            st.markdown("\n".join(f"- {plain(line)}" for line in answer.next_time))
        else:
            st.markdown(plain(answer.best_answer))
        source = {
            "practice": "Typed in practice.",
            "debrief": f"From your debrief at {answer.best_answer_source}.",
        }.get(answer.best_answer_from, "")
        if source:
            st.caption(plain(source))
    if not answer.ratings.empty:
        ratings = "; ".join(
            f"{row.rating}/5 at {row.company} on {_on(row.interview_date)}"
            for row in answer.ratings.itertuples()
        )
        st.caption(plain(f"How you rated your answer: {ratings}."))
    _dated_list("Your notes", answer.notes, "notes")
    _dated_list("What happened", answer.stories, "what_happened")
    if answer.reviews:
        last = next(name for name, value in practice.RATINGS.items() if int(value) == answer.last_rating)
        st.caption(f"Rehearsed {counted(answer.reviews, 'time')}; last rated {last}.")


def _rate(store: Store, card_id: int, rating: str, typed: str) -> None:
    now = practice_due.utc_now()

    def change() -> practice.Rated:
        rated = practice.rate(store, card_id, rating, now=now, typed_answer=typed)
        for key in (_key("typed", card_id), _key("shown"), _key("timer")):
            st.session_state.pop(key, None)
        return rated

    apply_change(STATE, change, lambda rated: f"{rating}: next due {due_in(rated.due, now)}.")


def _show_rating_buttons(store: Store, card_id: int, typed: str) -> None:
    st.markdown("**How did it go?**")
    for column, (rating, shortcut) in zip(st.columns(4), RATING_KEYS.items(), strict=True):
        if column.button(
            rating,
            key=_key("rate", rating),
            shortcut=shortcut,
            icon=RATING_ICONS[rating],
            type="primary" if rating == "Good" else "secondary",
            width="stretch",
        ):
            _rate(store, card_id, rating, typed)


def _show_rehearsal(store: Store, card_id: int) -> None:
    try:
        with store.cursor() as cursor:
            answer = card_answer(cursor, card_id)
    except StoreError as error:
        st.error(plain(str(error)), icon=":material/warning:")
        return
    with st.container(border=True):
        _show_prompt(answer)
        typed = st.text_area(
            "Your answer (optional)",
            key=_key("typed", card_id),
            placeholder="Answer aloud, or type it here.",
        )
        _show_timer_controls(card_id)
        shown = st.session_state.get(_key("shown")) == card_id
        if typed.strip() and st.button(
            "Make my typed answer the best answer", key=_key("keep", card_id), icon=":material/star:"
        ):
            apply_change(
                STATE,
                lambda: practice.set_answer(store, card_id, typed),
                "Saved: your typed answer is now this card's best answer.",
            )
        if not shown:
            st.button(
                "Show answer",
                key=_key("show"),
                on_click=_reveal,
                args=(card_id,),
                shortcut=SHOW_KEY,
                type="primary",
                icon=":material/visibility:",
            )
            st.caption(f"Keyboard: {SHOW_KEY} shows the answer (when you are not typing in the answer box).")
            return
    _show_answer_panel(answer)
    _show_rating_buttons(store, card_id, typed)
    st.caption(
        "Keyboard: " + ", ".join(f"{key} {rating}" for rating, key in RATING_KEYS.items()) + " (when you "
        "are not typing in the answer box). Again brings the card back in minutes; Easy the furthest off."
    )


# --- Cards: add, suspend, retire ---------------------------------------------------------------------


def _show_add_card(store: Store, expanded: bool) -> None:
    with (
        st.expander("Add a card", expanded=expanded, icon=":material/add_card:"),
        st.form(_key("add"), clear_on_submit=True, border=False),
    ):
        prompt = st.text_area(
            "What should the card ask?",
            key=_key("add", "prompt"),
            placeholder="Why do you want to leave your current job?",
        )
        answer = st.text_area(
            "The answer to give (optional)",
            key=_key("add", "answer"),
            placeholder="S: … T: … A: … R: … shows its Situation, Task, Action and Result apart.",
        )
        if st.form_submit_button("Add the card", key=_key("add", "save"), icon=":material/add:"):
            apply_change(
                STATE,
                lambda: practice.add_own_card(store, prompt, answer),
                "Added the card: it is due now.",
            )


def _card_label(row) -> str:
    prompt = " ".join(str(row.prompt).split())
    prompt = prompt if len(prompt) <= 80 else prompt[:79] + "…"
    return f"{prompt} · {STATUS_WORDS[row.status].lower()}"


def _show_card_list(store: Store, now: dt.datetime) -> None:
    with store.cursor() as cursor:
        cards = card_list(cursor)
    if cards.rows.empty:
        return
    st.subheader("Your cards")
    frame = cards.rows.assign(
        kind=cards.rows["kind"].map(KIND_WORDS),
        status=cards.rows["status"].map(STATUS_WORDS),
        last_rating=cards.rows["last_rating"].map(
            {int(value): name for name, value in practice.RATINGS.items()}
        ),
        due=[_local(due).replace(tzinfo=None) for due in cards.rows["due"]],
    )
    st.dataframe(
        frame,
        hide_index=True,
        column_order=["prompt", "kind", "status", "due", "reviews", "last_rating"],
        column_config={
            "prompt": st.column_config.TextColumn("Card", width="large"),
            "kind": "From",
            "status": "Status",
            "due": st.column_config.DatetimeColumn("Due", format="ddd D MMM YYYY, HH:mm"),
            "reviews": st.column_config.NumberColumn("Rehearsals", format="%d"),
            "last_rating": "Last rating",
        },
        key=_key("cards"),
    )
    if cards.total > len(cards.rows):
        st.caption(
            f"Showing the first {len(cards.rows):,} of {cards.total:,} cards: active ones due soonest."
        )
    labels = {int(row.id): _card_label(row) for row in cards.rows.itertuples()}
    statuses = dict(zip(cards.rows["id"].astype(int), cards.rows["status"], strict=True))
    chosen = st.selectbox(
        "Card to change", list(labels), format_func=labels.get, key=_key("chosen"), index=None,
        placeholder="Choose a card…",
    )  # fmt: skip
    if chosen is None:
        return
    suspend = ("suspended", "Suspend", ":material/pause:")
    retire = ("retired", "Retire", ":material/archive:")
    reactivate = ("active", "Reactivate", ":material/play_arrow:")
    actions = {"active": [suspend, retire], "suspended": [reactivate, retire], "retired": [reactivate]}
    actions = actions[statuses[chosen]]
    done = {"suspended": "Suspended", "retired": "Retired", "active": "Reactivated"}
    for column, (status, label, icon) in zip(st.columns(4), actions, strict=False):
        if column.button(label, key=_key("status", status), icon=icon):
            apply_change(
                STATE,
                lambda status=status: practice.set_status(store, chosen, status),
                f"{done[status]}: {labels[chosen].rsplit(' · ', 1)[0]}.",
            )
    st.caption(
        "Suspend a card to pause it, retire it once you know it; either comes back with Reactivate. "
        "A retired card is not made again from your debriefs."
    )


# --- The page ----------------------------------------------------------------------------------------


def _show_no_cards() -> None:
    st.info(
        "No practice cards yet. Cards are made from your debriefs: questions you rated "
        f"{practice.BADLY_RATED} or lower, that caught you off guard or that came up in "
        f"{practice.OFTEN_ASKED} interviews or more, and mistakes you made in {practice.RECURRING} "
        "interviews or more; and from the questions a brief expects for an interview you scheduled. "
        "Debrief an interview with its questions, or add a card of your own below.",
        icon=":material/style:",
    )
    page_link(NEW_DEBRIEF)


def _show_nothing_due(overview: PracticeOverview, now: dt.datetime) -> None:
    if overview.next_due is None:
        later = "No active card is waiting: reactivate one below, or add one."
    else:
        when = _local(overview.next_due)
        later = f"The next card falls due {due_in(overview.next_due, now)} ({when:%a %d %b, %H:%M})."
    st.success(
        f"Nothing to practise right now. {later} You can add a card of your own below.",
        icon=":material/task_alt:",
    )


def show_practice(store: Store) -> None:
    now = practice_due.utc_now()
    show_flash(STATE)
    try:
        with store.cursor() as cursor:
            overview = practice_overview(cursor, now)
            due = practice_due.due_cards(cursor, now, limit=1)
    except StoreError as error:
        st.error(plain(str(error)), icon=":material/warning:")
        return
    if overview.cards == 0:
        _show_no_cards()
        _show_add_card(store, expanded=True)
        return
    _show_counts(overview)
    if due.empty:
        _show_nothing_due(overview, now)
    else:
        _show_rehearsal(store, int(due["id"].iloc[0]))
    st.divider()
    _show_add_card(store, expanded=False)
    _show_card_list(store, now)
    st.subheader("Your recurring mistakes, from open to retired")
    show_mistake_lifecycle(store, key=f"{STATE}.lifecycle")
