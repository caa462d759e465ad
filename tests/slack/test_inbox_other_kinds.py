"""Rolling deploys (issue 15): an inbox row of a kind this version does not run is left
for a process that runs it, never claimed and dropped; it is counted in `/metrics` and the
log at most once a minute, warned about once it has waited past a few minutes, and does
not make this process not ready (it is not this process's backlog)."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

import pytest
from sqlalchemy import select

from adapters.ops.health import readiness
from adapters.slack.inbox import Inbox
from adapters.slack.inbox_others import WARN_AFTER_SECONDS
from adapters.slack.intake import QUEUED_KINDS
from storage import tables
from storage.inbox import InboxEntry, NewEntry, SqlInbox
from tests.slack.conftest import USER, SlackHarness
from tests.slack.fake_slack import TEAM_ID

SECRET_TEXT = "a note nobody else may read"


async def add_survey(slack: SlackHarness, minutes_ago: float) -> None:
    """A row a newer version wrote (kind `survey`), handed back or its writer crashed."""
    inbox = slack.component.inbox
    at = inbox.now() - timedelta(minutes=minutes_ago)
    payload = {"team_id": TEAM_ID, "user_id": USER, "text": SECRET_TEXT}
    row = NewEntry("slack", TEAM_ID, USER, "survey", payload, at)
    await inbox.store.add([row], owner="newer", lease_until=at)


async def rows(slack: SlackHarness) -> list[tuple[str, str | None]]:
    t = tables.inbox
    async with slack.app.engine.connect() as connection:
        return [(r.kind, r.owner) for r in await connection.execute(select(t.c.kind, t.c.owner))]


async def test_a_row_of_another_kind_survives_a_claim_and_goes_to_a_process_that_runs_it(
    slack: SlackHarness,
) -> None:
    assert "survey" not in QUEUED_KINDS
    await add_survey(slack, minutes_ago=1)
    assert await slack.component.inbox.claim_leftovers() == 0
    assert await rows(slack) == [("survey", "newer")]  # untouched: not claimed, not deleted
    assert slack.fake.calls == []

    taken: list[InboxEntry] = []
    ran = asyncio.Event()

    async def run(entry: InboxEntry) -> None:
        taken.append(entry)
        ran.set()

    newer = Inbox(SqlInbox(slack.app.engine), run, kinds=QUEUED_KINDS | {"survey"})
    await newer.start()
    try:
        await asyncio.wait_for(ran.wait(), 10)
    finally:
        await newer.stop(2)
    assert [(e.kind, e.payload["text"]) for e in taken] == [("survey", SECRET_TEXT)]
    assert await rows(slack) == []
    assert newer.others.count == 0


async def test_rows_of_other_kinds_are_counted_not_readiness(
    slack: SlackHarness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    inbox = slack.component.inbox
    await add_survey(slack, minutes_ago=2)
    await add_survey(slack, minutes_ago=1)
    assert await inbox.others.check()
    assert not await inbox.others.check()  # at most once a minute
    text = (await slack.app.metrics.render()).decode()
    assert "inroads_inbox_other_kinds 2.0" in text
    line = next(ln for ln in text.splitlines() if ln.startswith("inroads_inbox_other_kinds_old"))
    assert 119.0 <= float(line.split()[1]) < 130.0
    assert "slack_inbox" not in await readiness(slack.app)
    said = [r for r in caplog.records if "kinds this version does not run" in r.getMessage()]
    assert [r.levelno for r in said] == [logging.INFO]
    assert "survey (2)" in said[0].getMessage()
    assert SECRET_TEXT not in caplog.text


async def test_rows_waiting_past_a_few_minutes_say_a_newer_process_is_needed(
    slack: SlackHarness, caplog: pytest.LogCaptureFixture
) -> None:
    await add_survey(slack, minutes_ago=WARN_AFTER_SECONDS / 60 + 1)
    assert await slack.component.inbox.others.check()
    warned = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warned) == 1
    assert "a process of the version that wrote them is needed" in warned[0].getMessage()
    assert "slack_inbox" not in await readiness(slack.app)
    assert await rows(slack) == [("survey", "newer")]


async def test_the_lease_loop_counts_them_once_a_minute(slack: SlackHarness) -> None:
    """Checked by the loop that claims (every few seconds), counted once a minute."""
    inbox = Inbox(SqlInbox(slack.app.engine), _never, kinds=QUEUED_KINDS, claim_every_seconds=0.01)
    await add_survey(slack, minutes_ago=1)
    await inbox.start()
    try:
        async with asyncio.timeout(10):
            while inbox.others.count == 0:  # noqa: ASYNC110 - the loop's own pace
                await asyncio.sleep(0.01)
        await add_survey(slack, minutes_ago=1)
        await asyncio.sleep(0.2)  # many claims, no new count inside the minute
        assert inbox.others.count == 1
    finally:
        await inbox.stop(2)


async def _never(entry: InboxEntry) -> None:
    raise AssertionError(f"a row of kind {entry.kind} was run")
