"""Alembic environment: runs migrations over the app's own async engine.

`storage.migrate.upgrade()` passes a live connection in ``config.attributes`` so tests and
`inroads migrate` share engine settings (e.g. the PostgreSQL search_path of a test schema).
The plain `alembic` command line works too, with INROADS_DATABASE_URL set: without it,
it stops and says so, rather than migrate a file the app does not use (the app's own
default lives in the user's data folder, which only `inroads migrate` knows).
"""

from __future__ import annotations

import asyncio
import os

from alembic import context
from sqlalchemy.engine import Connection

from storage.engine import create_engine
from storage.migrate import migration_connection
from storage.tables import metadata

config = context.config
target_metadata = metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_with_new_engine() -> None:
    url = os.environ.get("INROADS_DATABASE_URL")
    if not url:
        raise SystemExit(
            "Set INROADS_DATABASE_URL to the database to migrate, or run `inroads migrate`, "
            "which finds the app's own database."
        )
    engine = create_engine(url)
    async with migration_connection(engine) as connection:
        await connection.run_sync(_run)
    await engine.dispose()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    asyncio.run(_run_with_new_engine())
