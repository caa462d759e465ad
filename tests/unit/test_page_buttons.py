"""Paging buttons never carry a command too long for a platform's button."""

from __future__ import annotations

from bot.choices import MAX_BUTTON_COMMAND, page_buttons


def test_short_pages_are_buttons() -> None:
    actions, typed = page_buttons(("Back", "people find page:1"), ("More", "people find page:3"))
    assert [(a.label, a.command, a.style) for a in actions] == [
        ("Back", "people find page:1", "default"),
        ("More", "people find page:3", "primary"),
    ]
    assert typed == ""


def test_a_long_search_is_given_as_a_line_to_type() -> None:
    long_line = "people find " + "x" * MAX_BUTTON_COMMAND + " page:2"
    actions, typed = page_buttons(None, ("More", long_line))
    assert actions == []
    assert typed == f"More: `{long_line}`"
