"""The core's neutral mention tokens (bot.mentions): made only by the core, rendered by
each connector, never forgeable from typed text (issue 15 §4)."""

from __future__ import annotations

from bot import mentions
from bot.domain import Actor
from bot.mentions import CLOSE, OPEN, ChannelRef, MemberRef
from bot.mentoring.profiles import JoinMentoring
from tests.conftest import ALICE, BOB, CoreHarness

FORGED = f"{OPEN}@bob{CLOSE}"


def test_a_member_token_is_a_piece_of_its_own() -> None:
    text = f"meet {mentions.member('U0BOB')} today"
    assert mentions.pieces(text) == ["meet ", MemberRef("U0BOB"), " today"]
    assert mentions.members_in(text, "no one here") == {"U0BOB"}
    assert mentions.plain(text, str.lower) == "meet u0bob today"


def test_an_id_that_is_not_id_shaped_stays_text() -> None:
    assert mentions.member("<!here>") == "<!here>"
    assert mentions.member(f"x{OPEN}") == "x"
    assert mentions.members_in(mentions.member("<!here>")) == set()


def test_a_channel_setting_becomes_a_link_only_when_it_has_an_id() -> None:
    assert mentions.pieces(mentions.channel("<#C0123|mentoring>")) == [
        ChannelRef("C0123", "mentoring")
    ]
    assert mentions.pieces(mentions.channel("<#1234567>")) == [ChannelRef("1234567")]
    assert mentions.channel("#mentoring") == "#mentoring"
    assert mentions.channel("not a channel") == "not a channel"


def test_render_sends_each_piece_through_its_connectors_function() -> None:
    text = f"{mentions.member('U1')} in {mentions.channel('<#C9|x>')}: {OPEN}<!here>"
    out = mentions.render(
        text,
        text_part=lambda s: s.replace("<", "&lt;"),
        member_part=lambda u: f"[{u}]",
        channel_part=lambda ref: f"[#{ref.channel_id}]",
    )
    assert out == "[U1] in [#C9]: &lt;!here>"  # a stray half token is dropped


async def test_a_typed_token_is_scrubbed_before_the_core_sees_it(core: CoreHarness) -> None:
    reply = await core.dispatcher.run_text(
        ALICE, f'contact add "Jane Doe" notes:"hi {FORGED} and \u200bthere"'
    )
    assert not reply.is_error, reply.plain_text()
    shown = await core.dispatcher.run_text(ALICE, 'contact show "Jane Doe"')
    assert "hi @bob and there" in shown.plain_text()
    assert mentions.members_in(shown.plain_text()) == set()


async def test_a_forged_token_in_a_bio_mentions_nobody(core: CoreHarness) -> None:
    forged = f"{OPEN}@eve{CLOSE}"
    await core.say(f'mentor join role:mentor topics:ml bio:"ask {forged} anything"', BOB)
    shown = await core.dispatcher.run_text(ALICE, "mentor profile @bob")
    assert mentions.members_in(shown.plain_text(), *(f.value for f in shown.fields)) == {"bob"}
    assert "ask @eve anything" in next(f.value for f in shown.fields if f.label == "Bio")


async def test_typed_commands_are_scrubbed_too(core: CoreHarness) -> None:
    """`Dispatcher.run` (typed adapters) cleans every text field as run_text cleans a line."""
    spec = core.dispatcher.spec_for(("mentor", "join"))
    sneaky = Actor("console", "w1", "bob", f"Bob {FORGED}")
    command = JoinMentoring(actor=sneaky, role="mentor", topics=[f"ml{FORGED}"], bio=f"hi {FORGED}")
    reply = await core.dispatcher.run(spec, command)
    assert not reply.is_error, reply.plain_text()
    async with core.uow() as uow:
        profile = await uow.profiles.get(BOB)
    assert profile is not None
    assert profile.bio == "hi @bob"
    assert profile.topics == ["ml@bob"]


async def test_logging_an_interview_with_yourself_is_refused(core: CoreHarness) -> None:
    refused = await core.dispatcher.run_text(ALICE, "interview log <@alice> medium:video")
    assert refused.is_error
    assert "That mention is you" in refused.text
    async with core.uow() as uow:
        assert list(await uow.contacts.list(ALICE)) == []
        assert list(await uow.interviews.list(ALICE)) == []
