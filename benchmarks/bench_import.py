"""`contact import` of a 30,000-row LinkedIn export, end to end, on SQLite and PostgreSQL.

The file has LinkedIn's quirks (BOM, "Notes:" preamble, CRLF, quoted commas, dates); the
journal already holds 2,000 contacts, 1,000 of whom are in the file (half with details to
fill in, half with nothing new), and another person's 2,000 in the same database. Each
step runs through the dispatcher as a person would: reading the file alone, the preview
(read + sort against the journal + stage), confirm (sort again + write), undo (remove
and revert), and a second upload of the same file (everyone already there).
Goal (issue 18): preview + confirm of 30,000 rows within 10 s.

Usage: python benchmarks/bench_import.py [--rows N]   (last line: JSON figures)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.bootstrap import build_dispatcher, build_services
from bot.dispatcher import Dispatcher
from bot.domain import Actor
from bot.journal.contact_import import ImportContacts
from bot.journal.import_files import read_file
from bot.reply import Reply
from storage import tables
from storage.engine import create_engine, normalise_url, session_factory
from storage.mapping import start_mappers
from storage.migrate import upgrade
from storage.numbering import number_rows
from storage.uow import SqlUnitOfWorkFactory

PG_URL = os.environ.get(
    "INROADS_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
ME = Actor("slack", "T1", "U1", "Me")
NEIGHBOUR = Actor("slack", "T1", "U2", "Neighbour")
EXISTING = 2_000
OVERLAP = 1_000
GOAL_SECONDS = 10.0
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class Clock:
    def now(self) -> datetime:
        return NOW


def connections_csv(rows: int) -> bytes:
    lines = [
        "Notes:",
        '"When exporting your connection data, you may notice that some of the email '
        'addresses are missing."',
        "",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    ]
    for n in range(rows):
        company = f'"Company {n % 1_500}, Inc."' if n % 3 == 0 else f"Company {n % 1_500}"
        email = f"person{n}@example.com" if n % 4 == 0 else ""
        lines.append(
            f"Person,Number {n},https://www.linkedin.com/in/person-{n},{email},{company},"
            f'"Engineer, level {n % 7}",{1 + n % 28:02d} {MONTHS[n % 12]} {2010 + n % 15}'
        )
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()


async def seed(engine: AsyncEngine) -> None:
    """2,000 contacts for me (the first 1,000 are in the file) and 2,000 for a neighbour."""
    rows = []
    for owner in (ME, NEIGHBOUR):
        for n in range(EXISTING):
            in_file = n < OVERLAP
            company = f"Company {n % 1_500}" + (", Inc." if n % 3 == 0 else "")
            rows.append(
                {
                    "platform": owner.platform,
                    "workspace_id": owner.workspace_id,
                    "user_id": owner.user_id,
                    "name": f"Person Number {n}" if in_file else f"Someone Else {n}",
                    # Half of those in the file have every detail the file brings.
                    "company": company if in_file and n % 2 else "",
                    "role": f"Engineer, level {n % 7}" if n % 2 else "",
                    "how_known": "met at a meetup" if n % 2 else "",
                    "links": f"https://www.linkedin.com/in/person-{n}"
                    + (f"\nperson{n}@example.com" if n % 4 == 0 else "")
                    if n % 2
                    else "",
                    "notes": "",
                }
            )
    async with engine.begin() as conn:
        await number_rows(conn, tables.contacts, rows)  # per-person numbers, as the app gives
        await conn.execute(insert(tables.contacts), rows)


async def timed(step: Callable[[], Awaitable[Reply]]) -> tuple[float, Reply]:
    started = time.perf_counter()
    reply = await step()
    return time.perf_counter() - started, reply


async def run(engine: AsyncEngine, data: bytes) -> dict[str, float]:
    await upgrade(engine)
    await seed(engine)
    dispatcher: Dispatcher = build_dispatcher(
        build_services(SqlUnitOfWorkFactory(session_factory(engine)), clock=Clock())
    )
    spec = dispatcher.spec_for(("contact", "import"))

    async def upload() -> Reply:
        command = ImportContacts(actor=ME, data=data, source="Connections.csv")
        return await dispatcher.run(spec, command)

    preview_s, preview = await timed(upload)
    assert not preview.is_error, preview.plain_text()
    confirm_s, done = await timed(lambda: dispatcher.run_text(ME, "contact import confirm"))
    assert "Imported" in done.title, done.plain_text()
    again_s, again = await timed(upload)
    assert "Nothing to import" in again.title, again.plain_text()
    undo_s, undone = await timed(lambda: dispatcher.run_text(ME, "contact import undo confirm:yes"))
    assert "Undid import" in undone.title, undone.plain_text()
    counts = {f.label: float(f.value.replace(",", "")) for f in preview.fields}
    return {
        "preview_s": preview_s,
        "confirm_s": confirm_s,
        "preview_plus_confirm_s": preview_s + confirm_s,
        "reimport_preview_s": again_s,
        "undo_s": undo_s,
        "new": counts["New"],
        "updated": counts["Updated"],
        "already_there": counts["Already there"],
    }


async def postgres() -> tuple[AsyncEngine, Callable[[], Awaitable[None]]] | None:
    schema = f"bench_import_{uuid.uuid4().hex[:8]}"
    admin = create_async_engine(normalise_url(PG_URL))
    try:
        async with admin.begin() as conn:
            await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except (OSError, DBAPIError):
        await admin.dispose()
        return None
    engine = create_engine(PG_URL, schema=schema)

    async def drop() -> None:
        await engine.dispose()
        async with admin.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()

    return engine, drop


async def main(rows: int) -> dict[str, float]:
    start_mappers()
    data = connections_csv(rows)
    started = time.perf_counter()
    parsed = read_file(data)
    parse_s = time.perf_counter() - started
    assert len(parsed.rows) == rows
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(f"sqlite+aiosqlite:///{folder}/bench.sqlite3")
        try:
            results["sqlite"] = await run(engine, data)
        finally:
            await engine.dispose()
    pg = await postgres()
    if pg is not None:
        engine, drop = pg
        try:
            results["postgresql"] = await run(engine, data)
        finally:
            await drop()

    print(f"contact import of a {rows:,}-row LinkedIn export ({len(data) / 1e6:.1f} MB)")
    print(f"into a journal of {EXISTING:,} contacts ({OVERLAP:,} of them in the file)")
    print(f"reading the file alone: {parse_s:.2f} s\n")
    names = list(results)
    print(f"{'figure':32}" + "".join(f"{n:>14}" for n in names))
    for label, key in [
        ("preview (read, sort, stage)", "preview_s"),
        ("confirm (sort again, write)", "confirm_s"),
        ("preview + confirm", "preview_plus_confirm_s"),
        ("same file again (no changes)", "reimport_preview_s"),
        ("undo", "undo_s"),
    ]:
        print(f"{label:32}" + "".join(f"{results[n][key]:>12.2f} s" for n in names))
    for label, key in [("new", "new"), ("updated", "updated"), ("already there", "already_there")]:
        print(f"{label:32}" + "".join(f"{results[n][key]:>14,.0f}" for n in names))
    if "postgresql" not in results:
        print("(PostgreSQL did not answer: SQLite only)")
    worst = max(r["preview_plus_confirm_s"] for r in results.values())
    verdict = "within" if worst <= GOAL_SECONDS else "OVER"
    print(f"\nslowest preview + confirm: {worst:.2f} s, {verdict} the {GOAL_SECONDS:g} s goal")
    figures: dict[str, float] = {"rows": float(rows), "parse_s": parse_s}
    for name, result in results.items():
        for key, value in result.items():
            figures[f"{name}_{key}"] = value
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=30_000)
    figures = asyncio.run(main(parser.parse_args().rows))
    print(json.dumps({k: round(v, 3) for k, v in figures.items()}))
