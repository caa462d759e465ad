"""Company names as people type them, folded so "ACME Inc.", "Acme" and "acme ltd" meet.

Warm introductions match a seeker's `company:` against what members offered. People
write the same employer many ways: case, accents ("Société Générale"), legal suffixes
("Ltd", "GmbH"), a leading "The". The key drops all of that and keeps the words in order;
a near miss ("Globx") gets a did-you-mean from the companies actually offered, so a typo
never reads as "nobody knows anyone there".
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from bot.directory.terms import words
from bot.errors import UsageError

#: Words that name a company's legal form, not the company.
LEGAL_WORDS = frozenset(
    [
        "inc",
        "incorporated",
        "ltd",
        "limited",
        "llc",
        "llp",
        "plc",
        "gmbh",
        "ag",
        "sa",
        "sas",
        "sarl",
        "bv",
        "nv",
        "oy",
        "ab",
        "as",
        "spa",
        "srl",
        "corp",
        "corporation",
        "co",
        "company",
        "pty",
        "pvt",
        "group",
        "holdings",
    ]
)
MAX_COMPANY_CHARS = 100
MAX_COMPANIES = 20
#: How alike a typed name and an offered one must be to suggest it (difflib's ratio).
NEAR = 0.75


def company_key(name: str) -> str:
    """The folded name companies are matched on; "" when nothing identifying is left."""
    kept = [w for w in words(name) if w not in LEGAL_WORDS]
    if not kept:  # "The Company" is a name too: keep its words rather than nothing
        kept = list(words(name))
    return " ".join(kept)[:MAX_COMPANY_CHARS]


def clean_name(name: str) -> str:
    """A company name as shown: spaces tidied, cut to a sensible length."""
    return " ".join(name.split())[:MAX_COMPANY_CHARS]


def read_companies(text: str, *, example: str) -> list[tuple[str, str]]:
    """`Acme, Globex; Initech` as (name, key) pairs, duplicates dropped, order kept."""
    seen: dict[str, str] = {}
    for part in text.replace(";", ",").replace("\n", ",").split(","):
        name = clean_name(part)
        key = company_key(name)
        if name and not key:
            raise UsageError(
                f"“{name[:40]}” doesn't name a company I can match; use its usual name, "
                "like Acme or Globex.",
                example=example,
            )
        if key:
            seen.setdefault(key, name)
    if not seen:
        raise UsageError(
            "Say which companies, separated by commas.", example=example, field="company"
        )
    if len(seen) > MAX_COMPANIES:
        raise UsageError(
            f"That's {len(seen)} companies; {MAX_COMPANIES} at a time keeps it manageable.",
            example=example,
            field="company",
        )
    return [(name, key) for key, name in seen.items()]


def near_matches(key: str, offered: Sequence[tuple[str, str]], limit: int = 3) -> list[str]:
    """Offered companies (as shown) close to `key`: a typo, or one name inside another
    ("globex" for "globex europe")."""
    names = dict(offered)
    close = difflib.get_close_matches(key, list(names), n=limit, cutoff=NEAR)
    words_of = set(key.split())
    inside = [k for k in names if k not in close and words_of and words_of <= set(k.split())]
    return [names[k] for k in [*close, *inside][:limit]]
