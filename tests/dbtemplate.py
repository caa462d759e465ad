"""Migrated test databases in milliseconds: migrate once per test process, then copy.

Running all the Alembic migrations for each database test took about a second per test on
SQLite and more on PostgreSQL (and PostgreSQL's migration lock made parallel test workers
wait for each other), which was most of the suite's time. The migrations still run, once
per process, exactly as `inroads migrate` runs them; each test then gets a copy:

- SQLite: the migrated file, copied (byte for byte the same database);
- PostgreSQL: the migrated template schema's DDL as `pg_dump --schema-only` prints it,
  replayed into the test's fresh schema (plus the `alembic_version` row, so a runtime that
  migrates at start finds the schema at head). The template's name is a random token, so
  renaming it in the DDL cannot touch anything else.

Without `pg_dump` (or with one that cannot read this server) PostgreSQL falls back to
running the migrations per test, as before. The migration tests themselves call
`storage.migrate.upgrade` directly and are unaffected.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from storage.engine import create_engine, normalise_url
from storage.migrate import upgrade

log = logging.getLogger(__name__)

_sqlite_template: Path | None = None
_postgres_ddl: dict[str, str | None] = {}


async def sqlite_copy(target: Path) -> None:
    """Put a migrated SQLite database at `target`."""
    global _sqlite_template
    if _sqlite_template is None:
        folder = Path(tempfile.mkdtemp(prefix="inroads-template-"))
        template = folder / "template.sqlite3"
        engine = create_engine(f"sqlite+aiosqlite:///{template}")
        try:
            await upgrade(engine)
        finally:
            await engine.dispose()  # checkpoints the WAL into the main file
        _sqlite_template = template
    shutil.copyfile(_sqlite_template, target)


async def postgres_fill(url: str, schema: str, engine: AsyncEngine) -> None:
    """Bring the empty `schema` (reached through `engine`) to head."""
    ddl = await _postgres_template_ddl(url)
    if ddl is None:
        await upgrade(engine)
        return
    async with engine.begin() as conn:
        # A test database need not survive a power cut: no WAL flush wait at commit.
        await conn.execute(text("SET LOCAL synchronous_commit = off"))
        raw = await conn.get_raw_connection()
        driver = raw.driver_connection
        assert driver is not None
        await driver.execute(ddl.replace(_TOKEN, f'"{schema}"'))


_TOKEN = "__inroads_template_schema__"


async def _postgres_template_ddl(url: str) -> str | None:
    if url in _postgres_ddl:
        return _postgres_ddl[url]
    pg_dump = shutil.which("pg_dump")
    ddl: str | None = None
    if pg_dump:
        ddl = await _dump_template(url, pg_dump)
    _postgres_ddl[url] = ddl
    return ddl


async def _dump_template(url: str, pg_dump: str) -> str | None:
    name = f"tpl_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(normalise_url(url))
    try:
        async with admin.begin() as conn:
            await conn.execute(text(f'CREATE SCHEMA "{name}"'))
        engine = create_engine(url, schema=name)
        try:
            await upgrade(engine)
            async with engine.connect() as conn:
                head = (
                    await conn.execute(text("SELECT version_num FROM alembic_version"))
                ).scalar()
        finally:
            await engine.dispose()
        parts = urlsplit(url.replace("+asyncpg", ""))
        env = dict(os.environ, PGPASSWORD=parts.password or "")
        command = [
            pg_dump,
            "--schema-only",
            "--no-owner",
            "--no-privileges",
            f"--schema={name}",
            f"--host={parts.hostname or '127.0.0.1'}",
            f"--port={parts.port or 5432}",
            f"--username={parts.username or 'postgres'}",
            (parts.path or "/postgres").lstrip("/"),
        ]
        done = await asyncio.to_thread(
            subprocess.run, command, env=env, capture_output=True, text=True, timeout=60
        )
        if done.returncode != 0:
            log.warning("pg_dump could not read the template schema; migrating per test")
            return None
        lines = [
            line
            for line in done.stdout.splitlines()
            # The dump resets search_path and creates the schema itself; the test's
            # schema exists already and its connection's search_path must stay.
            if not line.startswith(("SELECT pg_catalog.set_config", "CREATE SCHEMA", "SET ", "\\"))
        ]
        ddl = "\n".join(lines).replace(f'"{name}"', _TOKEN).replace(name, _TOKEN)
        return f"{ddl}\nINSERT INTO {_TOKEN}.alembic_version (version_num) VALUES ('{head}');\n"
    finally:
        async with admin.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
        await admin.dispose()
