"""Match and import buttons carry numbers people see, through the real bolt app.

The intro DM is delivered by the reminder dispatcher through the real Slack notifier;
its button values are what Slack stores and hands back on a click. No server id is in
a value: a match's number counts in its workspace, an import's in its person's journal.
"""

from __future__ import annotations

import re

from bot.domain import Match, MatchRound
from bot.journal.contact_import import ImportContacts
from bot.reminders.dispatch import ReminderDispatcher
from tests.slack.conftest import SlackHarness, eventually

MENTOR, SEEKER = "U0MENTOR", "U0SEEKER"
CSV = b"Name,Company\nJane Doe,Acme\nRaj Patel,Globex\n"


def button_values(blocks: list[dict[str, object]]) -> list[str]:
    values: list[str] = []
    for block in blocks:
        if block.get("type") == "actions":
            values += [str(e["value"]) for e in block["elements"]]  # type: ignore[attr-defined]
    return values


async def test_we_met_from_the_intro_dm_round_trips(slack: SlackHarness) -> None:
    run = slack.app.dispatcher.run_text
    admin = slack.actor()
    await run(admin, "mentor config cadence:14d")
    async with slack.app.services.uow() as uow:  # another group's rounds and pairs
        for _ in range(3):
            other = await uow.matches.add_round(MatchRound("slack", "T0OTHER"))
            await uow.matches.add(Match("slack", "T0OTHER", other.id or 0, "UA", "UB"))
        await uow.commit()
    await run(slack.actor(MENTOR), "mentor join role:mentor industries:fintech capacity:1")
    await run(slack.actor(SEEKER), "mentor seek industries:fintech")
    sent = await run(admin, "mentor round run")
    assert "Round #1 is on its way" in sent.title
    await ReminderDispatcher(slack.app.services).run_once()
    posted = await slack.fake.wait_for("chat.postMessage")
    values = button_values(posted.blocks)
    assert values == ["@match:n1 mentor met 1 yes", "@match:n1 mentor met 1 no"]

    channel, ts = posted.params["channel"], "1700000000.000001"
    container = {"type": "message", "message_ts": ts, "channel_id": channel}
    await slack.interactive(slack.button_payload(values[0], user=SEEKER, container=container))
    answer = await slack.fake.wait_for("chat.update")
    assert "Wonderful" in answer.params["text"]
    async with slack.app.services.uow() as uow:
        (match,) = await uow.matches.list_workspace("slack", admin.workspace_id)
    assert (match.number, match.met) == (1, True)
    assert match.id != match.number


async def test_import_preview_buttons_carry_the_persons_own_number(slack: SlackHarness) -> None:
    me = slack.actor()
    spec = slack.app.dispatcher.spec_for(("contact", "import"))
    preview = await slack.app.dispatcher.run(
        spec, ImportContacts(actor=me, source="people.csv", data=CSV, size=len(CSV))
    )
    assert [a.payload for a in preview.actions] == [
        "@import:n1 contact import confirm 1",
        "@import:n1 contact import cancel 1",
    ]
    await slack.app.notifier.send_dm(me, preview, idempotency_key="preview")
    posted = await slack.fake.wait_for("chat.postMessage")
    confirm = button_values(posted.blocks)[0]
    await slack.interactive(slack.button_payload(confirm))

    async def imported() -> bool:
        async with slack.app.services.uow() as uow:
            return len(await uow.contacts.list(me)) == 2

    await eventually(imported)
    # An import button from before numbers (a server id, no target) changes nothing.
    old = slack.button_payload(
        "contact import undo 9 confirm:yes",
        container={"type": "message", "is_ephemeral": True, "message_ts": "1.2"},
    )
    await slack.interactive(old)
    answer = await slack.fake.wait_for_response()
    assert "from before each contact import got your own number" in answer["text"]
    async with slack.app.services.uow() as uow:
        assert len(await uow.contacts.list(me)) == 2
    assert not re.search(r"import \d{2,}", str(posted.params))
