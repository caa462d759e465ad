"""What kind of reason the person typed, so the draft can place it where it reads well.

People write their reason for picking someone in many shapes: a clause about themselves
("moving from teaching into UX research"), one about the other person ("you spoke on the
Data Humans podcast", "your talk at PyCon"), a referral ("Marco Rossi said you'd be the
best person to ask"), a shared background ("as a fellow economics graduate, …") or a
congratulation. Pasting any of these after a fixed lead-in ("I'm writing because of …")
breaks the grammar for most of them, so the draft asks this module what the reason *is*
and builds the sentence around that instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.journal.names import given_name


class ReasonKind(StrEnum):
    NONE = "none"
    SELF = "self"  # a clause about the writer
    THEM = "them"  # about the person written to: a clause or a noun phrase
    REFERRAL = "referral"
    SHARED = "shared"  # a background both share
    CONGRATS = "congrats"


@dataclass(frozen=True, slots=True)
class Reason:
    kind: ReasonKind
    #: The reason as typed, spaces tidied and the final full stop dropped.
    text: str
    #: For THEM: True for a whole clause ("you spoke on …", "I read your post …"),
    #: False for a noun phrase ("your talk at PyCon").
    clause: bool = False


#: Verbs that start a clause whose subject ("I") was left out: "read your post on …".
_BARE_VERBS = frozenset(
    {
        "read", "saw", "heard", "met", "loved", "enjoyed", "noticed", "found", "came",
        "watched", "listened", "follow", "followed", "admire", "admired", "attended",
        "used", "worked", "studied", "learned", "learnt", "spoke", "talked", "liked",
        "remember", "caught",
    }
)  # fmt: skip
#: Openings of a clause that already has its subject.
_SUBJECTS = ("i ", "i'm ", "i've ", "i'd ", "i was ", "my ", "we ", "we're ", "we've ")
#: Clause openings about the writer that lack "I'm": "moving from teaching into …".
_SELF_GERUNDS = re.compile(
    r"^(?:moving|switching|changing|transitioning|pivoting|trying|hoping|looking|"
    r"planning|thinking|starting|learning|exploring|curious|interested|keen|new\s+to|"
    r"researching|building|running|considering)\b",
    re.IGNORECASE,
)
_CONGRATS = re.compile(r"^(?:many\s+|huge\s+|belated\s+)?congrat", re.IGNORECASE)
_SHARED = re.compile(
    r"^(?:as\s+a\s+fellow\b|as\s+(?:another|a\s+former|a\s+current)\b|fellow\s|"
    r"like\s+you,|we\s+both\b|we\s+(?:went|studied|grew\s+up|were)\b.*\b(?:same|both)\b|"
    r"we\s+share\b)",
    re.IGNORECASE,
)
#: A recommendation: someone (a name, "a friend from my class", "my professor")
#: followed by what they said or did.
_REFERRAL = re.compile(
    r"^(?P<who>.{2,80}?)\s+(?:said|says|suggested|recommended|told\s+me|thought|thinks|"
    r"mentioned|pointed\s+me|referred\s+me|put\s+me\s+in\s+touch|introduced\s+me|"
    r"gave\s+me\s+your)\b",
    re.IGNORECASE,
)
_REFERRED_BY = re.compile(r"^(?:referred|recommended|sent)\s+(?:by|over\s+by)\s+", re.I)
#: Clause openings about the other person: "you spoke on …", "you've built …".
_YOU_CLAUSE = re.compile(r"^you(?:'ve|'re|\s)", re.IGNORECASE)


#: "your bakery has run in Valencia for 60 years": a clause about them, not a noun phrase
#: (a few words of theirs, then a verb of its own; "your talk on what is next" is not).
_YOUR_CLAUSE = re.compile(
    r"^your\s+(?:(?!(?:on|about|at|in|of|for|to|what|how|why|with|from)\b)[\w'’-]+\s+){1,3}"
    r"(?:is|are|was|were|has|have|had|will|does|did|can|could|would|seems|looks)\b",
    re.IGNORECASE,
)


def _tidy(text: str) -> str:
    return " ".join(text.split()).strip().rstrip(".")


def _who_looks_like_a_person(who: str) -> bool:
    """ "Marco Rossi", "a friend from my economics class", "my manager": yes; "the
    talk" or a whole clause ("I think your post"): no."""
    lowered = who.lower()
    if lowered.startswith(("i ", "i'm", "you", "your ")):
        return False
    words = who.split()
    if len(words) > 8:
        return False
    if lowered.startswith(("a ", "an ", "my ", "our ", "one of ", "someone")):
        return True
    if any(w.strip(",").lower() in _PEOPLE for w in words):
        return True
    return len(words) <= 4 and all(w[:1].isupper() for w in words if w.isalpha())


_PEOPLE = frozenset(
    {
        "friend", "colleague", "professor", "manager", "mentor", "teacher", "tutor", "boss",
        "classmate", "lecturer", "adviser", "advisor", "coach", "cousin", "neighbour",
        "neighbor", "sister", "brother", "aunt", "uncle", "dr", "dr.", "prof", "prof.",
    }
)  # fmt: skip
_EVENTS = re.compile(r"\b(?:day|fair|conference|meetup|event|festival|expo|summit|panel)$", re.I)


#: A reason typed as the question itself: "can you tell me how you started the bakery?".
_ASKING = re.compile(
    r"^(?:please\s+)?(?:can|could|would|will)\s+you\s+(?:please\s+)?"
    r"(?:tell|show|share\s+with|explain\s+to|walk)\s+me\s+(?:through\s+)?(?P<rest>.+)$",
    re.IGNORECASE,
)
_QUESTION_WORDS = frozenset(
    {"what", "how", "why", "when", "where", "who", "which", "is", "are", "do", "does"}
    | {"did", "can", "could", "would", "will"}
)


def classify(text: str) -> Reason:
    """What the reason talks about, judged by how it opens (see the module docstring)."""
    tidy = _tidy(text)
    lowered = tidy.lower()
    if not tidy:
        return Reason(ReasonKind.NONE, "")
    if _CONGRATS.match(tidy):
        return Reason(ReasonKind.CONGRATS, tidy)
    if _SHARED.match(tidy):
        return Reason(ReasonKind.SHARED, tidy)
    if _REFERRED_BY.match(tidy):
        return Reason(ReasonKind.REFERRAL, tidy)
    referral = _REFERRAL.match(tidy)
    if referral and _who_looks_like_a_person(referral.group("who")):
        return Reason(ReasonKind.REFERRAL, tidy)
    if _YOU_CLAUSE.match(tidy):
        return Reason(ReasonKind.THEM, tidy, clause=True)
    first = re.split(r"[\s,]", lowered, maxsplit=1)[0]
    if first in _BARE_VERBS or (lowered + " ").startswith(_SUBJECTS):
        mentions_them = re.search(r"\b(?:you|your|yours)\b", lowered)
        kind = ReasonKind.THEM if mentions_them else ReasonKind.SELF
        return Reason(kind, tidy, clause=True)
    if _SELF_GERUNDS.match(tidy):
        return Reason(ReasonKind.SELF, tidy, clause=True)
    return Reason(ReasonKind.THEM, tidy, clause=bool(_YOUR_CLAUSE.match(tidy)))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_start(text: str) -> str:
    """ "Your talk" → "your talk", but "PyCon talk" and "I" keep their capitals."""
    first = text.split(" ", 1)[0]
    if first in {"I", "I'm", "I've", "I'd"} or any(c.isupper() for c in first[1:]):
        return text
    return text[:1].lower() + text[1:]


def _end(sentence: str, mark: str = ".") -> str:
    sentence = sentence.strip()
    return sentence if sentence[-1:] in ".!?" else sentence + mark


def sentence(reason: Reason, *, variant: int = 0) -> str:
    """The reason as one or two finished sentences, ready to follow the introduction."""
    text = reason.text
    lowered = text.lower()
    if reason.kind is ReasonKind.NONE:
        return ""
    asking = _ASKING.match(text)
    if asking:  # "can you tell me how you started" → "I'd love to hear how you started."
        rest = asking.group("rest").rstrip("?").strip()
        if rest.split(" ", 1)[0].lower() not in _QUESTION_WORDS | {"about", "whether", "if"}:
            rest = f"about {rest}"  # "walk me through your first year"
        return _end(f"I'd love to hear {rest}")
    if text.endswith("?") or lowered.split(" ", 1)[0] in _QUESTION_WORDS:
        return "One thing I'd love to ask you: " + _end(_lower_start(text).rstrip("."), "?")
    if reason.kind is ReasonKind.CONGRATS:
        return _end(_capital(text), "!")
    if reason.kind is ReasonKind.REFERRAL:
        if _REFERRED_BY.match(text):
            return _end("I was " + _lower_start(text) + ", who suggested I get in touch")
        return _end(_capital(text))
    if reason.kind is ReasonKind.SHARED:
        if "," in text or not lowered.startswith(("as ", "fellow ", "like you")):
            return _end(_capital(text))
        lead = text if lowered.startswith("as ") else f"As a {text}"
        return _end(_capital(lead) + ", I'd especially value your view")
    if reason.clause:
        first = re.split(r"[\s,]", lowered, maxsplit=1)[0]
        if first in _BARE_VERBS:
            return _end(f"I {text}")
        if _SELF_GERUNDS.match(text):
            return _end(f"I'm {_lower_start(text)}")
        if _YOU_CLAUSE.match(text) or _YOUR_CLAUSE.match(text):
            leads = ("I'm writing because", "I'm getting in touch because")
            return _end(f"{leads[variant % 2]} {_lower_start(text)}")
        return _end(_capital(text))
    noun = _lower_start(text)
    return _end(
        (
            f"I'm writing because of {noun}",
            f"{_capital(noun)} is what made me want to write",
        )[variant % 2]
    )


def names(reason: Reason, person: str) -> bool:
    """Whether the reason already names this person (so their referral isn't repeated)."""
    if not person.strip():
        return False
    lowered = reason.text.lower()
    # "Dr Amara Obi" is named by "Amara" ("Dr Obi" alone by "Obi"), not by "Dr".
    called = given_name(person).split()[-1].lower()
    return person.lower() in lowered or called in lowered.split()


def found_sentence(found: str) -> str:
    """How you found them, in their words: "the alumni directory" → "I found you through
    the alumni directory." Only ever from what the person said (never assumed)."""
    found = _tidy(found)
    if not found:
        return ""
    lowered = found.lower()
    if lowered.startswith(("i ", "i'")):
        return _end(_capital(found))
    if lowered.startswith(("on ", "at ", "in ", "through ", "via ", "from ", "when ")):
        return _end(f"I found you {_lower_start(found)}")
    if _EVENTS.search(found):
        return _end(f"I came across you at {_lower_start(found)}")
    return _end(f"I found you through {_lower_start(found)}")
