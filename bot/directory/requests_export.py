"""Conversation requests in `inroads export`: your side of each, and nobody else's.

A request is shared by two people, so each gets the parts that are theirs: the seeker
their reason and message, the helper the message they received and their own private
note; both the times offered. The other person appears by their id only (or
"forgotten" once erased); someone else's private note is never in your file.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.domain import Actor
from bot.ports import UnitOfWork

EXPORT_COLUMNS: dict[str, list[str]] = {
    "conversation_requests": [
        "id",
        "side",
        "other_member",
        "status",
        "reason",
        "message",
        "times",
        "my_private_note",
        "created_at",
        "sent_at",
        "answered_at",
        "agreed_at",
    ],
    "blocked_members": ["member", "created_at"],
}


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


async def export_rows(uow: UnitOfWork, actor: Actor) -> dict[str, list[dict[str, Any]]]:
    rows = []
    for r in reversed(await uow.requests.list_for(actor, limit=10_000)):
        asked = r.seeker_id == actor.user_id
        if not asked and r.status in ("draft",):
            continue  # a draft was never sent: it isn't the helper's
        rows.append(
            {
                "id": r.id,
                "side": "I asked" if asked else "I was asked",
                "other_member": r.helper_id if asked else r.seeker_id,
                "status": r.status,
                "reason": r.reason if asked else "",
                "message": r.message,
                "times": r.times,
                "my_private_note": "" if asked else r.decline_note,
                "created_at": _when(r.created_at) if asked else None,
                "sent_at": _when(r.sent_at),
                "answered_at": _when(r.answered_at),
                "agreed_at": _when(r.agreed_at),
            }
        )
    blocks = [
        {"member": b.blocked_id, "created_at": _when(b.created_at)}
        for b in await uow.requests.blocks(actor)
    ]
    return {"conversation_requests": rows, "blocked_members": blocks}
