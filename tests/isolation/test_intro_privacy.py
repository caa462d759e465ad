"""Warm introductions never expose a third party or a private field, on SQLite and PostgreSQL.

The member who can introduce keeps contacts in their journal (names, roles, notes, all
marked). A seeker, a bystander in the same workspace and a member of another workspace
then use every introduction command and the outbox delivers everything; only the member's
own replies may show a contact's name (their private drafts), and nobody else ever sees
it, nor the member's ask budget or any journal note. Member-typed text in a reason never
becomes a live mention.
"""

from __future__ import annotations

import json
from datetime import timedelta

from adapters.slack.render import render_blocks
from bot.directory.requests_sweep import sweep_requests
from bot.domain import Actor
from bot.mentions import members_in
from bot.reply import Reply
from tests.conftest import CoreHarness

MEMBER = Actor("slack", "T1", "U1", "Member")
SEEKER = Actor("slack", "T1", "U2", "Seeker")
BYSTANDER = Actor("slack", "T1", "U3", "Bystander")
OUTSIDER = Actor("slack", "T2", "U2", "Outsider")
SECRETS = ("Zanzibar", "Quixote", "qz-note-771", "qz-role-772")
REASON = (
    'reason:"Switching into logistics; I would value ten minutes on how routes are planned <!here>"'
)


def _text(reply: Reply) -> str:
    parts = [reply.plain_text(), *(f"{a.label} {a.command}" for a in reply.actions)]
    return "\n".join(parts)


async def test_no_contact_name_or_private_field_reaches_anyone_else(sql_core: CoreHarness) -> None:
    core = sql_core
    seen: dict[Actor, list[str]] = {a: [] for a in (MEMBER, SEEKER, BYSTANDER, OUTSIDER)}

    async def say(line: str, who: Actor) -> Reply:
        reply = await core.dispatcher.run_text(who, line)
        seen[who].append(_text(reply))
        return reply

    await say('people join role:"route planner" company:Initrode budget:7', MEMBER)
    await say(
        'contact add "Zanzibar Quixote" company:"Acme Freight" role:qz-role-772 notes:qz-note-771',
        MEMBER,
    )
    await say("people intros suggest", MEMBER)
    await say('people intros add company:"Acme Freight"', MEMBER)
    await say("people join role:analyst", SEEKER)
    for who in (SEEKER, BYSTANDER, OUTSIDER):
        await say('people who-knows company:"acme freight"', who)
        await say("people who-knows Acme", who)
        await say("people intros list", who)
        await say("people find company:acme", who)
    await say(f'people intro-request @U1 company:"Acme Freight" {REASON}', SEEKER)
    await say(f'people intro-request @U1 company:"Acme Freight" {REASON}', OUTSIDER)
    await core.deliver()
    ask = next(m.reply for m in core.notifier.sent if m.recipients[0].key == MEMBER.key)
    accept = next(a.command for a in ask.actions if a.label == "Accept")
    for who in (SEEKER, BYSTANDER, OUTSIDER):  # nobody but the member can answer
        assert (await say(accept, who)).is_error
    drafts = await say(accept, MEMBER)
    assert "Hi Zanzibar" in drafts.plain_text()
    await say("people intros list", SEEKER)
    await core.deliver()
    for message in core.notifier.sent:
        (recipient,) = message.recipients
        seen[next(a for a in seen if a.key == recipient.key)].append(_text(message.reply))
        # A reason typed by a member mentions nobody; only the bot's own tokens do.
        assert members_in(message.reply.plain_text()) <= {MEMBER.user_id, SEEKER.user_id}
        blocks = json.dumps(render_blocks(message.reply))
        assert "<!here>" not in blocks
    assert any("happy to help" in t for t in seen[SEEKER])
    for who in (SEEKER, BYSTANDER, OUTSIDER):
        everything = "\n".join(seen[who])
        for secret in SECRETS:
            assert secret not in everything, (who, secret)
        assert "Requests a month you accept: 7" not in everything  # the member's budget
    # Another workspace never learns that anyone here offers anything.
    assert not any("can introduce you to someone" in t for t in seen[OUTSIDER])
    assert any("can introduce you to someone" in t for t in seen[BYSTANDER])


async def test_the_sweeps_messages_reach_only_the_two_people_and_name_no_contact(
    sql_core: CoreHarness,
) -> None:
    """The reminder goes to the member only, the expiry news to the seeker only; the news
    names the member they asked and others' public cards, never a contact, a journal
    note, the reason's author's private fields, or anything about the other workspace."""
    core = sql_core
    other = Actor("slack", "T1", "U5", "Other introducer")
    for member in (MEMBER, other):
        await core.dispatcher.run_text(member, 'people join role:"route planner" budget:7')
        await core.dispatcher.run_text(
            member,
            'contact add "Zanzibar Quixote" company:"Acme Freight" notes:qz-note-771',
        )
        await core.dispatcher.run_text(member, 'people intros add company:"Acme Freight"')
    elsewhere = Actor("slack", "T2", "U9", "Introducer elsewhere")
    await core.dispatcher.run_text(elsewhere, "people join role:planner")
    await core.dispatcher.run_text(elsewhere, 'people intros add company:"Acme Freight"')
    await core.dispatcher.run_text(
        SEEKER, f'people intro-request @U1 company:"Acme Freight" {REASON}'
    )
    await core.deliver()
    for days in (3, 2):
        core.clock.advance(timedelta(days=days, hours=1))
        await sweep_requests(core.dispatcher.services, core.clock.now())
        await core.deliver()
    by_recipient: dict[str, list[Reply]] = {}
    for message in core.notifier.sent:
        (recipient,) = message.recipients
        by_recipient.setdefault(recipient.user_id, []).append(message.reply)
    assert set(by_recipient) == {MEMBER.user_id, SEEKER.user_id}
    assert [r.title for r in by_recipient[MEMBER.user_id]] == [
        "An introduction at Acme Freight?",
        "Still open: an introduction at Acme Freight",
    ]
    (news,) = by_recipient[SEEKER.user_id]
    said = _text(news)
    assert "closed after five days" in said
    assert members_in(news.plain_text()) == {MEMBER.user_id, other.user_id}
    for secret in (*SECRETS, "U9", "Introducer elsewhere"):
        assert secret not in said, secret


async def test_a_block_hides_the_member_from_who_knows_and_refuses_a_request_unseen(
    sql_core: CoreHarness,
) -> None:
    """The member blocked the seeker: on a real database the seeker's `who-knows` neither
    counts nor lists them, offers no did-you-mean only they could explain, and a request
    (typed, or the button's line) is refused in the words used for anyone who can't be
    asked, writing nothing and sending the member nothing. A bystander still sees them,
    and the seeker in another workspace is not affected by a block made here."""
    core = sql_core
    other = Actor("slack", "T1", "U5", "Other introducer")
    elsewhere = Actor("slack", "T2", "U1", "Member elsewhere")
    for member in (MEMBER, other, elsewhere):
        await core.dispatcher.run_text(member, 'people join role:"route planner" budget:7')
        await core.dispatcher.run_text(member, 'people intros add company:"Acme Freight"')
    await core.dispatcher.run_text(MEMBER, "people intros add company:Globex")
    await core.dispatcher.run_text(MEMBER, "people block @U2")

    async def say(line: str, who: Actor = SEEKER) -> str:
        return _text(await core.dispatcher.run_text(who, line))

    seen = await say('people who-knows company:"acme freight"')
    assert "1 member can introduce you" in seen
    assert members_in(seen) == {other.user_id}
    assert "2 members can introduce you" in await say("people who-knows Acme Freight", BYSTANDER)
    for typed in ("Globex", "Globx"):
        assert "Globex?" not in await say(f"people who-knows {typed}")
    assert "Did you mean Globex?" in await say("people who-knows Globx", BYSTANDER)

    refused = await say(f'people intro-request @U1 company:"Acme Freight" {REASON}')
    unlisted = await say(f'people intro-request @U3 company:"Acme Freight" {REASON}')
    assert refused.replace("U1", "U3") == unlisted
    assert "block" not in refused.lower()
    assert await say('people intro-request @U1 company:"Acme Freight"') == refused
    await core.deliver()
    assert core.notifier.sent == []
    async with core.uow() as uow:
        assert await uow.intros.requests_by(SEEKER) == []
        assert await uow.intros.requests_to(MEMBER, status="open") == []

    # The same user id in another workspace asks the member's namesake there: no block.
    sent = await say(f'people intro-request @U1 company:"Acme Freight" {REASON}', OUTSIDER)
    assert "Sent to" in sent
