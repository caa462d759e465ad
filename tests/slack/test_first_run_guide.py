"""The App Home shows the first-run guide to a member with no profile (real bolt)."""

from __future__ import annotations

from tests.slack.conftest import USER, SlackHarness


def _texts(view: dict[str, object]) -> str:
    return str(view["blocks"])


async def test_home_for_a_new_member_starts_with_the_guide(slack: SlackHarness) -> None:
    await slack.event({"type": "app_home_opened", "user": USER, "channel": "D1", "tab": "home"})
    view = (await slack.fake.wait_for("views.publish")).view
    text = _texts(view)
    assert "Welcome to Inroads" in text
    assert "outreach profile name:" in text
    assert "questions goal:" in text
    assert text.index("Welcome to Inroads") < text.index("Upcoming check-ins")
    ids = [e["action_id"] for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert len(ids) == len(set(ids))  # the guide's buttons and Home's never share an id
    values = [e["value"] for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert "outreach profile" in values


async def test_home_after_setting_a_profile_has_no_guide(slack: SlackHarness) -> None:
    await slack.app.dispatcher.run_text(
        slack.actor(), 'outreach profile about:"a bakery owner looking at wholesale"'
    )
    await slack.event({"type": "app_home_opened", "user": USER, "channel": "D1", "tab": "home"})
    view = (await slack.fake.wait_for("views.publish")).view
    text = _texts(view)
    assert "Welcome to Inroads" not in text
    assert "Recent interviews" in text
