"""Listings follow the rules that make their search terms.

A listing's terms are written when its member saves it (`people join`, `mentor join`),
from the field model (fields.yaml) and the rules in terms.py as they were that day.
When either changes (a field learns a title such as "wholesale buyer", words gain
roots), members who listed earlier would stay unfindable by it until they edited. So
the index remembers which rules built it, as a fingerprint, and an hourly sweep
(adapters/scheduler/directory.py) rebuilds every listing once when the fingerprint is
new: a page at a time, each page in its own transaction with its rows held, under a
claim only one replica gets.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from bot.directory.terms import terms_of
from bot.questions.fields import fields_source
from bot.services import Services

#: Bump when `terms_of` or what it calls changes the terms it makes (fields.yaml is
#: fingerprinted by its text, so editing it needs no bump).
TERMS_FORMAT = 3  # 3: irregular past forms ("taught") have their verb's root
#: Listings rebuilt per transaction: each holds its rows briefly against a member's edit.
PAGE = 200
#: How long a refresh's claim lasts: 100,000 listings take a few minutes; a replica that
#: died mid-way is taken over after this.
CLAIM_FOR = timedelta(minutes=30)


def terms_fingerprint() -> str:
    """Which rules built the index: the terms format and the field model's text."""
    digest = hashlib.sha256(f"{TERMS_FORMAT}\n{fields_source()}".encode())
    return digest.hexdigest()[:32]


async def refresh_listings(services: Services) -> int:
    """Rebuild every listing's terms when the rules changed since the index was built;
    how many were rebuilt (0 when nothing changed or another replica is at it)."""
    version = terms_fingerprint()
    now = services.clock.now()
    async with services.uow() as uow:
        claimed = await uow.directory.claim_rules_refresh(version, now=now, until=now + CLAIM_FOR)
        await uow.commit()
    if not claimed:
        return 0
    rebuilt, after = 0, 0
    while True:
        async with services.uow() as uow:
            page = await uow.directory.listed_after(after, PAGE)
            await uow.directory.index_all([(profile, terms_of(profile)) for profile in page])
            await uow.commit()
        if not page:
            break
        rebuilt += len(page)
        after = max(p.id or 0 for p in page)
    async with services.uow() as uow:
        await uow.directory.finish_rules_refresh(version)
        await uow.commit()
    return rebuilt
