"""Block Kit rendering stays within Slack's limits whatever the core returns."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.slack.render import (
    escape,
    fallback_text,
    render_blocks,
    to_dicts,
    unescape,
)
from bot import mentions
from bot.reply import Action, Field, Reply, Section, Tone
from tests.slack.fake_slack import block_problems


def test_huge_reply_is_split_and_trimmed() -> None:
    reply = Reply(
        title="T" * 400,
        text="word " * 5000,
        fields=tuple(Field(f"f{i}", "v" * 3000) for i in range(23)),
        items=tuple("item " * 30 for _ in range(400)),
        sections=tuple(Section(f"s{i}", ("line",) * 5) for i in range(30)),
        actions=tuple(Action("L" * 100, f"checkin done {i}") for i in range(60)),
        footer="f" * 5000,
        tone=Tone.WARNING,
    )
    blocks = to_dicts(render_blocks(reply))
    assert block_problems(blocks, "message") == []
    assert len(blocks) <= 50
    buttons = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert len(buttons) == 60  # every action kept, in blocks of at most 25
    assert buttons[59]["value"] == "checkin done 59"
    assert "not shown" in str(blocks)
    assert len(fallback_text(reply)) <= 3000


def test_escaping_keeps_only_the_cores_own_mentions() -> None:
    typed = "a < b & <@U123|jane> > c"
    assert escape(typed).startswith("a &lt; b &amp; &lt;@")
    assert "<@" not in escape(typed)
    assert escape(f"meet {mentions.member('U9')} & {typed}").startswith("meet <@U9> &amp; a &lt;")
    assert unescape("R&amp;D &lt;x&gt; <@U1|bo>") == "R&D <x> <@U1|bo>"


def test_empty_reply_still_has_a_block() -> None:
    assert to_dicts(render_blocks(Reply()))[0]["type"] == "section"


@settings(max_examples=60, deadline=None)
@given(
    title=st.text(max_size=300),
    text=st.text(max_size=8000),
    items=st.lists(st.text(max_size=500), max_size=60),
    labels=st.lists(st.text(min_size=1, max_size=120), max_size=30),
)
def test_any_reply_renders_validly(
    title: str, text: str, items: list[str], labels: list[str]
) -> None:
    reply = Reply(
        title=title,
        text=text,
        items=tuple(items),
        actions=tuple(Action(label, f"help {i}") for i, label in enumerate(labels)),
    )
    assert block_problems(to_dicts(render_blocks(reply)), "message") == []
