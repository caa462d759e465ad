"""Referrals gained: the people you were introduced to, each counted once.

A referral reaches the journal in two ways that can describe the same person:
`interview done … referrals:"Marco Rossi (Spotify)"` adds (or links) a contact whose
`referred_by` is the person you talked to, and records a `referral` outcome; and
`interview outcome 3 kind:referral note:"Intro to Marco Rossi"` records an outcome in words.
Counting outcomes counted Marco twice; counting only linked contacts would miss an
introduction to someone you never added. So the unit is a person:

- every contact somebody referred you to is one person (the link survives a rename or a
  merge, which a name would not);
- a referral outcome whose note names a contact (whole words, ignoring case and accents;
  never the person the outcome is from) is that contact: counted once, with the others;
- failing that, a note that names only the first name of someone the same person referred
  ("Intro to Marco" after Marco became "Marco Rossi") is that contact too;
- any other referral outcome is someone not in your journal: one person each, except
  that the same words recorded twice for the same conversation partner are one person.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Protocol

from bot.domain import Outcome, OutcomeKind

#: Longest name (in words) looked for in a note; longer names are matched by prefix.
MAX_NAME_WORDS = 6

Words = tuple[str, ...]
_WORD = re.compile(r"[^\W_]+")  # runs of letters and digits


def words(text: str) -> Words:
    """Lower-case words without accents: "Zoë O'Neil" and "zoe o neil" read the same."""
    if not text.isascii():  # most names are ASCII: skip the decomposition for them
        text = "".join(
            ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
        )
    return tuple(_WORD.findall(text.casefold()))


class Referable(Protocol):
    """What counting reads of a contact: a `Contact`, or a light `ReferralRow`."""

    @property
    def id(self) -> int | None: ...

    @property
    def name(self) -> str: ...

    @property
    def referred_by_id(self) -> int | None: ...


class _People:
    """Your contacts indexed by name, for reading who a referral note is about."""

    def __init__(self, contacts: Iterable[Referable]) -> None:
        self.by_name: dict[Words, list[Referable]] = {}
        #: Name lengths by first word: a note is scanned only where a name could start.
        self.sizes: dict[str, set[int]] = {}
        self.by_referrer_first: dict[tuple[int, str], list[Referable]] = {}
        for contact in contacts:
            name = words(contact.name)[:MAX_NAME_WORDS]
            if contact.id is None or not name:
                continue
            self.by_name.setdefault(name, []).append(contact)
            self.sizes.setdefault(name[0], set()).add(len(name))
            if contact.referred_by_id is not None:
                key = (contact.referred_by_id, name[0])
                self.by_referrer_first.setdefault(key, []).append(contact)

    def named_in(self, note: Words, source: int | None) -> int | None:
        """The contact `note` names (longest name first), or None; `source` is the
        contact the outcome is from."""
        best: tuple[int, int] | None = None  # (words in the name, contact id)
        for start, word in enumerate(note):
            for size in self.sizes.get(word, ()):
                if best is not None and size <= best[0]:
                    continue
                found = self._pick(self.by_name.get(note[start : start + size], ()), source)
                if found is not None:
                    best = (size, found)
        if best is not None:
            return best[1]
        if source is not None:
            for word in set(note):
                referred = self.by_referrer_first.get((source, word), [])
                if len(referred) == 1:
                    return referred[0].id
        return None

    @staticmethod
    def _pick(candidates: Sequence[Referable], source: int | None) -> int | None:
        """Among contacts sharing a name: the one `source` referred, else the oldest;
        never `source` itself (a note from Dana mentioning Dana is not about a referral)."""
        others = [c for c in candidates if c.id != source]
        if not others:
            return None
        for contact in others:
            if source is not None and contact.referred_by_id == source:
                return contact.id
        return min(c.id or 0 for c in others)


def contact_named(note: str, contacts: Iterable[Referable], *, source: int | None) -> int | None:
    """The contact a referral note names, by the rules counting uses, or None; `source`
    is the contact the outcome is from."""
    found = words(note)
    return _People(contacts).named_in(found, source) if found else None


def count_referrals(outcomes: Iterable[Outcome], contacts: Iterable[Referable]) -> int:
    """How many distinct people referrals brought you (see the module docstring)."""
    everyone = list(contacts)
    people = {c.id for c in everyone if c.referred_by_id is not None and c.id is not None}
    index: _People | None = None
    strangers: set[tuple[object, ...]] = set()
    for outcome in outcomes:
        if outcome.kind != OutcomeKind.REFERRAL.value:
            continue
        note = words(outcome.note)
        if not note:  # names nobody, and cannot be told apart from another empty one
            strangers.add(("outcome", outcome.id))
            continue
        index = index or _People(everyone)  # built once, and only when a note needs it
        named = index.named_in(note, outcome.contact_id)
        if named is not None:
            people.add(named)
        else:
            strangers.add((outcome.contact_id, note))
    return len(people) + len(strangers)
