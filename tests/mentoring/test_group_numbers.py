"""Rounds and matches carry numbers per workspace, imports per person: never global ids.

A global id told a member how busy every other community was (`round #64003`); a number
counted per group says nothing about anyone else, and is never handed out twice, so an
old button or a remembered number can't name a different round or pair.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import delete, select

from bot.domain import Actor, MatchRound
from bot.reply import Target, TargetKind, read_payload
from storage import tables
from storage.uow import SqlUnitOfWork
from tests.conftest import ALICE, CoreHarness
from tests.mentoring.test_commands import DAN, match_of, rows, setup_group

W2_ADMIN = Actor("console", "w2", "zed", "Zed")
W2_MENTOR = Actor("console", "w2", "yan", "Yan")
W2_SEEKER = Actor("console", "w2", "xia", "Xia")


async def setup_second_group(core: CoreHarness) -> None:
    await core.say("mentor config cadence:14d", W2_ADMIN)
    await core.say("mentor join role:mentor industries:health capacity:1", W2_MENTOR)
    await core.say("mentor seek industries:health", W2_SEEKER)


def numbers_in(text: str, word: str) -> list[int]:
    return [int(n) for n in re.findall(rf"{word} #(\d+)", text)]


async def test_a_second_workspace_starts_at_round_one(core: CoreHarness) -> None:
    await setup_group(core)
    for _ in range(3):  # each preview replaces the last: three rounds used up in w1
        await core.say("mentor round preview", ALICE)
    first = await core.say("mentor round run", ALICE)
    assert numbers_in(first, "Round") == [3]

    await setup_second_group(core)
    preview = await core.say("mentor round preview", W2_ADMIN)
    assert numbers_in(preview, "Round preview") == [1]
    assert "#1 " in preview  # its first pair is pair #1 of that group
    sent = await core.say("mentor round run", W2_ADMIN)
    assert numbers_in(sent, "Round") == [1]
    (theirs,) = [m for m in rows(core, "matches") if m.workspace_id == "w2"]
    (their_round,) = [r for r in rows(core, "match_rounds") if r.workspace_id == "w2"]
    assert (theirs.number, their_round.number) == (1, 1)
    # The server's ids count every group's rows; none of them reaches a reply.
    assert (their_round.id, theirs.id) != (1, 1)
    assert f"#{their_round.id}" not in preview + sent
    assert f"#{theirs.id} " not in preview


async def test_intro_buttons_and_footer_carry_the_group_number(core: CoreHarness) -> None:
    await setup_group(core)
    await core.say("mentor round run", ALICE)
    await core.deliver()
    dan = match_of(core, "dan")
    intro = next(m for m in core.notifier.sent if "dan" in {r.user_id for r in m.recipients})
    payloads = [a.payload for a in intro.reply.actions]
    assert payloads[0] == f"@match:n{dan.number} mentor met {dan.number} yes"
    assert intro.reply.footer.startswith(f"Match #{dan.number} ")
    target, command = read_payload(payloads[0])
    assert target == Target(TargetKind.MATCH, dan.number or 0)
    reply = await core.dispatcher.run_text(DAN, command, expects=target)
    assert "Wonderful" in reply.plain_text()


async def test_an_old_match_button_names_the_pair_by_its_number_now(core: CoreHarness) -> None:
    """A button drawn before group numbers carried the server's id: it changes nothing
    and tells the member what to type instead."""
    await setup_group(core)
    for _ in range(4):
        await core.say("mentor round preview", ALICE)  # ids and numbers drift apart
    await core.say("mentor round run", ALICE)
    dan = match_of(core, "dan")
    assert dan.id != dan.number
    target, command = read_payload(f"@match:{dan.id} mentor met {dan.id} yes")
    assert target is not None
    assert target.legacy
    reply = (await core.dispatcher.run_text(DAN, command, expects=target)).plain_text()
    assert "from before each mentoring match got this group's own number" in reply
    assert f"`mentor met {dan.number} yes`" in reply
    assert match_of(core, "dan").met is None  # nothing changed
    # Someone outside the pair learns nothing about it.
    other = (await core.dispatcher.run_text(ALICE, command, expects=target)).plain_text()
    assert "match #" not in other
    assert "Nothing changed" in other


def test_an_old_import_button_is_recognised_as_stale() -> None:
    target, command = read_payload("contact import confirm 64003")
    assert target == Target(TargetKind.IMPORT, 64003, legacy=True)
    assert command == "contact import confirm 64003"
    target, _ = read_payload("@import:n2 contact import confirm 2")
    assert target == Target(TargetKind.IMPORT, 2)
    assert read_payload("contact import confirm")[0] is None  # no number: the latest


async def test_round_numbers_are_never_reused_after_a_delete(sql_core: CoreHarness) -> None:
    await setup_group(sql_core)
    await sql_core.say("mentor round preview", ALICE)
    await sql_core.say("mentor round run", ALICE)
    async with sql_core.uow() as uow:
        (sent,) = [r for r in await _rounds(uow) if r.status == "sent"]
        assert (sent.number, len(await _rounds(uow))) == (1, 1)  # run sent the preview
        # Wipe every round (and, cascading, every match) of the group.
        await uow.session.execute(delete(tables.match_rounds))
        await uow.commit()
    await sql_core.say("mentor config cooldown:0d", ALICE)  # the same pairs may come back
    preview = await sql_core.say("mentor round preview", ALICE)
    assert numbers_in(preview, "Round preview") == [2]
    async with sql_core.uow() as uow:
        matches = await uow.matches.list_workspace("console", "w1")
    assert sorted(m.number for m in matches) == [3, 4]  # 1 and 2 were the deleted round's


async def _rounds(uow: SqlUnitOfWork) -> Sequence[MatchRound]:
    return (await uow.session.execute(select(MatchRound))).scalars().all()
