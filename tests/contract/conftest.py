"""One repository contract, three backends: the in-memory fakes, SQLite and PostgreSQL.

Core unit tests trust the fakes in tests/fakes.py to behave like the SQL repositories;
this suite is what earns that trust. Every test here runs unchanged against each backend
(the `uows` fixture), so a fake that answers differently from the database (an order,
a scope, a rollback, a claim) fails here rather than hiding a bug in a unit test.

Each test writes in one unit of work and reads in another, as the core does: what a
test sees is what was committed, never an object still held by the writer.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.domain import (
    ActionItem,
    Actor,
    Contact,
    CustomQuestion,
    GroupConfig,
    Interview,
    Match,
    MatchRound,
    Outcome,
    Profile,
    Reminder,
    UserSettings,
)
from bot.ports import UnitOfWork, UnitOfWorkFactory
from storage.engine import session_factory
from storage.uow import SqlUnitOfWorkFactory
from tests.conftest import migrated_database
from tests.fakes import FakeUnitOfWorkFactory

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)

#: The owner every test writes for, and three people who must never see their rows:
#: the same user id in another workspace and on another platform, and a colleague.
ME = Actor("slack", "T1", "U1", "Me")
ELSEWHERE = Actor("slack", "T2", "U1", "Me elsewhere")
OTHER_PLATFORM = Actor("discord", "T1", "U1", "Me on Discord")
COLLEAGUE = Actor("slack", "T1", "U2", "Colleague")
EVERYONE = (ME, ELSEWHERE, OTHER_PLATFORM, COLLEAGUE)

BACKENDS = ["fake", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
async def uows(
    request: pytest.FixtureRequest, tmp_path: os.PathLike[str]
) -> AsyncIterator[UnitOfWorkFactory]:
    """A unit-of-work factory over an empty store of each kind."""
    if request.param == "fake":
        yield FakeUnitOfWorkFactory()
        return
    async with migrated_database(request.param, tmp_path) as engine:
        yield SqlUnitOfWorkFactory(session_factory(engine))


def _repository(uow: UnitOfWork, item: object) -> Any:
    by_type: dict[type, Any] = {
        Contact: uow.contacts.add,
        Interview: uow.interviews.add,
        Outcome: uow.outcomes.add,
        ActionItem: uow.action_items.add,
        Reminder: uow.reminders.add,
        UserSettings: uow.settings.save,
        CustomQuestion: uow.custom_questions.add,
        Profile: uow.profiles.save,
        GroupConfig: uow.groups.save,
        MatchRound: uow.matches.add_round,
        Match: uow.matches.add,
    }
    return by_type[type(item)]


async def store(uows: UnitOfWorkFactory, *items: Any) -> list[int]:
    """Write `items` in one committed unit of work; their ids, in order."""
    async with uows() as uow:
        for item in items:
            await _repository(uow, item)(item)
        await uow.commit()
    ids = [item.id for item in items]
    assert all(isinstance(i, int) for i in ids)
    return ids


def contact(owner: Actor, name: str, **fields: Any) -> Contact:
    return Contact(owner.platform, owner.workspace_id, owner.user_id, name, **fields)


def interview(owner: Actor, contact_id: int, **fields: Any) -> Interview:
    return Interview(owner.platform, owner.workspace_id, owner.user_id, contact_id, **fields)


def reminder(owner: Actor, due: datetime, **fields: Any) -> Reminder:
    return Reminder(owner.platform, owner.workspace_id, owner.user_id, "custom", due, **fields)


def ids_of(items: Sequence[Any]) -> list[int]:
    return [item.id for item in items]
