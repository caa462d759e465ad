"""Apply Alembic migrations programmatically (`inroads migrate`, `inroads run`, tests)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"

#: Key of the PostgreSQL advisory lock that serialises concurrent `upgrade` calls.
MIGRATION_LOCK_KEY = 0x1A_0AD5


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Migrate to `revision`. Every replica of `inroads run` migrates at start; on
    PostgreSQL a transaction-scoped advisory lock makes them take turns, so the first
    applies the migrations and the others find the schema at head (SQLite allows only
    one writer anyway)."""
    async with migration_connection(engine) as connection:
        if connection.dialect.name == "postgresql":
            await connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
            )
        await connection.run_sync(lambda sync: command.upgrade(alembic_config(sync), revision))


async def downgrade(engine: AsyncEngine, revision: str = "base") -> None:
    async with migration_connection(engine) as connection:
        await connection.run_sync(lambda sync: command.downgrade(alembic_config(sync), revision))


@asynccontextmanager
async def migration_connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A connection inside one transaction for running migrations.

    On SQLite, foreign-key enforcement is off for the run (SQLite's own recipe for
    changing a table): a batch "recreate" drops the old copy of a table, and with
    enforcement on that drop would delete, through ON DELETE CASCADE, every row that
    refers to it. The pragma is ignored inside a transaction, so it is set before one
    begins; before committing, `PRAGMA foreign_key_check` must find no broken reference,
    and enforcement is back on before the connection returns to the pool.
    """
    async with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            await connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            await connection.commit()
        try:
            async with connection.begin():
                yield connection
                if sqlite:
                    broken = (await connection.exec_driver_sql("PRAGMA foreign_key_check")).all()
                    if broken:
                        raise RuntimeError(f"migration broke references: {broken[:5]}")
        finally:
            if sqlite:
                await connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                await connection.commit()
