"""Matching a name someone typed against their contacts, the way people actually type names.

People write "zoe" for "Zoë Kowalski", "Dana" for "Dana Whitfield" and "Zoey Kowalsky" on a
bad day. Matching goes from strict to loose and stops at the first step that finds anyone,
so a closer reading always beats a looser one:

1. exact: the same name (any case), the journal's own rule for "the same person";
2. folded: the same name once case, accents, hyphens and apostrophes are set aside;
3. prefix: the typed words are the name's first words ("Dana" or "Dana W" for
   "Dana Whitfield"); a single partial word ("Dan") is too weak to act on by itself;
4. close: a typo, reordered words or a surname alone: only ever offered as "did you mean",
   never acted on, because a wrong guess would file notes under someone else.

Kept free of storage and of the command layer: pure functions over (id, name, company),
so the rules are unit-tested directly and every command shares them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from rapidfuzz import fuzz

from bot.ports.journal import ContactName

#: Below this a "did you mean" is more noise than help (see tests/unit/test_names.py).
CLOSE_SCORE = 82.0
MAX_CLOSE = 5
#: Letters NFKD does not take apart but people still type without their marks.
_PLAIN = str.maketrans(
    {"ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "æ": "ae", "Æ": "ae",
     "œ": "oe", "Œ": "oe", "ı": "i", "þ": "th", "ð": "d",
     "-": " ", "‐": " ", "–": " ", "'": "", "’": "", "`": "", ".": " "}
)  # fmt: skip


class Step(StrEnum):
    EXACT = "exact"
    FOLDED = "folded"
    PREFIX = "prefix"
    CLOSE = "close"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class NameMatch:
    """Which contacts a typed name reaches, and at which step.

    `ids` holds one id for a sure match (exact, folded, prefix), several when the name
    fits more than one person, and the close candidates (best first) at the close step.
    `spilled` is true when a candidate's whole name starts the typed words and more words
    follow: usually an unquoted option value that ran into the name.
    """

    step: Step
    ids: tuple[int, ...] = ()
    spilled: bool = False

    @property
    def sure(self) -> bool:
        return self.step in (Step.EXACT, Step.FOLDED, Step.PREFIX) and len(self.ids) == 1


#: Folded names kept (a pure function of the text): a name the journal looks up is folded
#: once per contact of that person's journal, and the same journals come back all day.
FOLD_CACHE = 65_536


@lru_cache(maxsize=FOLD_CACHE)
def fold(text: str) -> str:
    """Lower case, no accents, single spaces: "Zoë  KOWALSKI" and "zoe kowalski" agree."""
    plain = unicodedata.normalize("NFKD", text.translate(_PLAIN))
    bare = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return " ".join(bare.translate(_PLAIN).casefold().split())


#: Titles written before a name ("Dr Amara Obi", "Prof. Lee"): set aside to find the
#: name people call someone by, and kept to greet them ("Hi Dr Obi").
TITLES = frozenset(
    {"dr", "doctor", "prof", "professor", "mr", "mrs", "ms", "miss", "mx", "rev", "revd", "fr"}
)


def _title_and_rest(name: str) -> tuple[str, list[str]]:
    """The leading title as written ("Dr." → "Dr"), or "", and the words after it. A
    title alone ("Dr") is a name, not a title."""
    words = name.split()
    if len(words) > 1 and words[0].rstrip(".").casefold() in TITLES:
        return words[0].rstrip("."), words[1:]
    return "", words


def untitled(name: str) -> str:
    """The name without a leading title: "Dr. Amara Obi" → "Amara Obi"."""
    return " ".join(_title_and_rest(name)[1]) or name


def given_name(name: str) -> str:
    """What to call someone in a note to yourself ("Research before you talk to Amara"):
    the first word after any title; a title and a surname alone stay together ("Dr Obi")."""
    title, rest = _title_and_rest(name)
    if title and len(rest) == 1:
        return f"{title} {rest[0]}"
    return rest[0] if rest else name


def greeting_name(name: str) -> str:
    """How a message to them opens: a titled name is greeted by title and surname ("Hi
    Dr Obi"), anyone else by their first name ("Hi Amara")."""
    title, rest = _title_and_rest(name)
    if title:
        return f"{title} {rest[-1]}"
    return rest[0] if rest else name


#: First words that make a line a thing to do, not a name: "ask Tom for a coffee".
NOTE_VERBS = frozenset(
    {
        "ask", "call", "email", "send", "follow", "write", "text", "message", "thank", "book",
        "schedule", "remind", "meet", "prepare", "read", "apply", "finish", "update", "check",
        "reply", "share", "invite", "review", "submit", "draft", "ping", "contact", "introduce",
        "chase", "confirm",
    }
)  # fmt: skip
#: Names run to four words ("Maria de la Cruz"); a longer line is a note.
LONGEST_NAME_WORDS = 4


def reads_as_note(text: str) -> bool:
    """Whether `text`, typed where a name goes, is a thing to do instead ("ask Tom
    Okafor for a coffee"): longer than a name, or led by a verb in lower case."""
    words = text.split()
    if len(words) > LONGEST_NAME_WORDS:
        return True
    return bool(words) and words[0] in NOTE_VERBS


def named_in(text: str, people: Sequence[ContactName]) -> int | None:
    """The one contact a note names: by full name ("ask Tom Okafor …"), else by a
    capitalised first name only one contact has ("ask Tom …"); None when it names
    nobody or several."""
    padded = f" {fold(text)} "
    full = [p.id for p in people if len(fold(p.name).split()) > 1 and f" {fold(p.name)} " in padded]
    if len(set(full)) == 1:
        return full[0]
    if full:
        return None
    capitalised = {fold(w) for w in text.split() if w[:1].isupper()}
    first = [p.id for p in people if fold(given_name(p.name)) in capitalised]
    return first[0] if len(set(first)) == 1 else None


def same_company(wanted: str, company: str) -> bool:
    """Whether two ways of writing a company can be the same one: equal once case and
    accents are set aside, or one the first words of the other ("Harris Farm" and
    "Harris Farm Markets", "Acme" and "Acme Inc"), as people shorten names they know.
    A contact with no company recorded is compatible with any company."""
    if not wanted or not company:
        return True
    short, long = sorted((fold(wanted).split(), fold(company).split()), key=len)
    return long[: len(short)] == short


def match_name(typed: str, people: Sequence[ContactName], *, company: str = "") -> NameMatch:
    """The contacts `typed` names among `people` (see the module docstring for the steps)."""
    pool = [p for p in people if same_company(company, p.company)]
    clean = " ".join(typed.split())
    exact = [p.id for p in pool if " ".join(p.name.split()).casefold() == clean.casefold()]
    if exact:
        return NameMatch(Step.EXACT, tuple(exact))
    wanted = fold(clean)
    if not wanted:
        return NameMatch(Step.NONE)
    folded = {p.id: fold(p.name) for p in pool}
    # Titled names also answer without their title; most names have none to set aside.
    bare = {pid: b for pid, name in folded.items() if (b := _untitled_folded(name)) is not None}
    same = [pid for pid, name in folded.items() if name == wanted or bare.get(pid) == wanted]
    if same:
        return NameMatch(Step.FOLDED, tuple(same))
    starts = [
        pid
        for pid, name in folded.items()
        if _starts_name(wanted, name) or (pid in bare and _starts_name(wanted, bare[pid]))
    ]
    if starts:
        return NameMatch(Step.PREFIX, tuple(starts))
    scored = sorted(
        ((score, pid) for pid, name in folded.items() if (score := _closeness(wanted, name))),
        key=lambda pair: (-pair[0], pair[1]),
    )
    spilled = any(_spills(wanted, folded[pid]) for _, pid in scored)
    if scored:
        return NameMatch(Step.CLOSE, tuple(pid for _, pid in scored[:MAX_CLOSE]), spilled)
    return NameMatch(Step.NONE)


@lru_cache(maxsize=FOLD_CACHE)
def _untitled_folded(name: str) -> str | None:
    """A folded name without its title ("dr amara obi" → "amara obi"), or None when it
    has none: "amara" and "amara obi" then find Dr Amara Obi as they find anyone else."""
    bare = untitled(name)
    return None if bare == name else bare


def _starts_name(wanted: str, name: str) -> bool:
    """Whether "dana" or "dana w" starts "dana whitfield"; "dan" alone does not (too weak)."""
    typed_words, name_words = wanted.split(), name.split()
    if len(typed_words) > len(name_words):
        return False
    *whole, last = typed_words
    if name_words[: len(whole)] != whole:
        return False
    candidate = name_words[len(whole)]
    if candidate == last:
        return len(typed_words) < len(name_words)
    return bool(whole) and candidate.startswith(last)


def _spills(wanted: str, name: str) -> bool:
    """The whole name, then more words: `Raj Patel loved your panel` for "Raj Patel"."""
    typed_words, name_words = wanted.split(), name.split()
    return len(typed_words) > len(name_words) and typed_words[: len(name_words)] == name_words


@lru_cache(maxsize=FOLD_CACHE)
def _digits(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[0-9]+", text))


def _closeness(wanted: str, name: str) -> float:
    """0 when not close; else a score: a typo, words swapped, or one word of the name."""
    if _spills(wanted, name):
        return 100.0
    if _digits(wanted) != _digits(name):
        return 0.0  # "Person 10" is not a typo of "Person 1", nor "Team 2" of "Team 3"
    # With the cutoff, rapidfuzz answers 0 early for a score below it: every contact of
    # the journal is scored for each new name, and nearly all of them are far.
    score = max(
        fuzz.ratio(wanted, name, score_cutoff=CLOSE_SCORE),
        fuzz.token_sort_ratio(wanted, name, score_cutoff=CLOSE_SCORE),
    )
    if " " not in wanted and len(wanted) >= 3:
        words = (fuzz.ratio(wanted, word, score_cutoff=CLOSE_SCORE) for word in name.split())
        score = max([score, *words])
    return float(score) if score >= CLOSE_SCORE else 0.0
