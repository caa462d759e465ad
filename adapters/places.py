"""Where Inroads keeps things on this computer: the journal, saved files, the log.

Why a per-user data directory (platformdirs) rather than the current directory: a journal
that lives wherever you happened to start the bot is silently a different, empty journal
the next time you start it from another folder. The data directory is the same from
anywhere, and platformdirs picks the place each system expects (``~/.local/share`` or
``$XDG_DATA_HOME`` on Linux, ``~/Library/Application Support`` on macOS, ``%LOCALAPPDATA%``
on Windows). Servers set ``INROADS_DATABASE_URL`` and never touch any of this.
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_path, user_log_path
from sqlalchemy.engine import make_url

APP_NAME = "inroads"
JOURNAL_FILE = "inroads.sqlite3"
#: The file the bot used before the data directory; we point it out once if we see it.
OLD_JOURNAL = Path(JOURNAL_FILE)
_NOTED_FILE = "old-journals-noted.txt"


def data_dir() -> Path:
    return user_data_path(APP_NAME, appauthor=False)


def default_database_url() -> str:
    return f"sqlite+aiosqlite:///{data_dir() / JOURNAL_FILE}"


def default_files_dir() -> Path:
    return data_dir() / "files"


def default_log_file() -> Path:
    return user_log_path(APP_NAME, appauthor=False) / "inroads.log"


def sqlite_path(database_url: str) -> Path | None:
    """The file behind a SQLite URL (None for PostgreSQL or an in-memory database)."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database).expanduser()


def journal_location(database_url: str) -> str:
    """Where the journal lives, as a person would want to read it (no password)."""
    path = sqlite_path(database_url)
    if path is not None:
        return str(path.resolve())
    url = make_url(database_url)
    return f"{url.get_backend_name()} database {url.database} on {url.host or 'localhost'}"


def ensure_parent(database_url: str) -> None:
    """SQLite creates the file but not its folder; make the folder on first use."""
    path = sqlite_path(database_url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)


def old_journal_note(database_url: str, cwd: Path | None = None) -> str | None:
    """A note, shown once per old file, when ./inroads.sqlite3 exists but is not in use.

    Why once: the note tells people how to keep using the old journal; repeating it at
    every start would be noise for someone who has decided to leave it there.
    """
    old = ((cwd or Path.cwd()) / OLD_JOURNAL).resolve()
    in_use = sqlite_path(database_url)
    if not old.is_file() or (in_use is not None and in_use.resolve() == old):
        return None
    marker = data_dir() / _NOTED_FILE
    try:
        noted = set(marker.read_text(encoding="utf-8").splitlines())
    except OSError:
        noted = set()
    if str(old) in noted:
        return None
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        with marker.open("a", encoding="utf-8") as out:
            out.write(f"{old}\n")
    except OSError:
        pass  # we may repeat the note next time; that is better than not starting
    return (
        f"Note: there's an older journal in this folder ({old}). Inroads now keeps your "
        f"journal in {journal_location(database_url)}. To keep using the old one, start "
        f"with INROADS_DATABASE_URL=sqlite:///{old}"
    )
