"""Files named on the console: `contact import ~/Downloads/Connections.csv`.

The core reads files from bytes only (it never touches the file system), so the console
reads the named file here and hands its bytes to the same command a Slack upload or a
Discord attachment reaches. Any other line is left to the dispatcher as typed.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

from bot.dispatcher import Dispatcher
from bot.domain import Actor
from bot.errors import UsageError
from bot.journal.contact_import import ImportContacts
from bot.journal.import_rows import IMPORT_EXAMPLE
from bot.reply import Reply, error_reply

#: Bigger than anything the core imports, so its own size refusal (with the size) answers;
#: past this the console does not even read the file.
READ_LIMIT = 200 * 1024 * 1024


async def file_command(dispatcher: Dispatcher, actor: Actor, text: str) -> Reply | None:
    """The reply to `contact import PATH` with the file read; None for any other line."""
    try:
        spec, args = dispatcher.resolve(text)
    except UsageError:
        return None
    if spec.path != ("contact", "import") or not args.positionals:
        return None
    path = Path(args.text())
    try:
        path, data = await asyncio.to_thread(_read, path)
    except FileNotFoundError:
        return error_reply(f"There's no file at {path}.", example=IMPORT_EXAMPLE,
                           hint="Check the path; put it in quotes if it has spaces.")  # fmt: skip
    except IsADirectoryError:
        return error_reply(f"{path} is a folder; name the file in it.", example=IMPORT_EXAMPLE)
    except OSError as exc:
        return error_reply(f"I can't read {path} ({exc.strerror or 'not readable'}).",
                           example=IMPORT_EXAMPLE)  # fmt: skip
    try:
        dispatcher.check_options(spec, args)
        command = spec.build(args, actor)
    except UsageError:
        return None  # the dispatcher says what is wrong with the line, as for any other
    assert isinstance(command, ImportContacts)
    return await dispatcher.run(spec, replace(command, data=data, source=path.name))


def _read(path: Path) -> tuple[Path, bytes]:
    path = path.expanduser()
    size = path.stat().st_size
    if size > READ_LIMIT:
        raise OSError(0, f"{size / 1024 / 1024:.0f} MB is far more than a contacts file")
    return path, path.read_bytes()
