"""A match introduction in the pair's Slack group DM, delivered by the dispatcher: after
a crash, the real notifier finds the intro the dead process had posted (by its message
metadata in the group DM's history) instead of introducing the pair twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.bootstrap import build_dispatcher, build_services
from bot.domain import Actor
from bot.reminders.dispatch import DispatchConfig, ReminderDispatcher
from bot.reply import Reply
from tests.fakes import FakeUnitOfWorkFactory, FixedClock
from tests.reminders.crash_support import LEASE
from tests.slack.fake_slack import TEAM_ID, FakeSlack
from tests.slack.test_crash_redelivery import metadata_of, platforms

ADMIN, MENTOR, SEEKER = (Actor("slack", TEAM_ID, u) for u in ("U0ALICE", "U0BOB", "U0DAN"))


async def test_an_intro_posted_before_a_crash_is_found_not_posted_again(fake: FakeSlack) -> None:
    routing, slack = platforms(fake)
    store, clock = FakeUnitOfWorkFactory(), FixedClock(datetime.now(UTC))  # Slack's clock
    services = build_services(store, clock=clock, notifier=routing)
    run = build_dispatcher(services).run_text
    await run(ADMIN, "mentor config")
    for member in (MENTOR, SEEKER):
        await run(member, "checkin settings quiet:off")  # whatever the time of day now
    await run(MENTOR, "mentor join role:mentor topics:payments capacity:1")
    await run(SEEKER, "mentor seek topics:payments")
    assert "Introductions: 1" in (await run(ADMIN, "mentor round run")).plain_text()
    assert fake.of("chat.postMessage") == []

    # A dispatcher claims the intro, marks it in flight, posts it, and is killed.
    async with store() as uow:
        (row,) = await uow.reminders.claim_due(
            clock.now(), limit=10, lease_seconds=LEASE, token="dead"
        )
        assert row.kind == "match-intro"
        assert await uow.reminders.mark_in_flight("dead", [row.id or 0], clock.now())
        await uow.commit()
    first = await slack.send_group(
        [MENTOR, SEEKER], Reply(text="You've been matched"), idempotency_key=f"reminder-{row.id}"
    )
    assert metadata_of(fake, 0)["event_payload"] == {"key": f"reminder-{row.id}"}
    clock.advance(timedelta(seconds=LEASE + 1))  # its lease runs out

    config = DispatchConfig(rate_per_workspace=None, lease_seconds=LEASE)
    stats = await ReminderDispatcher(services, config).run_once()

    assert len(fake.of("chat.postMessage")) == 1  # the pair is introduced once
    (lookup,) = fake.of("conversations.history")
    assert lookup.params["channel"] == first.split(":")[0]
    assert (stats.rechecked, stats.already_delivered, stats.unverified_resends) == (1, 1, 0)
    async with store() as uow:
        (done,) = await uow.reminders.list_round_messages("slack", TEAM_ID, row.text)
    assert (done.status, done.message_ref) == ("sent", first)
