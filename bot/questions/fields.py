"""The field model: which line of work a contact is in, read from role, industry and company.

Many job titles share a word ("analyst", "engineer", "manager"), and the old tag model let a
shared word drag in another field's questions: a threat analyst got data-science questions.
Here a field claims only specific phrases ("security analyst", "data analyst"), the longest
phrase in the title wins, and the industry and company break ties or place a bare title
("Analyst" at a cybersecurity firm). A title with no field phrase and no telling industry
is *unknown*, and the pack says so rather than guessing.

The role's field is the *primary* one: its questions are all fair. A different field named
only by the industry ("Data Analyst" at a grocery chain) is a *sector*: its questions about
the industry and its business transfer to anyone working there, its questions about the
day-to-day job do not. Neighbours are explicit, per category, with the reason to show.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import yaml
from rapidfuzz import fuzz, process

FIELDS_RESOURCE = "fields.yaml"
#: Categories in which a question written for the contact's *industry* (not their role)
#: still fits: how the sector is changing and how its business works.
SECTOR_CATEGORIES = frozenset({"industry-trends", "business-research"})


@dataclass(frozen=True, slots=True)
class Neighbour:
    source: str
    categories: frozenset[str]
    because: str


@dataclass(frozen=True, slots=True)
class Field:
    key: str
    label: str
    roles: tuple[str, ...]
    sectors: tuple[str, ...]
    neighbours: tuple[Neighbour, ...] = ()
    #: Where people in this field gather and can be asked (shown by `outreach who`).
    gather: str = ""


@dataclass(frozen=True, slots=True)
class FieldMatch:
    """Where a contact sits: their own field(s) and the industry field(s) around them."""

    primary: frozenset[str] = frozenset()
    sector: frozenset[str] = frozenset()

    @property
    def known(self) -> bool:
        return bool(self.primary)

    @property
    def all(self) -> frozenset[str]:
        return self.primary | self.sector


def _words(text: str) -> str:
    """Lower-case words padded with spaces; punctuation splits ("FP&A" -> " fp a ") and
    accents are set aside ("Café" reads as "cafe"), so a phrase is written once."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " " + " ".join(re.findall(r"[a-z0-9]+", plain.lower())) + " "


def _phrase_list(entry: dict[str, Any], key: str, name: str) -> tuple[str, ...]:
    values = entry.get(key) or []
    if not isinstance(values, list):
        raise ValueError(f"field {name!r}: `{key}` must be a list")
    return tuple(_words(str(v)) for v in values if str(v).strip())


def parse_fields(raw: Any) -> dict[str, Field]:
    """Validate the fields document; raises ValueError naming the bad entry."""
    if not isinstance(raw, dict) or not isinstance(raw.get("fields"), list):
        raise ValueError("fields file must be a mapping with a `fields` list")
    fields: dict[str, Field] = {}
    for entry in raw["fields"]:
        key = str(entry.get("key", "")).strip() if isinstance(entry, dict) else ""
        if not key or not str(entry.get("label", "")).strip():
            raise ValueError(f"field entry needs a key and a label: {entry!r}")
        if key in fields:
            raise ValueError(f"duplicate field {key!r}")
        neighbours = tuple(
            Neighbour(str(n["from"]), frozenset(n["categories"]), str(n["because"]))
            for n in entry.get("neighbours") or []
        )
        fields[key] = Field(
            key,
            str(entry["label"]),
            _phrase_list(entry, "roles", key),
            _phrase_list(entry, "sectors", key),
            neighbours,
            " ".join(str(entry.get("gather") or "").split()),
        )
    for field in fields.values():
        for n in field.neighbours:
            if n.source not in fields:
                raise ValueError(f"field {field.key!r}: unknown neighbour {n.source!r}")
    return fields


@cache
def fields_source() -> str:
    """The field model as written (fields.yaml): what `load_fields` reads, and what the
    directory's index fingerprints (bot.directory.refresh) to know when it changed."""
    resource = resources.files("bot").joinpath("data", "questions", FIELDS_RESOURCE)
    return resource.read_text(encoding="utf-8")


@cache
def load_fields() -> dict[str, Field]:
    return parse_fields(yaml.safe_load(fields_source()))


def _best(words: str, phrases_of: dict[str, tuple[str, ...]]) -> frozenset[str]:
    """Fields whose longest matching phrase is the longest found (ties kept)."""
    scores: dict[str, int] = {}
    for key, phrases in phrases_of.items():
        hit = max((p.count(" ") - 1 for p in phrases if p in words), default=0)
        if hit:
            scores[key] = hit
    if not scores:
        return frozenset()
    top = max(scores.values())
    return frozenset(k for k, v in scores.items() if v == top)


def _any(words: str, phrases_of: dict[str, tuple[str, ...]]) -> frozenset[str]:
    return frozenset(k for k, phrases in phrases_of.items() if any(p in words for p in phrases))


#: Texts people typed are unbounded over a server's life: the cache keeps the recent ones.
CLASSIFY_CACHE = 16_384


@lru_cache(maxsize=CLASSIFY_CACHE)
def classify(role: str, industry: str = "", company: str = "") -> FieldMatch:
    """Read free text into a :class:`FieldMatch`; empty when nothing names a field."""
    fields = load_fields()
    roles = {k: f.roles for k, f in fields.items()}
    sectors = {k: f.sectors for k, f in fields.items()}
    role_words = _words(role)
    around = _any(_words(f"{industry} , {company}"), sectors)
    primary = _best(role_words, roles)
    if len(primary) > 1 and primary & around:
        primary = primary & around  # "Category Manager" at a grocer: grocery, not fashion
    if not primary:
        primary = _any(role_words, sectors)  # "Hotel night manager"
    if not primary:
        primary, around = around, frozenset()
    return FieldMatch(primary, around - primary)


def field_label(key: str) -> str:
    field = load_fields().get(key)
    return field.label if field else key


def closest_phrase(text: str, *, cutoff: float = 80.0) -> str | None:
    """The field phrase (title, industry word or label) nearest to a misspelt one
    ("bakry" → "bakery"), or None when nothing is close: for a did-you-mean."""
    wanted = _words(text).strip()
    if not wanted:
        return None
    phrases = {
        p.strip()
        for f in load_fields().values()
        for p in (*f.roles, *f.sectors, _words(f.label))
        if len(p.strip()) > 3
    }
    found = process.extractOne(wanted, phrases, scorer=fuzz.ratio, score_cutoff=cutoff)
    return str(found[0]) if found else None


def known_field(text: str) -> str | None:
    """A field key typed as an option ("grocery-retail" or "grocery retail"), if exact."""
    slug = "-".join(re.findall(r"[a-z0-9]+", text.lower()))
    for key, field in load_fields().items():
        if slug in (key, "-".join(re.findall(r"[a-z0-9]+", field.label.lower()))):
            return key
    return None
