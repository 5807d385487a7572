"""First run: an empty database offers demo data or a clean start."""

from __future__ import annotations

import streamlit as st

from debrief import repository, settings
from debrief.demo import DemoSize, load_demo
from debrief.store import Store
from ui.setup import progress_reporter

FIRST_RUN_DONE = "first_run_done"
DEMO_INTERVIEWS = 120
DEMO_SEED = 7


def needs_onboarding(store: Store) -> bool:
    return settings.get_setting(store, FIRST_RUN_DONE) is None and repository.count_interviews(store) == 0


def show_onboarding(store: Store) -> None:
    st.markdown(
        "Debrief helps you recover from an interview and walk into the next one better prepared. "
        "After each interview, spend five minutes on:\n"
        "1. **The good and the ugly**: your mistakes and your strengths, and what you'd say next time.\n"
        "2. **The interviewer**: not all of it was your fault.\n"
        "3. **The questions**: they will come up again.\n"
        "4. **A thank-you note**, and 5. **keeping in touch**.\n\n"
        "Across interviews, Debrief shows what keeps happening."
    )
    st.subheader("How would you like to start?")
    demo, empty, _ = st.columns([1, 1, 2])
    if demo.button("Load demo data", type="primary", key="onboarding.demo", icon="🧪"):
        progress = st.progress(0.0, text="Preparing demo data…")
        load_demo(
            store,
            DemoSize(DEMO_INTERVIEWS),
            seed=DEMO_SEED,
            report=progress_reporter(progress),
        )
        settings.set_setting(store, FIRST_RUN_DONE, "demo")
        st.rerun()
    if empty.button("Start empty", key="onboarding.empty", icon="📝"):
        settings.set_setting(store, FIRST_RUN_DONE, "empty")
        st.rerun()
    st.caption(f"Demo data is {DEMO_INTERVIEWS} made-up interviews you can explore, edit and delete.")
