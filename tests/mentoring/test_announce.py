"""Round announcements in the group's channel, on the in-memory core (fakes)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest

from bot.channels import ChannelRef, parse_channel
from bot.domain import GroupConfig, MatchRound
from bot.mentoring.announce import NO_PAIRS, announce_round
from bot.mentoring.rounds import run_due_rounds
from bot.ports import DeliveryError
from tests.conftest import ALICE, CoreHarness
from tests.fakes import RecordingNotifier
from tests.mentoring.test_commands import group, rows, setup_group

MEMBERS = ("alice", "bob", "carol", "dan", "erin")
# What the profiles in setup_group hold: none of it may reach a public channel.
PROFILE_WORDS = ("fintech", "health", "career change", "education", "product manager", "break")


def assert_counts_only(text: str) -> None:
    lowered = text.lower()
    assert "<@" not in text
    for word in (*MEMBERS, *PROFILE_WORDS):
        assert word not in lowered, word


async def test_a_sent_round_is_announced_once_with_counts_only(core: CoreHarness) -> None:
    await setup_group(core)
    await core.say("mentor config channel:#mentoring", ALICE)
    out = await core.say("mentor round run", ALICE)

    (post,) = core.notifier.posted
    (match_round,) = rows(core, "match_rounds")
    assert (post.platform, post.workspace_id, post.channel) == ("console", "w1", "#mentoring")
    assert post.idempotency_key == f"round-{match_round.id}-announce"
    text = post.reply.plain_text()
    assert "2 new mentoring pairs" in text
    assert "mentor join role:mentor" in text
    assert "mentor seek" in text
    next_round = core.clock.now() + timedelta(days=14)
    assert f"{next_round.day} {next_round:%b %Y}" in text
    assert post.reply.ephemeral is False
    assert_counts_only(text)
    assert "Announcement: posted in #mentoring" in out
    # The introductions themselves still went to the pairs, privately.
    assert len([m for m in core.notifier.sent if len(m.recipients) == 2]) == 2


async def test_one_pair_reads_naturally(core: CoreHarness) -> None:
    await setup_group(core)
    await core.say('mentor config channel:<#C0MENTOR|mentoring> exclude:"@carol @erin"', ALICE)
    await core.say("mentor round run", ALICE)
    (post,) = core.notifier.posted
    assert post.channel == "<#C0MENTOR|mentoring>"
    assert "One new mentoring pair was just introduced" in post.reply.text


async def test_no_channel_means_no_post(core: CoreHarness) -> None:
    await setup_group(core)
    out = await core.say("mentor round run", ALICE)
    assert "Introductions sent: 2" in out
    assert core.notifier.posted == []
    assert "Announcement" not in out


async def test_channel_off_clears_it_and_stops_announcements(core: CoreHarness) -> None:
    await setup_group(core)
    await core.say("mentor config channel:#mentoring", ALICE)
    assert group(core).announce_channel == "#mentoring"
    out = await core.say("mentor config channel:off", ALICE)
    assert "Announcements: off" in out
    assert group(core).announce_channel == ""
    await core.say("mentor config channel:#mentoring", ALICE)
    await core.say("mentor config channel:NONE", ALICE)
    assert group(core).announce_channel == ""
    await core.say("mentor round run", ALICE)
    assert core.notifier.posted == []


@pytest.mark.parametrize(
    "error",
    [
        DeliveryError("not_in_channel", permanent=True),
        RuntimeError("the adapter broke"),
    ],
)
async def test_a_failed_announcement_never_fails_the_round(
    core: CoreHarness, error: Exception, caplog: pytest.LogCaptureFixture
) -> None:
    await setup_group(core)
    await core.say("mentor config channel:#mentoring", ALICE)
    core.notifier.fail_posts_with = error
    with caplog.at_level(logging.WARNING, logger="bot.mentoring.announce"):
        out = await core.say("mentor round run", ALICE)

    assert "Introductions sent: 2" in out
    (match_round,) = rows(core, "match_rounds")
    assert match_round.status == "sent"
    assert {m.status for m in rows(core, "matches")} == {"sent"}
    assert group(core).last_round_at == core.clock.now()
    follow_ups = [r for r in rows(core, "reminders") if r.kind == "match-follow-up"]
    assert len(follow_ups) == 4
    if isinstance(error, DeliveryError):
        assert "couldn't post in #mentoring: not_in_channel (invite the app" in out
    else:
        assert "couldn't post in #mentoring: something went wrong on our side" in out
        assert "likely temporary" in out
        assert "adapter broke" not in out  # no internals shown to the admin
    (record,) = [r for r in caplog.records if r.name == "bot.mentoring.announce"]
    logged = record.getMessage()
    assert "console/w1" in logged
    assert f"round {match_round.id}" in logged
    assert "new mentoring pair" not in logged  # never the message itself


async def test_the_automatic_sweep_announces_and_survives_a_failed_post(
    core: CoreHarness,
) -> None:
    await setup_group(core)
    # cooldown:0 lets the same pairs meet again, so the second round has pairs to announce.
    await core.say("mentor config auto:on cooldown:0 channel:#mentoring", ALICE)
    services = core.dispatcher.services
    assert await run_due_rounds(services, core.clock.now()) == 1
    assert len(core.notifier.posted) == 1
    assert_counts_only(core.notifier.posted[0].reply.plain_text())

    core.notifier.fail_posts_with = DeliveryError("channel_not_found", permanent=True)
    core.clock.advance(timedelta(days=14))
    assert await run_due_rounds(services, core.clock.now()) == 1  # still counted as sent
    assert [r.status for r in rows(core, "match_rounds")] == ["sent", "sent"]
    assert len(core.notifier.posted) == 1  # the second post was tried and refused
    assert sum(1 for m in rows(core, "matches") if m.status == "sent") == 4


async def test_a_round_without_pairs_is_not_announced() -> None:
    notifier = RecordingNotifier()
    config = GroupConfig("console", "w1", announce_channel="#mentoring")
    when = datetime(2026, 11, 22, tzinfo=UTC)
    result = await announce_round(
        notifier, config, MatchRound("console", "w1", id=7), pairs=0, next_round=when
    )
    assert result is not None
    assert (result.posted, result.problem, result.failed) == (False, NO_PAIRS, False)
    assert notifier.posted == []
    none = await announce_round(
        notifier, GroupConfig("console", "w1"), MatchRound("console", "w1"), pairs=3,
        next_round=when,
    )  # fmt: skip
    assert none is None
    assert notifier.posted == []


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("#mentoring", ChannelRef(name="mentoring")),
        ("#mentor_ship-2", ChannelRef(name="mentor_ship-2")),
        ("<#C0123ABCD|mentoring>", ChannelRef(id="C0123ABCD", name="mentoring")),
        ("<#G0123ABCD|>", ChannelRef(id="G0123ABCD")),
        ("<#C0123ABCD>", ChannelRef(id="C0123ABCD")),
        ("<#112233445566778899>", ChannelRef(id="112233445566778899")),
        ("C0123ABCD", ChannelRef(id="C0123ABCD")),
        ("112233445566778899", ChannelRef(id="112233445566778899")),
    ],
)
async def test_config_accepts_channel_shapes(core: CoreHarness, text: str, ref: ChannelRef) -> None:
    assert parse_channel(text) == ref
    out = await core.say(f'mentor config channel:"{text}"', ALICE)
    assert "Settings saved" in out
    assert group(core).announce_channel == text


@pytest.mark.parametrize(
    "text",
    [
        "mentoring",  # no #: could be anything
        "#",
        "#two words",
        "<@U0ALICE>",
        "@mentoring",
        "https://example.slack.com/archives/C0123",
        "<#c0123|lowercase-id>",
        "#" + "a" * 64,  # over the 64 characters the column holds
        "",
    ],
)
async def test_config_refuses_other_shapes_and_changes_nothing(
    core: CoreHarness, text: str
) -> None:
    await core.say("mentor config channel:#mentoring", ALICE)
    out = await core.say(f'mentor config channel:"{text}"', ALICE)
    assert "channel" in out
    assert "mentor config channel:#mentoring" in out  # the example of what works
    assert "Traceback" not in out
    assert group(core).announce_channel == "#mentoring"
