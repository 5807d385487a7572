"""The Data page's widgets: export, import with preview and confirmation, backup and restore."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from debrief.backup import (
    BackupError,
    backup_bytes,
    backup_file_name,
    check_backup,
    plan_restore,
    restore_backup,
    restore_backup_bytes,
)
from debrief.copies import KEPT_BYTES, KEPT_DAYS, KEPT_NEWEST, KeptCopy, backup_folder, kept_copies
from debrief.import_file import plan_file
from debrief.question_sheet import sheet_columns_table, template_csv
from debrief.store import Store, StoreError
from debrief.tables import describe_counts
from debrief.transfer import (
    DOCUMENT_NAME,
    ImportFileError,
    ImportPlan,
    apply_import,
    export_file_name,
    export_zip,
    table_counts,
)
from ui.downloads import download_on_click
from ui.keys import widget_keys
from ui.setup import NEW_DEBRIEF, page_link, progress_reporter
from ui.text import counted, plain

STATE = "data"
_key = widget_keys(STATE)
PREVIEW_ROWS = 50
PROBLEMS_SHOWN = 500
_BINARY = "application/octet-stream"
_INTERVIEW_PREVIEW = {
    "id": "Debrief #",
    "interview_date": "Date",
    "company": "Company",
    "role": "Role",
    "round": "Round",
    "outcome": "Outcome",
}
_QUESTION_PREVIEW = {
    "interview_id": "Debrief #",
    "text": "Question",
    "category": "Category",
    "answer_rating": "Rating",
    "off_guard": "Caught me off guard",
    "notes": "Notes",
    "better_answer": "Better answer",
}


def upload_limit_mb() -> int:
    return int(st.get_option("server.maxUploadSize"))


def show_export(store: Store) -> None:
    st.subheader("Export everything")
    counts = table_counts(store)
    if not any(counts.values()):
        st.info("Nothing to export yet: capture a debrief, or import an export below.", icon="📭")
        page_link(NEW_DEBRIEF)
        return
    st.write(f"Your database holds {describe_counts(counts)}.")
    make = partial(export_zip, store)
    download_on_click("Download everything (.zip)", make, export_file_name(), _BINARY, _key("export"))
    st.caption(
        f"The zip holds {DOCUMENT_NAME}, an exact copy of everything that the import below reads back, and "
        "one CSV file per table for spreadsheets. In the CSV files a cell that a spreadsheet would run as "
        "a formula (starting with = + - @, a tab or a line break) begins with an apostrophe."
    )


def _problems_table(plan: ImportPlan) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"Where": problem.where, "Row": problem.row, "Column": problem.field, "Problem": problem.problem}
            for problem in plan.problems[:PROBLEMS_SHOWN]
        ]
    )


def _show_preview(plan: ImportPlan) -> None:
    counts = plan.counts()
    st.markdown(f"**Preview of {plain(plan.source)}**")
    st.write(f"This file adds {describe_counts(counts)}.")
    ignored = plan.ignored_columns
    if ignored:
        st.caption("Columns not used: " + plain(", ".join(ignored)))
    for table, labels, title in (
        ("interviews", _INTERVIEW_PREVIEW, "Debriefs"),
        ("questions", _QUESTION_PREVIEW, "Questions"),
    ):
        rows = plan.rows.get(table, [])
        if rows:
            shown = f"first {PREVIEW_ROWS} of {len(rows):,}" if len(rows) > PREVIEW_ROWS else f"{len(rows):,}"
            st.caption(f"{title} ({shown})")
            frame = plan.preview(table, PREVIEW_ROWS)[list(labels)].rename(columns=labels)
            st.dataframe(frame, hide_index=True, key=_key("preview", table))


def _import_plan(upload: UploadedFile) -> ImportPlan | None:
    """The checked plan for the uploaded file, checked once per upload (with progress)."""
    state = st.session_state
    if state.get(_key("plan_for")) != upload.file_id:
        bar = st.progress(0.0, text="Reading the file…")
        try:
            plan = plan_file(upload.getvalue(), upload.name, progress_reporter(bar))
        except ImportFileError as error:
            bar.empty()
            st.error(plain(str(error)), icon="🚫")
            return None
        bar.empty()
        state[_key("plan")] = plan
        state[_key("plan_for")] = upload.file_id
    return state[_key("plan")]


def show_import(store: Store) -> None:
    st.subheader("Import")
    _show_sheet_help()
    upload = st.file_uploader(
        "An export (.zip or .json) or a question spreadsheet (.csv)",
        type=["zip", "json", "csv"],
        key=_key("import_file"),
    )
    st.caption(
        f"Files up to {upload_limit_mb()} MB. Nothing is written until you confirm, and then all of the "
        "file is imported or none of it. Imported debriefs are added next to the ones you have."
    )
    if upload is None:
        _forget_plan()  # the checked rows of a file no longer uploaded
        return
    if st.session_state.get(_key("imported")) == upload.file_id:
        st.success(plain(st.session_state[_key("imported_summary")]), icon="✅")
        st.caption("Upload another file to import more.")
        return
    plan = _import_plan(upload)
    if plan is None:
        return
    if not plan.ok:
        total = len(plan.problems)
        st.error(
            f"Nothing imported: {counted(total, 'problem')} in {plain(plan.source)}. Fix "
            "them in the file and upload it again."
            + (f" The first {PROBLEMS_SHOWN} are listed." if total > PROBLEMS_SHOWN else ""),
            icon="✋",
        )
        st.dataframe(_problems_table(plan), hide_index=True, key=_key("problems"))
        return
    _show_preview(plan)
    debriefs = len(plan.rows.get("interviews", []))
    label = f"Import {describe_counts({'interviews': debriefs})}" if debriefs else "Import"
    if st.button(label, type="primary", key=_key("confirm_import")):
        bar = st.progress(0.0, text="Importing…")
        try:
            result = apply_import(store, plan, progress_reporter(bar))
        except (StoreError, ImportFileError) as error:
            bar.empty()
            st.error(f"Nothing imported: {plain(str(error))}", icon="⚠️")
            return
        bar.empty()
        st.session_state[_key("imported")] = upload.file_id
        st.session_state[_key("imported_summary")] = result.summary()
        _forget_plan()
        st.rerun()


def _forget_plan() -> None:
    st.session_state.pop(_key("plan"), None)
    st.session_state.pop(_key("plan_for"), None)


def _show_sheet_help() -> None:
    with st.expander("Spreadsheet columns (for a .csv of questions)"):
        st.markdown(
            "One row per question. Rows with the same date, company, role and round become one debrief. "
            "The first row names the columns; case, spaces and the other names listed are fine. "
            "Save from Excel as *CSV UTF-8*; commas, semicolons and tabs all work."
        )
        st.dataframe(pd.DataFrame(sheet_columns_table()), hide_index=True, key=_key("sheet_columns"))
        st.download_button(
            "Download a template",
            data=template_csv(),
            file_name="debrief-questions-template.csv",
            mime="text/csv",
            key=_key("template"),
            on_click="ignore",
        )


def show_backup(store: Store) -> None:
    st.subheader("Back up the database file")
    make = partial(backup_bytes, store)
    download_on_click("Download a backup (.duckdb)", make, backup_file_name(), _BINARY, _key("backup"))
    st.caption(
        "The whole database as one file, restorable below. Debrief also keeps copies by itself, listed "
        "below, before every upgrade of its data format, every restore and every import."
    )


def _copies_table(copies: list[KeptCopy]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"Made": copy.made_at, "Why": copy.why, "Size (MB)": round(copy.size / 1e6, 1)}
            for copy in reversed(copies)
        ]
    )


def show_kept_copies(store: Store) -> None:
    """The copies Debrief kept by itself, newest first, each restorable."""
    copies = kept_copies(store.path)
    st.subheader("Copies kept automatically")
    if not copies:
        st.caption(
            f"None yet. Before a restore, an import or an upgrade, Debrief keeps a copy of your data in "
            f"{plain(backup_folder(store.path))}."
        )
        return
    st.caption(
        f"In {plain(backup_folder(store.path))}: every copy of the last {KEPT_DAYS} days and the newest "
        f"{KEPT_NEWEST}, within {KEPT_BYTES / 1e9:,.0f} GB. When space runs short the oldest stays, so the "
        "data from before a run of restores or imports can always be brought back."
    )
    st.dataframe(
        _copies_table(copies),
        hide_index=True,
        key=_key("copies"),
        column_config={"Made": st.column_config.DatetimeColumn("Made", format="YYYY-MM-DD HH:mm:ss")},
    )
    labels = {copy.path.name: f"{copy.made_at:%Y-%m-%d %H:%M:%S} · {copy.why}" for copy in reversed(copies)}
    chosen = st.selectbox(
        "Restore a copy",
        list(labels),
        index=None,
        format_func=labels.get,
        placeholder="Choose a copy to bring back",
        key=_key("copy_to_restore"),
    )
    if chosen is not None:
        path = next(copy.path for copy in copies if copy.path.name == chosen)
        _confirm_restore(store, path, f"copy:{chosen}")


def _show_refusal(message: str, plan: ImportPlan | None) -> None:
    st.error(plain(message), icon="🚫")
    if plan is not None:
        st.dataframe(_problems_table(plan), hide_index=True, key=_key("restore_problems"))


def _confirm_restore(store: Store, source: Path | UploadedFile, source_id: str) -> None:
    """The check of a backup (once per file), then Restore behind a confirmation."""
    state = st.session_state
    if state.get(_key("restored")) == source_id:
        st.success(plain(state[_key("restored_summary")]), icon="✅")
        return
    if state.get(_key("checked_for")) != source_id:
        with st.spinner("Checking the backup…"):
            try:
                path = source if isinstance(source, Path) else None
                checked = plan_restore(path) if path is not None else check_backup(source.getvalue())
                state[_key("checked")] = checked.describe()
                state.pop(_key("check_error"), None)
            except BackupError as error:
                state[_key("check_error")] = (str(error), error.plan)
        state[_key("checked_for")] = source_id
    if _key("check_error") in state:
        _show_refusal(*state[_key("check_error")])
        return
    st.info(plain(state[_key("checked")]), icon="🔎")
    st.warning(
        f"Restoring replaces everything in {plain(store.path)} with this backup. Your current data is "
        f"kept as a copy in {plain(backup_folder(store.path))}.",
        icon="⚠️",
    )
    understood = st.checkbox("Replace my current data with this backup", key=_key("restore_understood"))
    if st.button("Restore", type="primary", disabled=not understood, key=_key("confirm_restore")):
        bar = st.progress(0.0, text="Restoring…")
        try:
            if isinstance(source, Path):
                result = restore_backup(store, source, progress_reporter(bar))
            else:
                result = restore_backup_bytes(store, source.getvalue(), source.name, progress_reporter(bar))
        except BackupError as error:
            bar.empty()
            _show_refusal(str(error), error.plan)
            return
        except StoreError as error:
            bar.empty()
            st.error(plain(str(error)), icon="⚠️")
            return
        bar.empty()
        kept = f" Your previous data is in {result.previous_copy}." if result.previous_copy else ""
        state[_key("restored")] = source_id
        state[_key("restored_summary")] = f"Restored. {result.summary.describe()}{kept}"
        st.rerun()


def show_restore(store: Store) -> None:
    st.subheader("Restore from a backup")
    upload = st.file_uploader("A backup file (.duckdb)", type=["duckdb"], key=_key("restore_file"))
    st.caption(
        f"Files up to {upload_limit_mb()} MB. The backup is checked row by row before anything is replaced, "
        "and rebuilt by this Debrief: nothing in the file runs."
    )
    if upload is not None:
        _confirm_restore(store, upload, upload.file_id)
