"""Referral chains: who led you to whom, walked safely.

`referred_by_id` forms a forest in healthy data, but rows edited by hand, merged contacts
or a future import could form a loop; every walk here keeps a visited set so a cycle
ends the walk (and is reported) instead of hanging the bot.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.domain import Contact

MAX_DEPTH = 50


@dataclass(frozen=True, slots=True)
class Path:
    """From the first person you knew to the target; `looped` when a cycle cut it short."""

    people: tuple[Contact, ...]
    looped: bool = False


def path_to(contacts: Mapping[int, Contact], target: Contact) -> Path:
    """Walk `referred_by_id` upward from `target`; return root → … → target."""
    chain = [target]
    seen = {target.id}
    current = target
    looped = False
    while current.referred_by_id is not None and len(chain) < MAX_DEPTH:
        parent = contacts.get(current.referred_by_id)
        if parent is None:
            break
        if parent.id in seen:
            looped = True
            break
        chain.append(parent)
        seen.add(parent.id)
        current = parent
    return Path(tuple(reversed(chain)), looped)


def children_of(contacts: Mapping[int, Contact]) -> dict[int, list[Contact]]:
    kids: dict[int, list[Contact]] = {}
    for contact in contacts.values():
        if contact.referred_by_id is not None and contact.referred_by_id != contact.id:
            kids.setdefault(contact.referred_by_id, []).append(contact)
    for group in kids.values():
        group.sort(key=lambda c: (c.name.lower(), c.id or 0))
    return kids


def led_to(contacts: Mapping[int, Contact], root: Contact) -> list[tuple[int, Contact]]:
    """Everyone `root` led you to, depth-first, as (depth, contact); depth 1 = direct."""
    kids = children_of(contacts)
    found: list[tuple[int, Contact]] = []
    seen = {root.id}
    stack = [(1, c) for c in reversed(kids.get(root.id or 0, []))]
    while stack:
        depth, contact = stack.pop()
        if contact.id in seen or depth > MAX_DEPTH:
            continue
        seen.add(contact.id)
        found.append((depth, contact))
        stack.extend((depth + 1, c) for c in reversed(kids.get(contact.id or 0, [])))
    return found


def describe_path(path: Path) -> str:
    """ "Ann referred you to Bo, who referred you to Cy." — the sentence people expect."""
    names = [p.name for p in path.people]
    if len(names) == 1:
        return f"No one referred you to {names[0]}: you reached them directly."
    text = f"{names[0]} referred you to {names[1]}"
    for name in names[2:]:
        text += f", who referred you to {name}"
    text += "."
    if path.looped:
        text += " (The chain loops back on itself here; check who referred whom.)"
    return text
