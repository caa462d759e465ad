"""Small pieces of grammar the drafts need: a role with its article, who is writing
(student, graduate, career changer, business owner), and a takeaway said as a sentence.

Fields typed into a form are not prose: "Category Manager, Bakery" has to become "a
category manager in bakery" before it can sit inside "how you became …", and a note like
"start with the data team" has to become "your advice to start with the data team".
"""

from __future__ import annotations

import re
from enum import StrEnum


class Audience(StrEnum):
    STUDENT = "student"
    GRADUATE = "graduate"
    CHANGER = "career changer"
    OWNER = "business owner"


STANDINGS = ("student", "graduate", "alum")

_BUSINESS = (
    r"(?:business|company|shop|bakery|startup|firm|studio|restaurant|café|cafe|brand|"
    r"agency|practice|store|farm|salon|brewery|label)"
)
_OWNER = re.compile(
    rf"\b(?:i\s+(?:run|own)|running|i\s+started|i\s+founded)\s+(?:a|an|my|our)\s+"
    rf"(?:[\w'-]+\s+){{0,3}}{_BUSINESS}\b|\b(?:owner|founder|co-founder)\b"
    rf"|\b(?:my|our)\s+(?:own\s+)?(?:[\w'-]+\s+){{0,2}}{_BUSINESS}\b",
    re.IGNORECASE,
)
_CHANGER = re.compile(
    r"\b(?:moving|switching|changing|transitioning|pivoting|retraining)\b.*\b(?:into|to)\b"
    r"|\bcareer[- ]chang",
    re.IGNORECASE,
)
_STUDENT = re.compile(r"\b(?:student|undergrad(?:uate)?|studying|sophomore|freshman)\b", re.I)
_GRADUATE = re.compile(r"\b(?:graduate|graduated|grad|alum|alumna|alumnus)\b", re.I)


#: What a reason says of its writer, in the first person only: a reason that asks about
#: "how you became an owner" says nothing of who is asking.
_I_AM = r"\bI(?:'m|\s+am)\s+"
_REASON_OWNER = re.compile(
    rf"\bI\s+(?:run|own|started|founded|have)\s+(?:a|an|my|our)\s+(?:[\w'&-]+\s+){{0,3}}"
    rf"{_BUSINESS}\b|{_I_AM}(?:the\s+|an?\s+)?(?:owner|founder|co-founder)\b",
    re.IGNORECASE,
)
_REASON_CHANGER = re.compile(
    rf"{_I_AM}(?:an?\s+[\w\s'-]{{1,40}}?\s+)?(?:moving|switching|changing|transitioning|"
    r"pivoting|retraining)\b|\bI(?:'m|\s+am)?\s+chang\w*\s+careers?\b|\bcareer[- ]chang",
    re.IGNORECASE,
)
_REASON_STUDENT = re.compile(
    rf"{_I_AM}(?:an?\s+)?(?:[\w'-]+\s+){{0,3}}(?:student|undergrad(?:uate)?)\b"
    rf"|{_I_AM}studying\b",
    re.IGNORECASE,
)


_CURLY = str.maketrans({"’": "'", "‘": "'"})
_BARE_I = re.compile(r"\b(?:i|I)(m|ve|d|ll)\b(?=\s)")
_BARE_I_WORDS = {"m": "I'm", "ve": "I've", "d": "I'd", "ll": "I'll"}


def tidy_first_person(text: str) -> str:
    """ "Im", "ive", "I’m" as "I'm", "I've": how people type in chat. "id" and "ill"
    stay as they are (words of their own) unless they open the text, where only the
    writer is meant ("Id love to…")."""
    text = text.translate(_CURLY)

    def fix(match: re.Match[str]) -> str:
        tail = match.group(1)
        at_start = match.start() == len(text) - len(text.lstrip())
        if tail in ("d", "ll") and not at_start and match.group(0)[0] == "i":
            return match.group(0)
        return _BARE_I_WORDS[tail]

    return _BARE_I.sub(fix, text)


_SAYS_WHO = re.compile(rf"^\s*{_I_AM}(?:an?|the)\s+\w", re.IGNORECASE)


def introduces_writer(reason: str) -> bool:
    """Whether the reason itself says who is writing ("I'm a geography student and …",
    "I run a small café …"): then a draft needs no separate line about them."""
    return any(
        p.search(reason) for p in (_SAYS_WHO, _REASON_OWNER, _REASON_CHANGER, _REASON_STUDENT)
    )


def audience(goal: str, about: str, standing: str, reason: str = "") -> Audience:
    """Who the draft speaks for: the saved goal first, then the about line, then status,
    then what the reason says of its writer ("I'm a teacher moving into UX research");
    a graduate's framing only when nothing says otherwise."""
    if goal == "business-research" or _OWNER.search(about):
        return Audience.OWNER
    if goal == "changing-careers" or _CHANGER.search(about):
        return Audience.CHANGER
    if standing == "student" or (not standing and _STUDENT.search(about)):
        return Audience.STUDENT
    if not goal and not about.strip() and not standing:
        if _REASON_OWNER.search(reason):
            return Audience.OWNER
        if _REASON_CHANGER.search(reason):
            return Audience.CHANGER
        if _REASON_STUDENT.search(reason):
            return Audience.STUDENT
    return Audience.GRADUATE


def goal_of(about: str, standing: str) -> str | None:
    """The question goal a person's own profile plainly says (the about line, then the
    status), or None: "I run a bakery" is researching a business, a student is
    breaking in. Only for people who have not chosen a goal themselves."""
    if _OWNER.search(about):
        return "business-research"
    if _CHANGER.search(about):
        return "changing-careers"
    if standing_of(standing, about) in ("student", "graduate"):
        return "breaking-in"
    return None


def standing_of(standing: str, about: str) -> str:
    """The saved status, or what the about line plainly says; "" when neither says."""
    if standing:
        return standing
    if _STUDENT.search(about) and not _GRADUATE.search(about):
        return "student"
    if _GRADUATE.search(about):
        return "graduate"
    return ""


#: Titles held by one person at a time read without an article: "head of buying".
_NO_ARTICLE = frozenset({"head", "chief", "director", "vp", "ceo", "cto", "cfo", "coo", "cmo"})
_AN_LETTERS = set("AEFHILMNORSX")  # acronyms said with a vowel sound: "an HR manager"


#: Acronyms people type in lower case in a title ("ux researcher"): written as said, so
#: the article follows the sound ("a UX researcher", "an HR lead"). "it" is left out: in
#: a phrase it is usually the word.
_TITLE_ACRONYMS = frozenset({"ux", "ui", "hr", "qa", "seo", "ml", "ai", "cx", "bi", "sre", "vp"})


def _lower_word(word: str) -> str:
    """Job-title case to sentence case; acronyms and names like "iOS" keep theirs."""
    if word.lower() in _TITLE_ACRONYMS:
        return word.upper()
    letters = [c for c in word if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return word
    if any(c.isupper() for c in word[1:]):
        return word
    return word.lower()


def _article(phrase: str) -> str:
    first = phrase.split(" ", 1)[0]
    letters = [c for c in first if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return "an" if first[0] in _AN_LETTERS else "a"
    lowered = first.lower()
    if lowered.startswith(("uni", "use", "usu", "eu", "one")):
        return "a"
    if lowered.startswith(("hour", "honest", "heir")):
        return "an"
    return "an" if lowered[:1] in "aeiou" else "a"


def role_phrase(role: str, *, article: bool = True) -> str:
    """ "Category Manager, Bakery" → "a category manager in bakery"; "Head of Buying" →
    "head of buying"; "" → "" (the caller then says something else)."""
    role = " ".join(role.split()).strip(" ,.")
    if not role:
        return ""
    main, _, detail = role.partition(",")
    words = " ".join(_lower_word(w) for w in main.split())
    detail = " ".join(_lower_word(w) for w in detail.split())
    phrase = f"{words} for {detail}" if detail else words
    if not article or words.split(" ", 1)[0].lower() in _NO_ARTICLE:
        return phrase
    return f"{_article(phrase)} {phrase}"


def their_work(role: str, company: str, industry: str) -> str:
    """ "your work as a data analyst at Acme", or the best part of it we know."""
    title = role_phrase(role)
    if title and company:
        return f"your work as {title} at {company}"
    if title:
        return f"your work as {title}"
    if company:
        return f"your work at {company}"
    if industry:
        return f"your work in {industry}"
    return "your work"


def path_into(role: str, industry: str) -> str:
    """What "how you …" asks about: "became a category manager", "got into fintech"."""
    title = role_phrase(role)
    if title:
        return f"became {title}"
    if industry:
        return f"got into {industry}"
    return "got to where you are"


def topic(role: str, industry: str) -> str:
    """A short name for the subject of the conversation, for subject lines."""
    if industry:
        return industry
    title = role_phrase(role, article=False)
    return f"working as {role_phrase(role)}" if title else "your path"


_IMPERATIVES = frozenset(
    {
        "start", "talk", "learn", "focus", "build", "reach", "read", "take", "try", "get",
        "look", "ask", "join", "find", "keep", "use", "write", "go", "spend", "avoid", "be",
        "apply", "practise", "practice", "stop", "make", "bring", "lead", "show", "aim",
        "treat", "follow", "contact", "email", "call", "visit", "offer", "price", "pitch",
        "prepare", "volunteer", "shadow", "sign", "put", "check", "think", "don't", "never",
        "always", "study", "finish", "update", "send", "set",
    }
)  # fmt: skip
_FINITE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|can|can't|will|won't|should|would|could|must|"
    r"need|needs|matter|matters|do|does|don't|doesn't|takes|comes|goes|wants|want|"
    r"counts|pays|beats|helps|works|hire|hires|buy|buys|look|looks|care|cares)\b",
    re.IGNORECASE,
)


def _first_point(text: str) -> str:
    """The first takeaway or action of a list the person typed ("a; b", lines, bullets)."""
    for part in re.split(r"[;\n]|(?:^|\s)[-•]\s", text):
        part = " ".join(part.split()).strip(" .")
        if part:
            return part[:200]
    return ""


def _lower_start(text: str) -> str:
    first = text.split(" ", 1)[0]
    if first in {"I", "I'm", "I've", "I'll"} or any(c.isupper() for c in first[1:]):
        return text
    return text[:1].lower() + text[1:]


def takeaway_sentence(note: str, *, variant: int = 0) -> str:
    """The first thing they taught you, said back to them as a sentence of your own."""
    point = _first_point(note)
    if not point:
        return ""
    lowered = point.lower()
    first = lowered.split(" ", 1)[0]
    if lowered.startswith(("you said", "you told", "you suggested", "you advised")):
        return f"{point[:1].upper()}{point[1:]}, and it has stayed with me."
    if first in _IMPERATIVES:
        lead = ("Your advice to", "I keep thinking about your advice to")[variant % 2]
        return f"{lead} {_lower_start(point)} really stayed with me."
    if lowered.startswith(("i ", "i'm ", "i've ")):
        return f"You helped me see that {point}."
    if _FINITE.search(point):
        lead = ("I hadn't realised that", "It was eye-opening to hear that")[variant % 2]
        return f"{lead} {_lower_start(point)}."
    return f"What you said about {_lower_start(point)} really stayed with me."


def next_step_sentence(note: str) -> str:
    """The first action item as a plan: "learn SQL" → "Next, I'm going to learn SQL." """
    point = _first_point(note)
    if not point:
        return ""
    lowered = point.lower()
    first = lowered.split(" ", 1)[0]
    if lowered.startswith(("i ", "i'll ", "i'm ", "i will ")):
        return f"{point[:1].upper()}{point[1:]}."
    if first in _IMPERATIVES:
        return f"Next, I'm going to {_lower_start(point)}."
    return f"Next on my list: {_lower_start(point)}."
