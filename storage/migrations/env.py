"""Alembic environment: runs migrations over the app's own async engine.

`storage.migrate.upgrade()` passes a live connection in ``config.attributes`` so tests and
`inroads migrate` share engine settings (e.g. the PostgreSQL search_path of a test schema).
The plain `alembic` command line works too, using INROADS_DATABASE_URL.
"""

from __future__ import annotations

import asyncio
import os

from alembic import context
from sqlalchemy.engine import Connection

from storage.engine import DEFAULT_URL, create_engine
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
    engine = create_engine(os.environ.get("INROADS_DATABASE_URL") or DEFAULT_URL)
    async with migration_connection(engine) as connection:
        await connection.run_sync(_run)
    await engine.dispose()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    asyncio.run(_run_with_new_engine())
