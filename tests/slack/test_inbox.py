"""Acknowledged Slack commands are durable, fair and bounded (issue 15 §1).

Storage and the inbox's own scheduling run on SQLite and PostgreSQL (`engine`); the
end-to-end cases drive the real bolt app and Slack component against the fake Slack.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.ops.health import readiness
from adapters.runtime import build_app
from adapters.slack.connector import build_slack
from adapters.slack.fair import FairQueue, Limits
from adapters.slack.inbox import Inbox
from bot.domain import Actor
from bot.reply import Reply
from storage import tables
from storage.inbox import RUNNING_ENTRY, InboxEntry, NewEntry, SqlInbox
from tests.slack.conftest import SlackHarness, make_settings
from tests.slack.fake_slack import TEAM_ID

NOW = datetime(2026, 12, 10, 12, 0, tzinfo=UTC)


def new(user: str, text: str = "list", team: str = "T1", at: datetime = NOW) -> NewEntry:
    return NewEntry("slack", team, user, "command", {"user_id": user, "text": text}, at)


async def take(
    store: SqlInbox, owner: str, now: datetime, until: datetime, limit: int = 10
) -> list[InboxEntry]:
    """Claim commands, as a process that runs only commands does."""
    return await store.claim(
        owner, now=now, lease_until=until, limit=limit, platform="slack", kinds={"command"}
    )


# --- storage ---------------------------------------------------------------------------


async def test_rows_are_leased_handed_back_and_claimed_once(engine: AsyncEngine) -> None:
    store = SqlInbox(engine)
    lease = NOW + timedelta(seconds=60)
    written = await store.add([new("U1", "a"), new("U2", "b")], owner="p1", lease_until=lease)
    assert [e.payload["text"] for e in written] == ["a", "b"]
    # Held by p1: nobody else may take them while its lease lives.
    assert await take(store, "p2", NOW, lease) == []
    assert await store.hand_back("p1", [written[0].id]) == 1
    longer = lease + timedelta(minutes=10)
    taken = await take(store, "p2", NOW, longer)
    assert [(e.id, e.user_id, e.payload["text"]) for e in taken] == [(written[0].id, "U1", "a")]
    # p1 crashed: once its lease runs out, its other row is free too, and only once.
    later = lease + timedelta(seconds=1)
    taken = await take(store, "p3", later, later)
    assert [e.id for e in taken] == [written[1].id]
    assert await take(store, "p4", later, later) == []
    assert (await store.waiting("slack"))[0] == 2
    await store.finish([e.id for e in written])
    assert await store.waiting("slack") == (0, None)


async def test_renewing_keeps_a_live_process_rows(engine: AsyncEngine) -> None:
    store = SqlInbox(engine)
    await store.add([new("U1")], owner="p1", lease_until=NOW + timedelta(seconds=5))
    assert await store.renew("p1", NOW + timedelta(minutes=5)) == 1
    soon = NOW + timedelta(seconds=30)
    assert await take(store, "p2", soon, soon, limit=5) == []


# --- fairness and limits -----------------------------------------------------------------


def entry(n: int, user: str, team: str = "T1") -> InboxEntry:
    return InboxEntry(n, "slack", team, user, "command", {}, NOW)


def test_a_burst_does_not_delay_another_persons_command() -> None:
    queue = FairQueue()
    for n in range(200):
        queue.push(entry(n, "UBURST"))
    queue.push(entry(1000, "UNEW"))
    order = [queue.pop() for _ in range(3)]
    assert 1000 in [e.id for e in order if e is not None]


def test_one_persons_commands_run_one_at_a_time_in_order() -> None:
    """Two commands from one person never run together (`interview log Dana` and
    `checkin add Dana` would both create a Dana); others are served meanwhile."""
    queue = FairQueue()
    for n in range(3):
        queue.push(entry(n, "UME"))
    queue.push(entry(10, "UOTHER"))
    first = queue.pop()
    assert first is not None
    assert first.id == 0
    other = queue.pop()
    assert other is not None
    assert other.id == 10
    assert queue.pop() is None  # UME's next waits for their first to end
    assert queue.queued == 2
    queue.done(first)
    second = queue.pop()
    assert second is not None
    assert second.id == 1


def test_a_row_id_seen_twice_never_leaves_a_person_waiting_forever() -> None:
    """SQLite once gave a deleted row's id to the next one while its command still ran:
    ending one of the two must not end the other's "running" mark."""
    queue = FairQueue()
    queue.push(entry(1, "UA"))
    first = queue.pop()
    queue.push(entry(1, "UB"))  # the same id again
    second = queue.pop()
    assert first is not None
    assert second is not None
    queue.done(first)
    queue.done(second)
    queue.push(entry(2, "UB"))
    third = queue.pop()
    assert third is not None
    assert third.user_id == "UB"


def test_workspaces_take_turns() -> None:
    queue = FairQueue()
    for n in range(50):
        queue.push(entry(n, "U1", team="TBIG"))
    queue.push(entry(100, "U2", team="TSMALL"))
    first_two = {e.workspace_id for e in (queue.pop(), queue.pop()) if e is not None}
    assert first_two == {"TBIG", "TSMALL"}


def test_limits_count_waiting_and_running_commands() -> None:
    queue = FairQueue()
    limits = Limits(per_user=2, per_workspace=3, total=4)
    queue.push(entry(1, "U1"))
    queue.reserve("slack", "T1", "U1")
    assert not queue.admits("slack", "T1", "U1", limits)  # two held for U1
    assert queue.admits("slack", "T1", "U2", limits)
    queue.push(entry(2, "U2"))
    assert not queue.admits("slack", "T1", "U3", limits)  # the workspace is full
    assert queue.admits("slack", "T2", "U3", limits)
    running = queue.pop()
    assert running is not None
    queue.done(running)
    assert queue.admits("slack", "T1", "U3", limits)


async def test_the_inbox_serves_a_newcomer_between_a_burst(engine: AsyncEngine) -> None:
    """200 commands from one person, then one from another, one worker: the second
    person's command runs within the first few, not after the burst."""
    gate = asyncio.Event()
    order: list[str] = []

    async def run(e: InboxEntry) -> None:
        await gate.wait()
        order.append(e.user_id)

    inbox = Inbox(SqlInbox(engine), run, kinds={"command"}, workers=1, limits=Limits(per_user=500))
    await inbox.start()
    offers = [inbox.offer(new("UBURST", str(n))) for n in range(200)]
    await asyncio.gather(*offers)
    await inbox.offer(new("UNEW"))
    gate.set()
    async with asyncio.timeout(30):
        while len(order) < 201:  # noqa: ASYNC110 - counting finished work
            await asyncio.sleep(0.01)
    assert order.index("UNEW") <= 2
    await inbox.stop(5)
    assert (await inbox.store.waiting("slack"))[0] == 0


async def test_an_idle_inbox_sleeps_and_an_answer_wakes_the_cleanup(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Answered rows are deleted in batches. The batcher used to wake every 20 ms with
    nothing to do (the most an idle bot spent); now only an answer wakes it."""
    ran: list[str] = []

    async def run(e: InboxEntry) -> None:
        ran.append(e.user_id)

    inbox = Inbox(SqlInbox(engine), run, kinds={"command"}, workers=1)
    finishing = 0
    real = inbox._finish_answered

    async def counted() -> None:
        nonlocal finishing
        finishing += 1
        await real()

    monkeypatch.setattr(inbox, "_finish_answered", counted)
    await inbox.start()
    await asyncio.sleep(0.3)
    assert finishing == 0
    await inbox.offer(new("U1"))
    async with asyncio.timeout(10):
        while (await inbox.store.waiting("slack"))[0]:  # noqa: ASYNC110 - the row's delete
            await asyncio.sleep(0.01)
    assert ran == ["U1"]
    assert finishing == 1
    await asyncio.sleep(0.3)
    assert finishing == 1
    await inbox.stop(5)


# --- end to end through the Slack component ------------------------------------------------


def gated_dispatch(
    slack: SlackHarness, monkeypatch: pytest.MonkeyPatch, gate: asyncio.Event
) -> None:
    real = slack.app.dispatcher.run_text

    async def gated(actor: Actor, text: str) -> Reply:
        await gate.wait()
        return await real(actor, text)

    monkeypatch.setattr(slack.app.dispatcher, "run_text", gated)


async def test_past_the_limit_the_ack_says_busy_and_nothing_is_queued(
    slack: SlackHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = asyncio.Event()
    gated_dispatch(slack, monkeypatch, gate)
    slack.component.inbox.limits = Limits(per_user=2, per_workspace=10, total=10)
    for name in ("Ann", "Bo"):
        acked = await slack.command("/interview", f"log {name}")
        assert acked.status == 200
        assert "busy" not in acked.body
    refused = await slack.command("/interview", "log Cy")
    assert refused.status == 200
    assert "busy" in refused.body
    assert "try again in a minute" in refused.body
    assert (await slack.component.inbox.store.waiting("slack"))[0] == 2
    other = await slack.command("/interview", "log Di", user="U0BOB")  # someone else: fine
    assert "busy" not in other.body
    gate.set()
    await slack.fake.wait_for_response(count=3)
    answered = " ".join(str(r) for r in slack.fake.responses)
    assert "Cy" not in answered
    assert all(n in answered for n in ("Ann", "Bo", "Di"))


async def test_backlog_shows_in_metrics_and_readiness(
    slack: SlackHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = asyncio.Event()
    gated_dispatch(slack, monkeypatch, gate)
    inbox = slack.component.inbox
    await slack.command("/interview", "log Jane")
    received = inbox.queue.oldest()
    assert received is not None
    monkeypatch.setattr(inbox, "now", lambda: received + timedelta(seconds=30))
    text = (await slack.app.metrics.render()).decode()
    assert "inroads_inbox_depth 1.0" in text
    assert "inroads_inbox_oldest_seconds 30.0" in text
    failures = await readiness(slack.app)
    assert "oldest for 30.0 s" in failures["slack_inbox"]
    gate.set()
    await slack.fake.wait_for_response()
    text = (await slack.app.metrics.render()).decode()
    assert "inroads_inbox_depth 0.0" in text
    assert "inroads_command_answer_seconds_count 1.0" in text
    assert "slack_inbox" not in await readiness(slack.app)


async def count_interviews(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        count = await connection.scalar(select(func.count()).select_from(tables.interviews))
    return int(count or 0)


async def test_a_stop_hands_back_and_a_restart_answers_every_acked_command(
    slack: SlackHarness, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A burst, a stop right after it (as SIGTERM), a new process: every acked command is
    answered exactly once, none lost, none run twice."""
    real = slack.app.dispatcher.run_text

    async def slowish(actor: Actor, text: str) -> Reply:
        await asyncio.sleep(0.1)
        return await real(actor, text)

    monkeypatch.setattr(slack.app.dispatcher, "run_text", slowish)
    await slack.component.start()
    names = [f"Person{n:03d}" for n in range(80)]
    users = [f"U0P{n % 7}" for n in range(80)]
    acks = await asyncio.gather(
        *(
            slack.command("/interview", f"log {name}", user=u)
            for name, u in zip(names, users, strict=True)
        )
    )
    assert all(a.status == 200 and not a.body for a in acks)  # all taken, none busy
    slack.component.stop_seconds = 1.0
    await slack.component.stop()
    left, _ = await slack.component.inbox.store.waiting("slack")
    assert 0 < left < 80  # some answered before the stop, the rest handed back
    assert len(slack.fake.responses) == 80 - left
    # After the stop, intake is closed: a new command is told to come back.
    late = await slack.command("/interview", "log Late")
    assert "busy" in late.body

    # The next process: its own App on the same database.
    app = await build_app(make_settings(tmp_path, slack.fake), clock=slack.clock)
    second = build_slack(app.parts)
    await second.start()
    try:
        await slack.fake.wait_for_response(count=80, within=30)
        answered = [str(r) for r in slack.fake.responses]
        for name in names:
            assert sum(name in a for a in answered) == 1, name
        assert await count_interviews(slack.app.engine) == 80
    finally:
        second.stop_seconds = 5.0
        await second.stop()
    assert await second.inbox.store.waiting("slack") == (0, None)
    await app.close()


async def test_a_command_that_committed_before_the_stop_still_sends_its_answer(
    slack: SlackHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its inbox row went with its commit, so nobody else would answer it: the stop lets
    it finish its answer instead of cancelling it (the CI run that saw 24 answers for 25
    commands that were no longer waiting)."""
    import adapters.slack.surfaces as listeners

    real_answer = listeners.answer  # type: ignore[attr-defined]
    committed = asyncio.Event()

    async def slow_answer(*args: object, **kwargs: object) -> None:
        committed.set()  # the command's unit of work has committed by now
        await asyncio.sleep(1.5)  # longer than the stop's whole budget
        await real_answer(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(listeners, "answer", slow_answer)
    await slack.component.start()
    await slack.command("/interview", "log Jane")
    await asyncio.wait_for(committed.wait(), 10)
    slack.component.stop_seconds = 1.0
    await slack.component.stop()
    assert await count_interviews(slack.app.engine) == 1
    assert len(slack.fake.responses) == 1
    assert "Jane" in str(slack.fake.responses[0])
    assert await slack.component.inbox.store.waiting("slack") == (0, None)


async def test_a_command_still_working_at_the_deadline_is_abandoned_at_its_commit(
    slack: SlackHarness, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Not cancelled mid-statement (which left SQLite locked for the hand-back): its
    commit raises instead, its writes roll back, nobody is told "sorry", and the next
    process runs it once."""
    real = slack.app.dispatcher.run_text
    started = asyncio.Event()
    ended: list[str] = []

    async def slow(actor: Actor, text: str) -> Reply:
        started.set()
        held = RUNNING_ENTRY.get()
        assert held is not None
        while not held.abandoned:  # noqa: ASYNC110 (a flag on the row, not an event)
            await asyncio.sleep(0.01)
        try:
            return await real(actor, text)
        except BaseException as exc:
            ended.append(type(exc).__name__)
            raise

    monkeypatch.setattr(slack.app.dispatcher, "run_text", slow)
    await slack.component.start()
    await slack.command("/interview", "log Jane")
    await asyncio.wait_for(started.wait(), 10)
    slack.component.stop_seconds = 1.0
    await slack.component.stop()
    assert await count_interviews(slack.app.engine) == 0
    assert slack.fake.responses == []  # no answer, no apology
    assert ended == ["CommandAbandoned"]
    assert (await slack.component.inbox.store.waiting("slack"))[0] == 1
    monkeypatch.setattr(slack.app.dispatcher, "run_text", real)
    app = await build_app(make_settings(tmp_path, slack.fake), clock=slack.clock)
    second = build_slack(app.parts)
    await second.start()
    try:
        await slack.fake.wait_for_response(count=1, within=30)
        assert await count_interviews(slack.app.engine) == 1
        assert "Jane" in str(slack.fake.responses[0])
    finally:
        await second.stop()
        await app.close()


async def test_an_answer_after_the_response_url_expired_goes_by_dm(
    slack: SlackHarness,
) -> None:
    store = slack.component.inbox.store
    url = slack.fake.response_url()
    payload = {
        "team_id": TEAM_ID,
        "user_id": "U0ALICE",
        "command": "/interview",
        "text": "log Jane",
        "response_url": url,
        "trigger_id": "",
    }
    long_ago = datetime.now(UTC) - timedelta(minutes=31)
    row = NewEntry("slack", TEAM_ID, "U0ALICE", "command", payload, long_ago)
    await store.add([row], owner="crashed", lease_until=long_ago + timedelta(minutes=1))
    assert await slack.component.inbox.claim_leftovers() == 1
    dm = await slack.fake.wait_for("chat.postMessage")
    assert "Jane" in str(dm.params)
    assert slack.fake.responses == []
