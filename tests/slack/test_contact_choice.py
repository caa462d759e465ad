"""Slack: `/checkin add Dana ...` with two Danas answers with a button per contact; the
click runs the person's own line about the one they picked (real bolt, fake Web API,
real SQLite)."""

from __future__ import annotations

from bot.domain import Contact, Reminder
from tests.slack.conftest import SlackHarness


async def test_which_dana_buttons_finish_the_checkin(slack: SlackHarness) -> None:
    run = slack.app.dispatcher.run_text
    await run(slack.actor(), 'contact add "Dana Whitfield" company:Globex')
    await run(slack.actor(), 'contact add "Dana Scott" company:Acme')
    async with slack.app.services.uow() as uow:
        people = {c.name: c.number for c in await uow.contacts.list(slack.actor())}

    await slack.command("/checkin", 'add Dana "in 2 weeks" "Send the article"')
    asked = await slack.fake.wait_for_response()
    assert "Dana could be Dana Whitfield (Globex) or Dana Scott (Acme)" in asked["text"]
    buttons = [e for b in asked["blocks"] if b["type"] == "actions" for e in b["elements"]]
    whitfield = f'checkin add #{people["Dana Whitfield"]} "in 2 weeks" "Send the article"'
    assert [b["value"] for b in buttons] == [
        whitfield,
        f'checkin add #{people["Dana Scott"]} "in 2 weeks" "Send the article"',
        'checkin add +Dana "in 2 weeks" "Send the article"',
    ]
    assert [b["text"]["text"] for b in buttons][:2] == [
        f"#{people['Dana Whitfield']} Dana Whitfield (Globex)",
        f"#{people['Dana Scott']} Dana Scott (Acme)",
    ]
    async with slack.app.services.uow() as uow:
        assert await uow.reminders.list(slack.actor()) == []  # asking set nothing

    await slack.interactive(
        slack.button_payload(
            whitfield,
            container={"type": "message", "is_ephemeral": True, "message_ts": "1.2"},
        )
    )
    done = await slack.fake.wait_for_response(2)
    assert done["replace_original"] is True
    assert "I'll remind you about Dana Whitfield on" in done["text"]
    async with slack.app.services.uow() as uow:
        reminders: list[Reminder] = list(await uow.reminders.list(slack.actor()))
        everyone: list[Contact] = list(await uow.contacts.list(slack.actor()))
    assert [(r.contact_id, r.text) for r in reminders] == [
        (people["Dana Whitfield"], "Send the article")
    ]
    assert len(everyone) == 2  # no third "Dana"
