"""People and steps the request tests share (seeker Alice, helper Bob, others)."""

from __future__ import annotations

from bot.directory.request_model import ConversationRequest
from bot.domain import Actor
from bot.reply import Reply
from tests.conftest import CoreHarness
from tests.fakes import SentMessage

ALICE = Actor("console", "w1", "alice", "Alice")
BOB = Actor("console", "w1", "bob", "Bob")
CAROL = Actor("console", "w1", "carol", "Carol")
DAVE = Actor("console", "w1", "dave", "Dave")
ERIN = Actor("console", "w1", "erin", "Erin")
REASON = "how you moved from teaching into UX research"
HELPER_LISTING = 'people join role:"UX researcher" industry:software company:Acme budget:2'


async def setup(core: CoreHarness, *helpers: Actor, listing: str = HELPER_LISTING) -> None:
    """Alice has an outreach profile; each helper is listed."""
    await core.say('outreach profile name:"Alice Ng" about:"a teacher moving into UX research"')
    for helper in helpers or (BOB,):
        await core.say(listing, helper)


async def ask_and_send(
    core: CoreHarness, helper: Actor = BOB, seeker: Actor = ALICE, reason: str = REASON
) -> ConversationRequest:
    reply = await core.dispatcher.run_text(
        seeker, f'people ask @{helper.user_id} reason:"{reason}"'
    )
    assert not reply.is_error, reply.plain_text()
    send = next(a for a in reply.actions if a.label == "Send")
    sent = await core.dispatcher.run_text(seeker, send.command)
    assert not sent.is_error, sent.plain_text()
    return latest(core, seeker, helper)


def latest(core: CoreHarness, seeker: Actor, helper: Actor) -> ConversationRequest:
    rows = [
        r
        for r in core.uow.store.table("conversation_requests")
        if r.seeker_id == seeker.user_id and r.helper_id == helper.user_id
    ]
    return rows[-1]  # type: ignore[no-any-return]


def to(core: CoreHarness, *people: Actor) -> list[SentMessage]:
    """Messages delivered to exactly these people (one DM, or one group message)."""
    keys = {p.key for p in people}
    return [m for m in core.notifier.sent if {r.key for r in m.recipients} == keys]


def labels(reply: Reply) -> list[str]:
    return [a.label for a in reply.actions]


def everything_said(reply: Reply) -> str:
    """Every word a reply carries, buttons and files included."""
    parts = [reply.plain_text(), *(a.label + " " + a.command for a in reply.actions)]
    parts += [a.content.decode(errors="replace") for a in reply.attachments]
    return "\n".join(parts)
