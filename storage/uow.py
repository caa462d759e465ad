"""The SQL unit of work: one session, one transaction, every repository."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain import Actor
from storage import tables
from storage.repositories.base import owned_by
from storage.repositories.journal import (
    SqlContactRepository,
    SqlInterviewRepository,
    SqlOutcomeRepository,
)
from storage.repositories.mentoring import (
    SqlGroupRepository,
    SqlMatchRepository,
    SqlProfileRepository,
)
from storage.repositories.people import SqlCustomQuestionRepository, SqlUserSettingsRepository
from storage.repositories.reminders import SqlReminderRepository

#: Tables whose rows belong to one person, children first so foreign keys never block.
OWNED_TABLES = (
    tables.reminders,
    tables.outcomes,
    tables.interviews,
    tables.contacts,
    tables.custom_questions,
    tables.profiles,
    tables.user_settings,
)


class SqlUnitOfWork:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.contacts = SqlContactRepository(session)
        self.interviews = SqlInterviewRepository(session)
        self.outcomes = SqlOutcomeRepository(session)
        self.reminders = SqlReminderRepository(session)
        self.settings = SqlUserSettingsRepository(session)
        self.custom_questions = SqlCustomQuestionRepository(session)
        self.profiles = SqlProfileRepository(session)
        self.groups = SqlGroupRepository(session)
        self.matches = SqlMatchRepository(session)

    async def commit(self) -> None:
        await self.session.commit()

    async def rollback(self) -> None:
        await self.session.rollback()

    async def forget_user(self, actor: Actor) -> int:
        removed = 0
        # Contacts reference each other (referred_by); clear the links first.
        await self.session.execute(
            tables.contacts.update()
            .where(owned_by(tables.contacts, actor))
            .values(referred_by_id=None)
        )
        for table in OWNED_TABLES:
            result = await self.session.execute(delete(table).where(owned_by(table, actor)))
            removed += int(getattr(result, "rowcount", 0) or 0)
        self.session.expunge_all()
        return removed


class SqlUnitOfWorkFactory:
    """``async with factory() as uow:`` — rolls back whatever was not committed."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[SqlUnitOfWork]:
        async with self.sessions() as session:
            uow = SqlUnitOfWork(session)
            try:
                yield uow
            finally:
                # Detach first: handlers read their objects after the block, and a rollback
                # would expire them (async SQLAlchemy cannot lazily reload).
                session.expunge_all()
                await session.rollback()
