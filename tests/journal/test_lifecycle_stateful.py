"""The lifecycle's invariants under random command sequences (hypothesis stateful).

A :class:`RuleBasedStateMachine` drives the real :class:`~bot.dispatcher.Dispatcher`
(and the real reminder dispatcher when the clock moves) with the commands a person
mixes freely: log, plan, plan another, done, thanked, check-in done/snooze/skip,
outreach sent, delete, contact rename, another member's forget-me. After every step it
checks, from the stored rows:

- no pending follow-up unless its interview is `requested`;
- no pending prep for a conversation that was held;
- at most one open interview per contact, unless the person asked for another;
- the funnel never widens (sent ≥ accepted ≥ held ≥ thanked within a day);
- every pending reminder names only people who exist (rendered as it would be sent),
  and no message ever names the member who used forget-me;
- no command answers with a crash.

It runs on the in-memory fakes and on real SQLite and PostgreSQL. Hypothesis machines
are synchronous, so each test owns one event loop and runs every command on it.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.bootstrap import build_dispatcher, build_services
from bot.domain import Actor, Match, MatchRound, Reminder
from bot.general.funnel import compute_funnel
from bot.reminders.dispatch import DispatchConfig, ReminderDispatcher
from bot.reminders.freshness import partner_of
from bot.reminders.render import render_reminder
from storage import tables
from storage.engine import create_engine, session_factory
from storage.mapping import start_mappers
from storage.migrate import upgrade
from storage.uow import SqlUnitOfWorkFactory
from tests.conftest import ALICE, _drop_schema, _postgres_schema_engine
from tests.fakes import FakeUnitOfWorkFactory, FixedClock, RecordingNotifier

BEV = Actor("console", "w1", "bev", "Bev")
NAMES = ("Ann Lee", "Bo Chen", "Dana Whitfield")
WHENS = ("", "in 90 minutes", "in 3 days", "tomorrow 9am", "in 2 weeks")
CRASH = "went wrong on our side"
T = TypeVar("T")


class World:
    """What one test's machines share: its event loop and how to get a clean store."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.engine: AsyncEngine | None = None

    def run(self, coro: Awaitable[T]) -> T:
        return self.loop.run_until_complete(coro)

    def fresh_uow(self) -> Any:
        if self.engine is None:
            return FakeUnitOfWorkFactory()
        engine = self.engine

        async def wipe() -> None:
            async with engine.begin() as conn:
                for table in reversed(tables.metadata.sorted_tables):
                    await conn.execute(delete(table))

        self.run(wipe())
        return SqlUnitOfWorkFactory(session_factory(engine))


WORLD: World | None = None


class LifecycleMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        assert WORLD is not None
        self.world = WORLD
        self.uow = self.world.fresh_uow()
        self.clock = FixedClock()
        self.notifier = RecordingNotifier()
        services = build_services(self.uow, clock=self.clock, notifier=self.notifier)
        self.commands = build_dispatcher(services)
        self.outbox = ReminderDispatcher(services, DispatchConfig(rate_per_workspace=None))
        self.extra_allowed: set[int] = set()  #: contacts planned with another:yes
        self.bev_forgotten = False
        self.renames = 0
        self.say("checkin settings quiet:off")
        self.world.run(self._match_with_bev())

    async def _match_with_bev(self) -> None:
        """A mentoring match between Bev and Alice, with Alice's "did you meet?" due in
        a week (as a round would leave it)."""
        async with self.uow() as uow:
            rnd = await uow.matches.add_round(MatchRound("console", "w1", status="sent"))
            match = Match("console", "w1", rnd.id or 0, "bev", "alice")
            await uow.matches.add(match)
            due = self.clock.now() + timedelta(days=7)
            await uow.reminders.add(
                Reminder("console", "w1", "alice", "match-follow-up", due, match_id=match.id)
            )
            await uow.commit()

    def say(self, text: str, actor: Actor = ALICE) -> str:
        reply = self.world.run(self.commands.run_text(actor, text))
        out = reply.plain_text()
        assert CRASH not in out, (text, out)
        return out

    def read(self, fn: Callable[[Any], Awaitable[T]]) -> T:
        async def go() -> T:
            async with self.uow() as uow:
                return await fn(uow)

        return self.world.run(go())

    def interview_ids(self) -> list[int]:
        async def ids(uow: Any) -> list[int]:
            return sorted(i.number for i in await uow.interviews.list(ALICE))

        return self.read(ids)

    def pick(self, ids: list[int], index: int) -> int | None:
        return ids[index % len(ids)] if ids else None

    # -- rules ---------------------------------------------------------------------------

    @rule(name=st.sampled_from(NAMES), when=st.sampled_from(("1 hour ago", "yesterday 3pm")))
    def log(self, name: str, when: str) -> None:
        self.say(f'interview log "{name}" when:"{when}"')

    @rule(name=st.sampled_from(NAMES), when=st.sampled_from(WHENS))
    def plan(self, name: str, when: str) -> None:
        self.say(f'interview plan "{name}"' + (f' when:"{when}"' if when else ""))

    @rule(name=st.sampled_from(NAMES), when=st.sampled_from(WHENS))
    def plan_another(self, name: str, when: str) -> None:
        text = f'interview plan "{name}" another:yes' + (f' when:"{when}"' if when else "")
        out = self.say(text)
        found = re.search(r"(?:Planned interview|conversation) \(?#(\d+)", out)
        if found:
            number = int(found.group(1))

            async def contact_of(uow: Any) -> int | None:
                row = await uow.interviews.by_number(ALICE, number)
                return None if row is None else row.contact_id

            cid = self.read(contact_of)
            if cid is not None:
                self.extra_allowed.add(cid)

    @rule(index=st.integers(0, 20), when=st.sampled_from(("", "2 hours ago", "3 days ago")))
    def done(self, index: int, when: str) -> None:
        if (n := self.pick(self.interview_ids(), index)) is not None:
            self.say(f"interview done {n}" + (f' when:"{when}"' if when else ""))

    @rule(index=st.integers(0, 20))
    def thanked(self, index: int) -> None:
        if (n := self.pick(self.interview_ids(), index)) is not None:
            self.say(f"interview thanked {n}")

    @rule(index=st.integers(0, 20))
    def delete(self, index: int) -> None:
        if (n := self.pick(self.interview_ids(), index)) is not None:
            self.say(f"interview delete {n} confirm:yes")

    @rule(name=st.sampled_from(NAMES))
    def outreach_sent(self, name: str) -> None:
        self.say(f'outreach sent "{name}"')

    @rule(index=st.integers(0, 20), verb=st.sampled_from(("done", "snooze", "skip")))
    def checkin(self, index: int, verb: str) -> None:
        async def ids(uow: Any) -> list[int]:
            rows = await uow.reminders.list(ALICE, statuses=["pending", "sent"])
            return [r.number for r in rows]

        if (n := self.pick(self.read(ids), index)) is not None:
            self.say(f"checkin {verb} {n}" + (" 1d" if verb == "snooze" else ""))

    @rule(name=st.sampled_from(NAMES))
    def rename(self, name: str) -> None:
        self.renames += 1
        self.say(f'contact edit "{name}" name:"{name} {self.renames}"')

    @rule(hours=st.sampled_from((1, 5, 30, 24 * 8, 24 * 40, 24 * 100)))
    def time_passes(self, hours: int) -> None:
        self.clock.advance(timedelta(hours=hours))
        self.world.run(self.outbox.run_once())

    @rule()
    def bev_forgets(self) -> None:
        if not self.bev_forgotten:
            self.say("inroads forget-me confirm:yes", BEV)
            self.bev_forgotten = True

    # -- invariants ----------------------------------------------------------------------

    @invariant()
    def lifecycle_holds(self) -> None:
        async def check(uow: Any) -> None:
            interviews = {i.id: i for i in await uow.interviews.list(ALICE)}
            contacts = {c.id: c for c in await uow.contacts.list(ALICE)}
            pending = await uow.reminders.list(ALICE, statuses=["pending"])
            prefs = await uow.settings.get_or_default(ALICE)
            open_by_contact: dict[int, int] = {}
            for interview in interviews.values():
                if interview.is_open:
                    open_by_contact[interview.contact_id] = (
                        open_by_contact.get(interview.contact_id, 0) + 1
                    )
            for cid, count in open_by_contact.items():
                assert count <= 1 or cid in self.extra_allowed, (cid, count)
            funnel = compute_funnel(interviews.values(), await uow.outcomes.list(ALICE))
            assert funnel.sent >= funnel.accepted >= funnel.held >= funnel.thanked_within_24h
            keep_in_touch: dict[int | None, int] = {}
            for row in pending:
                interview = interviews.get(row.interview_id)
                if row.kind == "follow-up":
                    assert interview is not None, row
                    assert interview.status == "requested", row
                if row.kind == "prep":
                    assert interview is not None, row
                    assert interview.is_open, row
                if row.kind == "keep-in-touch":
                    keep_in_touch[row.contact_id] = keep_in_touch.get(row.contact_id, 0) + 1
                if row.contact_id is not None:
                    assert row.contact_id in contacts, row
                other = None
                if row.kind == "match-follow-up":
                    match = await uow.matches.get("console", "w1", row.match_id or 0)
                    other = partner_of(match, row)
                    assert other != "bev" or not self.bev_forgotten
                shown = render_reminder(
                    row,
                    contact=contacts.get(row.contact_id),
                    interview=interview,
                    prefs=prefs,
                    other=other,
                ).plain_text()
                if self.bev_forgotten and row.kind == "match-follow-up" and other is None:
                    continue  # the dispatcher drops it unsent (see freshness.partner_of)
                assert "forgotten" not in shown
                assert "<@bev>" not in shown or not self.bev_forgotten
            assert all(n <= 1 for n in keep_in_touch.values()), keep_in_touch

        self.read(check)

    @invariant()
    def nobody_erased_is_messaged_about(self) -> None:
        if self.bev_forgotten:
            late = [m for m in self.notifier.sent if "<@bev>" in m.reply.plain_text()]
            assert late == [] or all(
                self.notifier.sent.index(m) < self._sent_before_forget for m in late
            )
        else:
            self._sent_before_forget = len(self.notifier.sent)


LifecycleMachine.TestCase.settings = settings(deadline=None)

SETTINGS = {
    "fakes": settings(
        max_examples=25,
        stateful_step_count=25,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    ),
    "sql": settings(
        max_examples=8,
        stateful_step_count=20,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    ),
}


def _run(world: World, kind: str) -> None:
    global WORLD
    WORLD = world
    try:
        run_state_machine_as_test(LifecycleMachine, settings=SETTINGS[kind])
    finally:
        WORLD = None


def test_lifecycle_invariants_on_fakes() -> None:
    world = World()
    try:
        _run(world, "fakes")
    finally:
        world.loop.close()


def test_lifecycle_invariants_on_sqlite(tmp_path: Any) -> None:
    start_mappers()
    world = World()
    try:
        world.engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/stateful.sqlite3")
        world.run(upgrade(world.engine))
        _run(world, "sql")
    finally:
        if world.engine is not None:
            world.run(world.engine.dispose())
        world.loop.close()


@pytest.mark.postgres
def test_lifecycle_invariants_on_postgresql() -> None:
    start_mappers()
    world = World()
    schema = None
    try:
        world.engine, schema = world.run(_postgres_schema_engine())
        world.run(upgrade(world.engine))
        _run(world, "sql")
    finally:
        if world.engine is not None:
            world.run(world.engine.dispose())
        if schema:
            world.run(_drop_schema(schema))
        world.loop.close()
