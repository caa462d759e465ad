"""What a listing can be found by, and how a search line becomes filters.

A listed member's search terms are derived from their one profile row: the fields of
work the field model reads from their roles, industries and company ("category manager"
at a grocer is grocery and food retail), the words of their company and school, their
topics and every other word they wrote. They are stored as an index (see
bot/ports/directory.py) so the database filters by them, and recomputed whenever the
shared data changes, whichever command changed it (`people join` or `mentor join`).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from bot.domain import Actor, Profile
from bot.ports import UnitOfWork
from bot.questions.fields import classify, known_field

#: Rotation places are drawn from [0, RANK_SPACE): an int4 column holds them everywhere.
RANK_SPACE = 2**31 - 1
#: Words too common to say anything about someone.
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "at",
        "for",
        "from",
        "in",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "who",
        "is",
        "my",
        "i",
        "me",
        "about",
        "into",
    ]
)


@lru_cache(maxsize=65_536)
def words(text: str) -> tuple[str, ...]:
    """Lower-case words, accents set aside ("Café" → "cafe"), stop words and single
    letters dropped, order kept, no repeats: the unit every term and query is made of.
    Cached: ranking reads the same few hundred roles, schools and topics on every search."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    found: list[str] = []
    for word in re.findall(r"[a-z0-9]+", plain.lower()):
        if len(word) > 1 and word not in STOP_WORDS and word not in found:
            found.append(word)
    return tuple(found)


#: Endings a searched word may carry that the listing's word may not ("nurses" finds a
#: nurse, "marketing" a marketer), longest first, each with the shortest stem it may
#: leave: three letters before an agent or an activity ("baker"), four before a plural
#: ("news" is not "new"s).
_ENDINGS: tuple[tuple[str, int], ...] = (
    ("ings", 3),
    ("ing", 3),
    ("ers", 3),
    ("ies", 4),
    ("er", 3),
    ("es", 4),
    ("ed", 4),
    ("s", 4),
)
#: Words ending so are not plurals or agents ("business", "analysis", "campus", "career").
_KEEP_ENDINGS = ("ss", "is", "us", "eer")


def stem(word: str) -> str:
    """`word` without one inflectional ending: a crude English stem (see `root`)."""
    if word.endswith(_KEEP_ENDINGS):
        return word
    if word.endswith("s") and word[:-1].endswith(_KEEP_ENDINGS):
        return word[:-1]  # "careers", "engineers"
    for ending, shortest in _ENDINGS:
        base = word[: -len(ending)]
        if word.endswith(ending) and len(base) >= shortest:
            return base + "y" if ending == "ies" else base
    return word


#: Past forms that no ending takes back to their verb: "taught chemistry for 6 years" is
#: found by "teachers". Only verbs of work and careers people write in a listing.
IRREGULAR = {
    "taught": "teach",
    "led": "lead",
    "built": "build",
    "sold": "sell",
    "bought": "buy",
    "wrote": "write",
    "written": "write",
    "ran": "run",
    "grew": "grow",
    "began": "begin",
    "begun": "begin",
    "made": "make",
}


@lru_cache(maxsize=65_536)
def root(word: str) -> str:
    """What a word's forms have in common, stored and searched as the `root` and
    `topic-root` terms: "nurses", "nursing" and "nurse" are "nurs"; "designers" and
    "designing" "design"; "planner" and "planning" "plan". One value per word, so a
    search walks as many index ranges as words typed. Never shown. Names (company,
    school) are searched as typed: "Leeds" is not "Leed"."""
    word = IRREGULAR.get(word, word)
    base = stem(word)
    if base != word and len(base) > 3 and base[-1] == base[-2] and base[-1] not in "aeiouy":
        base = base[:-1]  # planning → plann → plan
    if len(base) >= 5 and base.endswith("e"):
        base = base[:-1]  # nurse → nurs, as nursing; "care" stays apart from "car"
    return base


def fields_of(profile: Profile) -> frozenset[str]:
    """Fields of work a member is in: their roles read with their industries and company,
    and each industry on its own (someone may list "grocery, logistics")."""
    found = classify(", ".join(profile.roles), ", ".join(profile.industries), profile.company).all
    for industry in profile.industries:
        found |= classify("", industry).all
    return found | role_fields_of(profile)


def role_fields_of(profile: Profile) -> frozenset[str]:
    """Fields a member's own job is in (not the sector around it): what `role:` finds,
    so `role:"category manager"` does not bring every analyst at a grocer."""
    found: frozenset[str] = frozenset()
    for role in profile.roles:
        found |= classify(role, ", ".join(profile.industries), profile.company).primary
    return found


def terms_of(profile: Profile) -> set[tuple[str, str]]:
    """Every (kind, value) a listing can be found by."""
    terms = {("field", key) for key in fields_of(profile)}
    terms |= {("role", key) for key in role_fields_of(profile)}
    terms |= {("company", w) for w in words(profile.company)}
    terms |= {("school", w) for w in words(profile.school)}
    terms |= {("topic", w) for topic in profile.topics for w in words(topic)}
    free = [*profile.roles, *profile.industries, *profile.topics, *profile.path_tags]
    terms |= {("word", w) for text in (*free, profile.company, profile.school) for w in words(text)}
    terms |= {("topic-root", root(w)) for kind, w in terms if kind == "topic"}
    terms |= {("root", root(w)) for kind, w in terms if kind == "word"}
    return terms


async def reindex(uow: UnitOfWork, profile: Profile) -> None:
    """Bring a saved listing's search terms up to date (nothing for an unlisted row)."""
    if profile.listed_at is not None:
        await uow.directory.index(profile, terms_of(profile))


def rank_for(owner: Actor) -> int:
    """A member's place in the rotation: spread evenly, the same on every replica."""
    return _hash(f"rank:{owner.platform}:{owner.workspace_id}:{owner.user_id}")


def rotation_start(seeker: Actor, year: int, week: int) -> int:
    """Where one seeker's rotation starts this week: each seeker, each week, sees equally
    good members from a different point, so the same few are not always first."""
    key = f"start:{seeker.platform}:{seeker.workspace_id}:{seeker.user_id}:{year}-{week}"
    return _hash(key)


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big") % RANK_SPACE


def industry_fields(text: str) -> frozenset[str]:
    """The fields an `industry:` or `role:` value names: a field key or label
    ("grocery-retail"), an industry word ("grocery") or a title ("category manager")."""
    key = known_field(text)
    if key is not None:
        return frozenset({key})
    return classify("", text).all | classify(text).all
