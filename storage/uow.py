"""The SQL unit of work: one session, one transaction, every repository."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import bindparam, delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain import FORGOTTEN_ID, Actor
from storage import tables
from storage.direct import Direct
from storage.inbox import RUNNING_ENTRY, CommandAbandoned
from storage.repositories.actions import SqlActionItemRepository
from storage.repositories.base import in_tenant, owned_by
from storage.repositories.directory import SqlDirectoryRepository
from storage.repositories.imports import SqlContactImportRepository
from storage.repositories.intro_offers import SqlIntroRepository
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
from storage.repositories.requests import SqlRequestRepository

#: Tables whose rows belong to one person, children first so foreign keys never block.
OWNED_TABLES = (
    tables.contact_imports,
    tables.action_items,
    tables.reminders,
    tables.outcomes,
    tables.interviews,
    tables.contacts,
    tables.custom_questions,
    tables.directory_terms,
    tables.member_blocks,
    tables.profiles,
    tables.user_settings,
)
#: Built once: the statement every queued command's commit runs (see `commit`).
_DELETE_INBOX_ROW = Direct(delete(tables.inbox).where(tables.inbox.c.id == bindparam("entry_id")))


class SqlUnitOfWork:
    def __init__(self, session: AsyncSession, *, default_timezone: str = "UTC") -> None:
        self.session = session
        self.contacts = SqlContactRepository(session)
        self.interviews = SqlInterviewRepository(session)
        self.outcomes = SqlOutcomeRepository(session)
        self.action_items = SqlActionItemRepository(session)
        self.contact_imports = SqlContactImportRepository(session)
        self.reminders = SqlReminderRepository(session)
        self.settings = SqlUserSettingsRepository(session, default_timezone=default_timezone)
        self.custom_questions = SqlCustomQuestionRepository(session)
        self.profiles = SqlProfileRepository(session)
        self.groups = SqlGroupRepository(session)
        self.matches = SqlMatchRepository(session)
        self.directory = SqlDirectoryRepository(session)
        self.requests = SqlRequestRepository(session)
        self.intros = SqlIntroRepository(session)

    async def commit(self) -> None:
        entry = RUNNING_ENTRY.get()
        if entry is not None and entry.armed and entry.abandoned:
            raise CommandAbandoned  # the stop hands this command to the next process
        if entry is not None and entry.armed and entry.id is not None:
            # The inbox request this command serves is done with the same commit.
            await _DELETE_INBOX_ROW.rows(self.session, {"entry_id": entry.id})
        await self.session.commit()
        if entry is not None and entry.armed:
            entry.committed = True

    async def rollback(self) -> None:
        await self.session.rollback()

    async def forget_user(self, actor: Actor) -> int:
        # Introduction requests are the seeker's and the member's: either one's goes.
        removed = await self.intros.forget(actor)
        # Contacts reference each other (referred_by); clear the links first.
        await self.session.execute(
            tables.contacts.update()
            .where(owned_by(tables.contacts, actor))
            .values(referred_by_id=None)
        )
        for table in OWNED_TABLES:
            result = await self.session.execute(delete(table).where(owned_by(table, actor)))
            removed += int(getattr(result, "rowcount", 0) or 0)
        # The person's number counters go too (not counted: they hold nothing they wrote).
        counters = tables.owner_counters
        await self.session.execute(delete(counters).where(owned_by(counters, actor)))
        await self._anonymise_mentoring(actor)
        await self._anonymise_requests(actor)
        self.session.expunge_all()
        return removed

    async def _anonymise_mentoring(self, actor: Actor) -> None:
        """Matches are shared history (the other person's, and the group's stats): keep
        the rows, replace this member's id; drop them from admins, exclusions, rounds."""
        uid = actor.user_id
        tenant = (actor.platform, actor.workspace_id)
        t = tables.matches
        for column in (t.c.mentor_id, t.c.seeker_id):
            await self.session.execute(
                t.update()
                .where(in_tenant(t, *tenant), column == uid)
                .values({column.name: FORGOTTEN_ID})
            )
        r = tables.match_rounds
        rounds = await self.session.execute(
            select(r.c.id, r.c.unmatched_ids).where(in_tenant(r, *tenant))
        )
        for round_id, ids in rounds.all():
            if uid in (ids or []):
                kept = [FORGOTTEN_ID if i == uid else i for i in ids]
                await self.session.execute(
                    r.update().where(r.c.id == round_id).values(unmatched_ids=kept)
                )
        # A do-not-match list names other members: the forgotten one leaves them all.
        p = tables.profiles
        avoiding = await self.session.execute(
            select(p.c.id, p.c.avoid_ids).where(in_tenant(p, *tenant))
        )
        for profile_id, avoid in avoiding.all():
            if uid in (avoid or []):
                await self.session.execute(
                    p.update()
                    .where(p.c.id == profile_id)
                    .values(avoid_ids=[a for a in avoid if a != uid])
                )
        g = tables.group_configs
        groups = await self.session.execute(
            select(g.c.id, g.c.admin_ids, g.c.exclusions).where(in_tenant(g, *tenant))
        )
        for group_id, admins, exclusions in groups.all():
            if uid in (admins or []) or any(uid in pair for pair in exclusions or []):
                await self.session.execute(
                    g.update()
                    .where(g.c.id == group_id)
                    .values(
                        admin_ids=[a for a in admins or [] if a != uid],
                        exclusions=[p for p in exclusions or [] if uid not in p],
                    )
                )

    async def _anonymise_requests(self, actor: Actor) -> None:
        """Requests are the other member's history too (and the group's counts): the
        erased side's id becomes FORGOTTEN_ID and their words go (the seeker's reason
        and message, the helper's times and private note); anything still waiting is
        closed. A row forgotten on both sides holds nothing of anyone: it goes."""
        t = tables.conversation_requests
        tenant = in_tenant(t, actor.platform, actor.workspace_id)
        uid = actor.user_id
        closed = {"next_check_at": None}
        for column, status, words in (
            (t.c.seeker_id, "cancelled", {"reason": "", "message": "", "interview_id": None}),
            (t.c.helper_id, "expired", {"times": "", "decline_note": "", "helper_name": ""}),
        ):
            await self.session.execute(
                t.update()
                .where(tenant, column == uid, t.c.status.in_(("draft", "open", "times")))
                .values(status=status, **closed)
            )
            await self.session.execute(
                t.update().where(tenant, column == uid).values({column.name: FORGOTTEN_ID, **words})
            )
        await self.session.execute(
            delete(t).where(tenant, t.c.seeker_id == FORGOTTEN_ID, t.c.helper_id == FORGOTTEN_ID)
        )


class SqlUnitOfWorkFactory:
    """``async with factory() as uow:`` — rolls back whatever was not committed."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], *, default_timezone: str = "UTC"
    ) -> None:
        self.sessions = sessions
        self.default_timezone = default_timezone

    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[SqlUnitOfWork]:
        async with self.sessions() as session:
            uow = SqlUnitOfWork(session, default_timezone=self.default_timezone)
            try:
                yield uow
            finally:
                # Detach first: handlers read their objects after the block, and a rollback
                # would expire them (async SQLAlchemy cannot lazily reload).
                session.expunge_all()
                if session.in_transaction():  # nothing to undo after a commit
                    await session.rollback()
