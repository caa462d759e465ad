"""Round announcements in the group's channel, on the in-memory core (fakes)."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from bot.channels import ChannelRef, parse_channel
from bot.mentoring.rounds import run_due_rounds
from bot.ports import DeliveryError
from tests.conftest import ALICE, CoreHarness
from tests.mentoring.test_commands import group, rows, setup_group

MEMBERS = ("alice", "bob", "carol", "dan", "erin")
# What the profiles in setup_group hold: none of it may reach a public channel.
PROFILE_WORDS = ("fintech", "health", "career change", "education", "product manager", "break")


def assert_counts_only(text: str) -> None:
    lowered = text.lower()
    assert "<@" not in text
    for word in (*MEMBERS, *PROFILE_WORDS):
        assert word not in lowered, word


def announcement_rows(core: CoreHarness) -> list:  # type: ignore[type-arg]
    return [r for r in rows(core, "reminders") if r.kind == "round-announcement"]


async def test_a_sent_round_is_announced_once_with_counts_only(core: CoreHarness) -> None:
    await setup_group(core)
    await core.say("mentor config channel:#mentoring", ALICE)
    out = await core.say("mentor round run", ALICE)
    assert "Announcement: on its way to #mentoring" in out
    assert core.notifier.posted == []  # nothing leaves before the dispatcher runs

    await core.deliver()
    await core.deliver()  # a second run finds nothing more to send
    (post,) = core.notifier.posted
    (row,) = announcement_rows(core)
    assert (row.user_id, row.status) == ("", "sent")  # owned by nobody: it names no one
    assert (post.platform, post.workspace_id, post.channel) == ("console", "w1", "#mentoring")
    assert post.idempotency_key == f"reminder-{row.id}"
    text = post.reply.plain_text()
    assert "2 new mentoring pairs" in text
    assert "mentor join role:mentor" in text
    assert "mentor seek" in text
    next_round = core.clock.now() + timedelta(days=14)
    assert f"{next_round.day} {next_round:%b %Y}" in text
    assert post.reply.ephemeral is False
    assert_counts_only(text)
    # The introductions themselves went to the pairs, privately.
    assert len([m for m in core.notifier.sent if len(m.recipients) == 2]) == 2


async def test_one_pair_reads_naturally(core: CoreHarness) -> None:
    await setup_group(core)
    await core.say('mentor config channel:<#C0MENTOR|mentoring> exclude:"@carol @erin"', ALICE)
    await core.say("mentor round run", ALICE)
    await core.deliver()
    (post,) = core.notifier.posted
    assert post.channel == "<#C0MENTOR|mentoring>"
    assert "One new mentoring pair was just introduced" in post.reply.text


async def test_no_channel_means_no_post(core: CoreHarness) -> None:
    await setup_group(core)
    out = await core.say("mentor round run", ALICE)
    assert "Introductions: 2" in out
    await core.deliver()
    assert core.notifier.posted == []
    assert announcement_rows(core) == []
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
    await core.deliver()
    assert core.notifier.posted == []


async def test_a_channel_turned_off_before_delivery_posts_nothing(core: CoreHarness) -> None:
    """The announcement is rendered when it is sent, from the group as it is then."""
    await setup_group(core)
    await core.say("mentor config channel:#mentoring", ALICE)
    await core.say("mentor round run", ALICE)
    await core.say("mentor config channel:off", ALICE)
    await core.deliver()
    assert core.notifier.posted == []
    (row,) = announcement_rows(core)
    assert row.status == "cancelled"


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
    out = await core.say("mentor round run", ALICE)
    with caplog.at_level(logging.WARNING, logger="bot.reminders"):
        await core.deliver()

    assert "Introductions: 2" in out
    (match_round,) = rows(core, "match_rounds")
    assert match_round.status == "sent"
    assert {m.status for m in rows(core, "matches")} == {"sent"}
    assert group(core).last_round_at == core.clock.now()
    follow_ups = [r for r in rows(core, "reminders") if r.kind == "match-follow-up"]
    assert len(follow_ups) == 4
    assert len([m for m in core.notifier.sent if len(m.recipients) == 2]) == 2
    (row,) = announcement_rows(core)
    stats = await core.say("mentor stats", ALICE)
    if isinstance(error, DeliveryError):
        assert (row.status, row.last_error) == ("failed", "not_in_channel")
        assert f"Round #{match_round.number} messages: 2 delivered, 0 waiting, 1 failed" in stats
    else:
        assert row.status == "pending"  # tried again later: it may be temporary
        assert f"Round #{match_round.number} messages: 2 delivered, 1 waiting, 0 failed" in stats
        assert "adapter broke" not in stats  # no internals shown to the admin
    for record in caplog.records:
        assert "new mentoring pair" not in record.getMessage()  # never the message itself


async def test_the_automatic_sweep_announces_and_survives_a_failed_post(
    core: CoreHarness,
) -> None:
    await setup_group(core)
    # cooldown:0 lets the same pairs meet again, so the second round has pairs to announce.
    await core.say("mentor config auto:on cooldown:0 channel:#mentoring", ALICE)
    services = core.dispatcher.services
    assert await run_due_rounds(services, core.clock.now()) == 1
    await core.deliver()
    assert len(core.notifier.posted) == 1
    assert_counts_only(core.notifier.posted[0].reply.plain_text())

    core.notifier.fail_posts_with = DeliveryError("channel_not_found", permanent=True)
    core.clock.advance(timedelta(days=14))
    assert await run_due_rounds(services, core.clock.now()) == 1  # still counted as sent
    await core.deliver()
    assert [r.status for r in rows(core, "match_rounds")] == ["sent", "sent"]
    assert len(core.notifier.posted) == 1  # the second post was tried and refused
    assert sum(1 for m in rows(core, "matches") if m.status == "sent") == 4


async def test_a_round_without_pairs_is_not_announced(core: CoreHarness) -> None:
    await setup_group(core)
    await core.say("mentor config channel:#mentoring", ALICE)
    await core.say("mentor round preview", ALICE)
    for match in rows(core, "matches"):
        await core.say(f"mentor round drop {match.number}", ALICE)
    out = await core.say("mentor round run", ALICE)
    assert "Announcement: skipped: no new pairs this round" in out
    await core.deliver()
    assert announcement_rows(core) == []
    assert core.notifier.posted == []
    assert len(core.notifier.sent) == 2  # the two seekers hear they weren't matched


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
