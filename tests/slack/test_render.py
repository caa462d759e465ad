"""Block Kit rendering stays within Slack's limits whatever the core returns, and the
dicts render.py writes by hand are exactly what slack_sdk's model classes would send."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from slack_sdk.models.blocks import Block

from adapters.slack.render import (
    divider,
    escape,
    fallback_text,
    render_blocks,
    unescape,
)
from bot import mentions
from bot.reply import Action, Field, Reply, Section, Target, TargetKind, Tone
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
    blocks = render_blocks(reply)
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
    assert render_blocks(Reply())[0]["type"] == "section"


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
    assert block_problems(render_blocks(reply), "message") == []


def _round_trips(blocks: list[dict[str, Any]]) -> None:
    """Each dict is what slack_sdk's class for it would send (its `to_dict` validates the
    limits slack_sdk knows), key order included, so the JSON Slack gets is unchanged."""
    for block in blocks:
        again = Block.parse(block)
        assert again is not None, block
        assert again.to_dict() == block
        assert json.dumps(again.to_dict()) == json.dumps(block)


#: Typed text, with the characters render escapes or scrubs (and the core's mention
#: tokens) made likely, so empty-after-scrubbing and escaped texts are tried.
_TEXT = st.lists(
    st.one_of(
        st.text(max_size=40),
        st.sampled_from(["<", ">", "&", "@here", "\n", "*", "\ufdd0", "\u2060", "\u200b"]),
        st.builds(mentions.member, st.sampled_from(["U1", "U2abc"])),
    ),
    max_size=12,
).map("".join)
_ACTION = st.builds(
    Action,
    label=_TEXT,
    command=st.one_of(_TEXT, st.text(min_size=1900, max_size=2100)),
    style=st.sampled_from(["default", "primary", "danger", "other"]),
    target=st.one_of(st.none(), st.builds(Target, st.sampled_from(TargetKind), st.integers(1, 99))),
)
_REPLY = st.builds(
    Reply,
    title=_TEXT,
    text=st.one_of(_TEXT, st.text(min_size=2900, max_size=7000)),
    fields=st.lists(
        st.builds(Field, _TEXT, st.one_of(_TEXT, st.text(max_size=2100))), max_size=23
    ).map(tuple),
    items=st.lists(_TEXT, max_size=40).map(tuple),
    sections=st.lists(
        st.builds(Section, _TEXT, st.lists(_TEXT, max_size=4).map(tuple)), max_size=8
    ).map(tuple),
    actions=st.lists(_ACTION, max_size=60).map(tuple),
    footer=st.one_of(_TEXT, st.text(min_size=2900, max_size=3100)),
    tone=st.sampled_from(Tone),
)


@settings(
    max_examples=80,
    deadline=None,
    # Replies of thousands of characters: generation is slow on a loaded machine.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    reply=_REPLY,
    shared=st.booleans(),
    max_blocks=st.sampled_from([50, 28, 100]),
    offset=st.integers(0, 30),
)
def test_rendered_dicts_round_trip_through_slack_sdk(
    reply: Reply, shared: bool, max_blocks: int, offset: int
) -> None:
    blocks = render_blocks(reply, max_blocks=max_blocks, action_offset=offset, shared=shared)
    _round_trips(blocks)
    assert block_problems(blocks, "message" if max_blocks == 50 else "home") == []
    assert len(blocks) <= max_blocks


def test_a_typical_reply_is_the_json_slack_has_always_had() -> None:
    reply = Reply(
        title="Logged interview #31",
        text="Talked with Jane.\nNext: thank-you note.",
        fields=(Field("Contact", "Jane"), Field("When", "Tue")),
        actions=(Action("Plan next", "interview plan 31", "primary"), Action("Undo", "undo")),
        footer="f",
        tone=Tone.SUCCESS,
    )
    blocks = render_blocks(reply, shared=True)
    assert blocks == [
        {"text": {"emoji": True, "text": "✅ Logged interview #31", "type": "plain_text"},
         "type": "header"},
        {"text": {"text": "Talked with Jane.\nNext: thank-you note.", "type": "mrkdwn"},
         "type": "section"},
        {"fields": [{"text": "*Contact*\nJane", "type": "mrkdwn"},
                    {"text": "*When*\nTue", "type": "mrkdwn"}], "type": "section"},
        {"elements": [{"text": "f", "type": "mrkdwn"}], "type": "context"},
        {"elements": [
            {"action_id": "inroads_shared_0", "style": "primary",
             "text": {"emoji": True, "text": "Plan next", "type": "plain_text"},
             "type": "button", "value": "interview plan 31"},
            {"action_id": "inroads_shared_1",
             "text": {"emoji": True, "text": "Undo", "type": "plain_text"},
             "type": "button", "value": "undo"},
        ], "type": "actions"},
    ]  # fmt: skip
    _round_trips([*blocks, divider()])


def test_nothing_left_to_show_leaves_the_block_out() -> None:
    """A title, footer or button label of only scrubbed characters would be an empty text
    object, which Slack refuses (and the whole message with it)."""
    gone = "\u2060\u200b"
    blocks = render_blocks(
        Reply(
            title=gone, text="body", footer=gone, actions=(Action(gone, gone), Action("Go", "go"))
        )
    )
    assert [b["type"] for b in blocks] == ["section", "actions"]
    assert [e["action_id"] for e in blocks[1]["elements"]] == ["inroads_cmd_0"]
