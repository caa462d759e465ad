"""Slack App Home's "People open to a chat": a few members, public fields only, and its
Next / Previous / filter buttons redraw Home in place (no DM), through the real bolt app."""

from __future__ import annotations

from typing import Any

from tests.slack.conftest import SlackHarness

MEMBERS = [f"U0M{n:02d}" for n in range(7)]


async def _list_members(slack: SlackHarness) -> None:
    for n, user in enumerate(MEMBERS):
        line = (
            f'people join role:"data analyst" industry:grocery company:"Shop {n}" '
            f"school:{'Leeds' if n % 2 else 'York'} budget:4"
        )
        await slack.app.dispatcher.run_text(slack.actor(user), line)
    await slack.app.dispatcher.run_text(slack.actor(), "people join industry:grocery school:Leeds")


def _section(view: dict[str, Any]) -> str:
    text = str(view["blocks"])
    return text.split("People open to a chat", 1)[1]


def _values(view: dict[str, Any]) -> list[str]:
    return [e["value"] for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]


async def test_home_shows_a_few_members_and_pages_in_place(slack: SlackHarness) -> None:
    await _list_members(slack)
    await slack.event(
        {"type": "app_home_opened", "user": "U0ALICE", "channel": "D1", "tab": "home"}
    )
    view = (await slack.fake.wait_for("views.publish")).view
    section = _section(view)
    assert "Page 1 of 3" in section
    assert "Shop" in section
    assert "Requests a month you accept" not in section  # the budget number is private
    assert "people browse page:2" in _values(view)
    assert "people browse industry:grocery" in _values(view)  # the seeker's own industry
    home = {"type": "view", "view_id": "V1"}
    await slack.interactive(slack.button_payload("people browse page:2", container=home))
    second = await slack.fake.wait_for("views.publish", lambda c: "Page 2" in str(c.view))
    assert "people browse" in _values(second.view)  # Previous
    assert slack.fake.of("chat.postMessage") == []  # paging on Home never DMs
    await slack.interactive(slack.button_payload("people browse school:Leeds", container=home))
    leeds = await slack.fake.wait_for("views.publish", lambda c: "school: Leeds" in str(c.view))
    assert "Page 1 of 1" in _section(leeds.view)
    assert "Everyone" in str(leeds.view["blocks"])
