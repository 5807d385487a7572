"""Copies of the database file that Debrief keeps by itself: before an upgrade of the data format, a
restore or an import, in a `backups` folder next to the database.

Which copies stay: every copy of the last KEPT_DAYS days, and the newest KEPT_NEWEST whatever their
age, as long as they fit in KEPT_BYTES together. When they do not, copies in the middle go first: the
oldest copy kept is the data as it was before a run of restores or imports began, and the newest is the
latest state, so both stay. A run of restores in a row can therefore never push out the data that was
there before the first of them.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

KEPT_NEWEST = 5
KEPT_DAYS = 30
KEPT_BYTES = 2_000_000_000
_STAMP = "%Y%m%d-%H%M%S-%f"
# What each reason in a copy's name means to the user.
REASONS = {
    "before-restore": "before a restore",
    "before-import": "before an import",
    "before-migration": "before an upgrade of the data format",
}


@dataclass(frozen=True)
class KeptCopy:
    path: Path
    made_at: dt.datetime
    reason: str
    size: int

    @property
    def why(self) -> str:
        """Why the copy was made, in the user's words."""
        for prefix, words in REASONS.items():
            if self.reason.startswith(prefix):
                return words
        return self.reason.replace("-", " ")


def backup_folder(database: Path) -> Path:
    """Where copies of a database file go: a `backups` folder next to it."""
    return database.parent / "backups"


def _copy_name(database: Path) -> re.Pattern[str]:
    return re.compile(
        rf"^{re.escape(database.stem)}\.(\d{{8}}-\d{{6}}-\d{{6}})\.([a-z0-9-]+){re.escape(database.suffix)}$"
    )


def kept_copies(database: Path) -> list[KeptCopy]:
    """The copies kept of a database file, oldest first."""
    pattern = _copy_name(database)
    found = []
    for path in backup_folder(database).glob(f"{database.stem}.*"):
        match = pattern.match(path.name)
        if match and path.is_file():
            made_at = dt.datetime.strptime(match.group(1), _STAMP)
            log = path.with_name(path.name + ".wal")  # what a restore kept of the replaced file's last saves
            size = path.stat().st_size + (log.stat().st_size if log.is_file() else 0)
            found.append(KeptCopy(path, made_at, match.group(2), size))
    return sorted(found, key=lambda copy: copy.made_at)


def copies_to_remove(copies: list[KeptCopy], now: dt.datetime) -> list[KeptCopy]:
    """Which of `copies` (oldest first) the retention rule lets go (see the module's docstring)."""
    newest = copies[-KEPT_NEWEST:]
    recent = [copy for copy in copies if now - copy.made_at <= dt.timedelta(days=KEPT_DAYS)]
    kept = [copy for copy in copies if copy in newest or copy in recent]
    middle = kept[1:-1]
    while middle and sum(copy.size for copy in kept) > KEPT_BYTES:
        kept.remove(middle.pop(0))
    return [copy for copy in copies if copy not in kept]


def keep_copy(database: Path, reason: str, now: dt.datetime | None = None) -> Path:
    """Copy a database file (closed, or checkpointed with writes held) into its backups folder, then let
    go of the copies the retention rule no longer keeps. Named `<name>.<timestamp>.<reason>.duckdb`."""
    now = now or dt.datetime.now()
    folder = backup_folder(database)
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / f"{database.stem}.{now.strftime(_STAMP)}.{reason}{database.suffix}"
    partial = copy.with_name(copy.name + ".partial")  # a copy cut short is never listed as one
    try:
        shutil.copyfile(database, partial)
        partial.replace(copy)
    finally:
        partial.unlink(missing_ok=True)
    for old in copies_to_remove(kept_copies(database), now):
        old.path.unlink(missing_ok=True)
        old.path.with_name(old.path.name + ".wal").unlink(missing_ok=True)
    return copy
