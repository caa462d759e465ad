"""After a crash, the real Slack notifier finds a reminder the dead process had already
posted (by its message metadata in the DM's history) instead of posting it again; when
the app may not read that history, it posts again and the resend is counted."""

from __future__ import annotations

import json

from adapters.notifier import RoutingNotifier
from adapters.slack.notifier import SlackNotifier
from bot.domain import Actor
from tests.reminders.crash_support import CHECK_IN, outbox
from tests.slack.fake_slack import TEAM_ID, FakeSlack

ALICE = Actor("slack", TEAM_ID, "U0ALICE")


def platforms(fake: FakeSlack) -> tuple[RoutingNotifier, SlackNotifier]:
    async def token(_team: str) -> str:
        return "xoxb-test-token"

    slack = SlackNotifier(fake.base_url, token)
    routing = RoutingNotifier()
    routing.register("slack", slack)
    return routing, slack


def metadata_of(fake: FakeSlack, n: int) -> dict[str, object]:
    raw = fake.of("chat.postMessage")[n].params["metadata"]
    return dict(json.loads(raw) if isinstance(raw, str) else raw)


async def test_a_reminder_posted_before_the_crash_is_found_not_posted_again(
    fake: FakeSlack,
) -> None:
    box = outbox(ALICE)
    routing, slack = platforms(fake)
    rid = await box.add_due()
    await box.die_mid_send(rid)
    # The dead process's post had reached Slack; its "sent" never committed.
    first = await slack.send_dm(ALICE, CHECK_IN, idempotency_key=f"reminder-{rid}")
    assert metadata_of(fake, 0) == {
        "event_type": "inroads_reminder",
        "event_payload": {"key": f"reminder-{rid}"},
    }
    box.lease_runs_out()

    stats = await box.deliver(routing)

    assert len(fake.of("chat.postMessage")) == 1
    (lookup,) = fake.of("conversations.history")
    assert lookup.params["include_all_metadata"] in {"1", "true", True}
    assert lookup.params["channel"] == first.split(":")[0]
    assert (stats.rechecked, stats.already_delivered, stats.unverified_resends) == (1, 1, 0)
    row = await box.row(rid)
    assert (row.status, row.message_ref, row.sending_since) == ("sent", first, None)


async def test_a_reminder_that_never_reached_slack_is_posted_once(fake: FakeSlack) -> None:
    box = outbox(ALICE)
    routing, slack = platforms(fake)
    # Another reminder of Alice's in the same DM, and the same key long before the mark:
    # neither may pass for this send.
    rid = await box.add_due()
    await slack.send_dm(ALICE, CHECK_IN, idempotency_key="reminder-999")
    await box.die_mid_send(rid)
    box.lease_runs_out()

    stats = await box.deliver(routing)

    assert [metadata_of(fake, n)["event_payload"] for n in range(2)] == [
        {"key": "reminder-999"},
        {"key": f"reminder-{rid}"},
    ]
    assert (stats.rechecked, stats.already_delivered, stats.unverified_resends) == (1, 0, 0)
    assert (await box.row(rid)).status == "sent"


async def test_without_history_access_it_posts_again_and_counts_it(fake: FakeSlack) -> None:
    box = outbox(ALICE)
    routing, slack = platforms(fake)
    rid = await box.add_due()
    await box.die_mid_send(rid)
    await slack.send_dm(ALICE, CHECK_IN, idempotency_key=f"reminder-{rid}")
    box.lease_runs_out()
    fake.fail("conversations.history", "missing_scope")

    stats = await box.deliver(routing)

    assert len(fake.of("chat.postMessage")) == 2  # at-least-once: never lost
    assert (stats.rechecked, stats.already_delivered, stats.unverified_resends) == (1, 0, 1)
    assert (await box.row(rid)).status == "sent"


async def test_a_rate_limited_lookup_waits_rather_than_posting_blind(fake: FakeSlack) -> None:
    box = outbox(ALICE)
    routing, slack = platforms(fake)
    rid = await box.add_due()
    await box.die_mid_send(rid)
    await slack.send_dm(ALICE, CHECK_IN, idempotency_key=f"reminder-{rid}")
    box.lease_runs_out()
    fake.fail("conversations.history", "ratelimited", status=429, Retry_After="1", times=10)

    stats = await box.deliver(routing)

    assert len(fake.of("chat.postMessage")) == 1
    assert (stats.retried, stats.unverified_resends) == (1, 0)
    row = await box.row(rid)
    assert row.status == "pending"
    assert row.sending_since is not None  # checked again next time
