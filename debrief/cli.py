"""Command line: `python -m debrief COMMAND ...`.

Each command exits non-zero with a one-line reason, never a traceback, when it cannot do its job.
A command is a parser (`_add_<name>_command`) whose `run` default does the work and returns the line
to print on success.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import duckdb

from analytics.brief import BriefTarget, brief_html, brief_markdown, make_brief, scheduled_logistics
from analytics.filters import InterviewFilter
from analytics.question_stats import ALL_LABELS, COMMON_LABELS, PRACTICE_LABELS, question_overview
from debrief import upkeep
from debrief.backup import restore_backup
from debrief.csv_export import rows_csv_bytes, write_csv
from debrief.demo import DemoSize, load_demo
from debrief.follow_ups import local_today
from debrief.import_file import plan_path
from debrief.reminders import reminders_file
from debrief.schedule import local_now
from debrief.store import Store, StoreError, database_path
from debrief.transcripts.analysis import analyse
from debrief.transcripts.prefill import QUESTION_LIST_HEADER, question_list
from debrief.transcripts.reading import MAX_TRANSCRIPT_BYTES, read_transcript
from debrief.transfer import DOCUMENT_NAME, apply_import, write_export


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _clock_time(text: str) -> dt.time:
    try:
        return dt.time.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a time of day (HH:MM): {text}") from None


def _add_database_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, default=None, help="database file (default: $DEBRIEF_DB or data/)")


@contextmanager
def _opened_store(
    arguments: argparse.Namespace,
    *,
    create: bool = False,
    writes_to: Path | None = None,
) -> Iterator[Store]:
    """The database named on the command line (else $DEBRIEF_DB or data/), closed afterwards.

    Unless `create`, it must exist: a command that only reads must not create one. `writes_to`, a file
    the command writes, must be in a folder that exists. A file Debrief may not write is opened for
    reading (see `Store`), so commands that only read work on it. Opened, a database is brought up to
    date as the app brings it on its first open (debrief.upkeep): questions grouped by this version's
    matcher, every interview with a follow-up plan.
    """
    path = arguments.db or database_path()
    if not create and not path.is_file():
        raise ValueError(f"there is no database at {path}")
    if writes_to is not None and not writes_to.parent.is_dir():
        raise ValueError(f"the folder {writes_to.parent} does not exist")
    store = Store(path)
    try:
        if store.schema_version() and not store.read_only_reason and upkeep.pending(store):
            upkeep.bring_up_to_date(store, local_today())
        yield store
    finally:
        store.close()


def _run_demo(arguments: argparse.Namespace) -> str:
    started = time.perf_counter()
    with _opened_store(arguments, create=True) as store:
        added = load_demo(store, DemoSize(arguments.interviews, arguments.items), seed=arguments.seed)
    return f"Added {added:,} demo interviews to {store.path} in {time.perf_counter() - started:.1f} s."


def _add_demo_command(commands) -> None:
    demo = commands.add_parser("demo", help="add a realistic demo data set to a database")
    demo.add_argument("--interviews", type=_positive, default=200, help="how many interviews (default 200)")
    demo.add_argument("--seed", type=int, default=7, help="random seed: the same seed gives the same data")
    demo.add_argument("--items", type=float, default=12.0, help="average items per interview (default 12)")
    _add_database_option(demo)
    demo.set_defaults(run=_run_demo)


def _run_export(arguments: argparse.Namespace) -> str:
    with _opened_store(arguments) as store:
        written = write_export(store, arguments.out)
    return f"Wrote {len(written)} files (one CSV per table and {DOCUMENT_NAME}) to {arguments.out}."


def _add_export_command(commands) -> None:
    export = commands.add_parser("export", help="write every table as CSV plus one JSON document")
    export.add_argument("--out", type=Path, required=True, help="folder to write into (created if needed)")
    _add_database_option(export)
    export.set_defaults(run=_run_export)


def _run_import(arguments: argparse.Namespace) -> str:
    plan = plan_path(arguments.source)
    if not plan.ok:  # checked before the database is opened (or created)
        raise ValueError(plan.refusal())
    with _opened_store(arguments, create=True) as store:
        result = apply_import(store, plan)
    return result.summary()


def _add_import_command(commands) -> None:
    importer = commands.add_parser(
        "import", help="add a full export (or a spreadsheet of questions) to a database, all or nothing"
    )
    importer.add_argument(
        "--from", dest="source", type=Path, required=True, help="export folder, zip or JSON; or a CSV"
    )
    _add_database_option(importer)
    importer.set_defaults(run=_run_import)


def _run_reminders(arguments: argparse.Namespace) -> str:
    with _opened_store(arguments, writes_to=arguments.out) as store:
        reminders = reminders_file(store, local_today(), practice_at=arguments.practice)
    arguments.out.write_bytes(reminders.data)
    return (
        f"Wrote {reminders.events:,} follow-up reminders ({reminders.overdue:,} overdue, placed on today) "
        f"and {reminders.interviews:,} interviews to come, each with a prepare reminder the day before, "
        f"to {arguments.out}."
    )


def _add_reminders_command(commands) -> None:
    reminders = commands.add_parser(
        "reminders", help="write the open follow-ups and the interviews to come as an .ics calendar file"
    )
    reminders.add_argument("--out", type=Path, required=True, help="the .ics file to write")
    reminders.add_argument(
        "--practice", type=_clock_time, default=None, help="add a daily reminder to practise at HH:MM"
    )
    _add_database_option(reminders)
    reminders.set_defaults(run=_run_reminders)


def _run_restore(arguments: argparse.Namespace) -> str:
    if not arguments.source.is_file():
        raise ValueError(f"there is no backup file at {arguments.source}")
    with _opened_store(arguments, create=True) as store:
        result = restore_backup(store, arguments.source)
    kept = f" The data it replaced is kept in {result.previous_copy}." if result.previous_copy else ""
    return f"Restored {store.path}: {result.summary.describe()}{kept}"


def _add_restore_command(commands) -> None:
    restore = commands.add_parser(
        "restore", help="replace a database with a backup, checked row by row and rebuilt (old data kept)"
    )
    restore.add_argument("--from", dest="source", type=Path, required=True, help="the backup (.duckdb)")
    _add_database_option(restore)
    restore.set_defaults(run=_run_restore)


def _run_transcript(arguments: argparse.Namespace) -> str:
    if not arguments.source.is_file():
        raise ValueError(f"there is no file at {arguments.source}")
    if not arguments.out.parent.is_dir():
        raise ValueError(f"the folder {arguments.out.parent} does not exist")
    size = arguments.source.stat().st_size
    if size > MAX_TRANSCRIPT_BYTES:  # refused before it is read into memory
        limit = MAX_TRANSCRIPT_BYTES / 1e6
        raise ValueError(
            f"{arguments.source} is {size / 1e6:,.1f} MB; a transcript can be at most {limit:.0f} MB"
        )
    data = arguments.source.read_bytes()
    analysis = analyse(read_transcript(data, arguments.source.name), arguments.me)
    arguments.out.write_bytes(rows_csv_bytes(QUESTION_LIST_HEADER, question_list(analysis)))
    if analysis.turns_guessed:
        who = "the file names nobody, so who said what is a guess"
    elif analysis.me_guessed:
        who = f"you are {analysis.me} (the one who talks most; --me NAME says otherwise)"
    else:
        who = f"you are {analysis.me}"
    return f"Wrote {len(analysis.questions):,} interviewer questions to {arguments.out}; {who}."


def _add_transcript_command(commands) -> None:
    transcript = commands.add_parser(
        "transcript", help="list the interviewer's questions in a call transcript, with your answers' length"
    )
    transcript.add_argument(
        "--in", dest="source", type=Path, required=True, help="the transcript (.vtt, .srt, .txt or .docx)"
    )
    transcript.add_argument(
        "--me", default=None, help="your name as the transcript gives it (default: who talks most)"
    )
    transcript.add_argument("--out", type=Path, required=True, help="the CSV file to write")
    transcript.set_defaults(run=_run_transcript)


_QUESTION_LISTS = {
    "all": ("every_question", ALL_LABELS, "questions"),
    "grouped": ("common", COMMON_LABELS, "grouped questions"),
    "practice": ("practice", PRACTICE_LABELS, "questions to practise"),
}


def _run_questions(arguments: argparse.Namespace) -> str:
    with _opened_store(arguments, writes_to=arguments.out) as store, store.snapshot() as cursor:
        overview = question_overview(cursor, InterviewFilter())
    field, labels, noun = _QUESTION_LISTS[arguments.list]
    rows = getattr(overview, field)
    write_csv(rows, arguments.out, labels)
    return f"Wrote {len(rows):,} {noun} to {arguments.out}."


def _add_questions_command(commands) -> None:
    questions = commands.add_parser("questions", help="write the questions you were asked to a CSV file")
    questions.add_argument("--db", type=Path, required=True, help="the database file to read")
    questions.add_argument("--out", type=Path, required=True, help="the CSV file to write")
    questions.add_argument(
        "--list",
        choices=sorted(_QUESTION_LISTS),
        default="all",
        help="all: every question (default); grouped: one row per question; practice: the practice list",
    )
    questions.set_defaults(run=_run_questions)


def _run_brief(arguments: argparse.Namespace) -> str:
    target = BriefTarget(arguments.company, arguments.role, arguments.round)
    with _opened_store(arguments, writes_to=arguments.out) as store, store.snapshot() as cursor:
        brief = make_brief(cursor, target)
        logistics = scheduled_logistics(cursor, target, local_now())
    write = brief_html if arguments.out.suffix.lower() in {".html", ".htm"} else brief_markdown
    arguments.out.write_text(write(brief, logistics), encoding="utf-8")
    return (
        f"Wrote the brief for {arguments.company} ({len(brief.expected):,} questions to expect, "
        f"from {brief.interviews_used:,} debriefs) to {arguments.out}."
    )


def _add_brief_command(commands) -> None:
    brief = commands.add_parser(
        "brief", help="write the brief for an upcoming interview: questions to expect, mistakes, strengths"
    )
    brief.add_argument("--db", type=Path, required=True, help="the database file to read")
    brief.add_argument("--company", required=True, help="the company you will meet")
    brief.add_argument("--role", default="", help="the role (default: any)")
    brief.add_argument("--round", default="", help="the round, e.g. Technical or Final (default: any)")
    brief.add_argument("--out", type=Path, required=True, help="the file to write: .md, or .html to print")
    brief.set_defaults(run=_run_brief)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m debrief", description="Debrief's command line.")
    commands = parser.add_subparsers(dest="command", required=True)
    _add_brief_command(commands)
    _add_demo_command(commands)
    _add_export_command(commands)
    _add_import_command(commands)
    _add_reminders_command(commands)
    _add_questions_command(commands)
    _add_restore_command(commands)
    _add_transcript_command(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    try:
        message = arguments.run(arguments)
    except (StoreError, duckdb.Error, OSError, ValueError) as error:
        print(f"debrief {arguments.command}: {error}", file=sys.stderr)
        return 1
    print(message)
    return 0
