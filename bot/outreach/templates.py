"""Outreach drafts: the structure that gets replies, in five formats, with some variety.

Every request says, in this order: who you are, how you found them (only when you said)
and why them in particular, a clear ask for a short conversation, and thanks whether or
not they can. The sentences are planned, not pasted: the reason is classified
(bot.outreach.reasons) and placed where it reads well, roles get an article and sentence
case (bot.outreach.wording), and the ask follows who is writing, since a business owner
researching a market asks something different from a student. The words vary by a
variant number (stable per contact, so a draft does not change under you; "another
wording" moves to the next one).

The LinkedIn-style note, which must fit 300 characters, is built in bot.outreach.linkedin
(kept apart so this module stays under the house limit); :func:`render` picks any format.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.asks import job_ask, sales_pitch
from bot.journal.names import given_name, greeting_name
from bot.outreach import reasons
from bot.outreach.reasons import ReasonKind
from bot.outreach.wording import (
    Audience,
    audience,
    introduces_writer,
    path_into,
    standing_of,
    their_work,
    tidy_first_person,
)

NAME_PLACEHOLDER = "[your name]"
ABOUT_PLACEHOLDER = "[one line about who you are]"
SCHOOL_PLACEHOLDER = "[your school]"


@dataclass(frozen=True)
class DraftInput:
    """Everything a template may use; built by the command from settings and the contact."""

    sender: str
    about: str
    school: str
    name: str
    role: str = ""
    company: str = ""
    industry: str = ""
    reason: str = ""
    how_known: str = ""
    referrer: str = ""
    days_since_request: int | None = None
    #: For a thank-you: one thing they taught you and what you will do with it.
    takeaway: str = ""
    next_step: str = ""
    minutes: int = 20
    variant: int = 0
    #: From the profile: "student", "graduate", "alum" or "" (unsaid), and the year.
    standing: str = ""
    year: int | None = None
    #: The saved goal (bot.questions.vocab keys), which sets the tone of the ask.
    goal: str = ""
    #: How the person found them, in their own words; never assumed.
    found: str = ""
    #: Keeping in touch: your news (or theirs, for a congratulation), a link to share,
    #: and the days since you last spoke.
    news: str = ""
    link: str = ""
    days_since_contact: int | None = None

    def __post_init__(self) -> None:
        # Typed fast in a chat box: "Im a teacher", "I’m" with a phone's curly apostrophe.
        # Read as "I'm", the reason says who is writing and follows "I'm" rightly.
        object.__setattr__(self, "reason", tidy_first_person(self.reason))
        object.__setattr__(self, "about", tidy_first_person(self.about))

    @property
    def first(self) -> str:
        """How the message greets them: "Amara", or "Dr Obi" for "Dr Amara Obi"."""
        return greeting_name(self.name)

    @property
    def given(self) -> str:
        """What the writer calls them in a note to themselves: "Amara"."""
        return given_name(self.name)

    @property
    def audience(self) -> Audience:
        # Someone pitching their own product is a business owner, whatever else they said.
        selling = bool(sales_pitch(self.reason))
        goal = "business-research" if selling else self.goal
        return audience(goal, self.about, self.standing, self.reason)

    @property
    def their_work(self) -> str:
        return their_work(self.role, self.company, self.industry)

    @property
    def path(self) -> str:
        return path_into(self.role, self.industry)


@dataclass(frozen=True)
class Draft:
    format: str
    body: str
    subject: str = ""
    shortened: bool = False

    def text(self) -> str:
        return f"Subject: {self.subject}\n\n{self.body}" if self.subject else self.body


def pick(options: tuple[str, ...], variant: int) -> str:
    return options[variant % len(options)]


def about_phrase(d: DraftInput) -> str:
    """The about-me line as a phrase that follows "I'm" ("a final-year student ...")."""
    about = " ".join(d.about.split()).rstrip(".")
    for prefix in ("i'm ", "i am ", "im "):
        if about.lower().startswith(prefix):
            about = about[len(prefix) :]
    return about or ABOUT_PLACEHOLDER


def _year_note(d: DraftInput) -> str:
    """ " (graduating in 2027)" or " (class of 2019)", unless the about line says it."""
    if d.year is None or str(d.year) in d.about:
        return ""
    standing = standing_of(d.standing, d.about)
    if standing == "student":
        return f" (graduating in {d.year})"
    return f" (class of {d.year})" if standing else ""


def _is_clause(about: str) -> bool:
    """ "I run a bakery" is a sentence of its own; "a teacher moving into UX" follows "I'm"."""
    return about.lower().startswith(("i ", "i've ", "my ", "we ", "our "))


def introduce(sender: str, about: str, variant: int = 0) -> str:
    """ "I'm Sam, a teacher." or, for a whole clause, "I'm Sam. I run a bakery." """
    if _is_clause(about):
        return f"I'm {sender}. {about[:1].upper()}{about[1:]}."
    return pick((f"I'm {sender}, {about}.", f"My name is {sender}, and I'm {about}."), variant)


def _intro(d: DraftInput, *, year: bool = True) -> str:
    if not d.about.strip() and introduces_writer(d.reason):
        # The reason says who they are a sentence later: no placeholder to fill in.
        return pick((f"I'm {d.sender}.", f"My name is {d.sender}."), d.variant)
    return introduce(d.sender, about_phrase(d) + (_year_note(d) if year else ""), d.variant)


def _school_line(d: DraftInput) -> str:
    """The alumni link, said once and truthfully: a current student is not an alum."""
    school = d.school or SCHOOL_PLACEHOLDER
    if school.lower().startswith(("university of ", "college of ", "institute of ")):
        school = f"the {school}"  # "studying at the University of Leeds"
    standing = standing_of(d.standing, d.about)
    if standing == "student":
        when = f", and I graduate in {d.year}" if d.year else ""
        return f"I'm studying at {school}, where you studied too{when}."
    if standing in ("graduate", "alum"):
        when = f" (class of {d.year})" if d.year else ""
        return f"Like you, I'm a {school.removeprefix('the ')} graduate{when}."
    return f"We have {school} in common."


#: Where a reason that asks for a job or sells would have gone (see :func:`why_them`).
HELD_BACK_REASON = "[what you hope to learn from them, in a sentence: see the note below]"


def why_them(d: DraftInput, *, short: bool = False) -> str:
    """How you found them, who sent you and your reason, each said once.

    A reason that asks for a job or sells is not written into the draft: pasted in, it
    would be sent as it is. A bracket holds its place and the check says why."""
    held_back = bool(job_ask(d.reason) or sales_pitch(d.reason))
    reason = reasons.classify("" if held_back else d.reason)
    parts: list[str] = []
    if held_back:
        parts.append(HELD_BACK_REASON)
    if d.found:
        parts.append(reasons.found_sentence(d.found))
    referral_in_reason = reason.kind is ReasonKind.REFERRAL or reasons.names(reason, d.referrer)
    if d.referrer and not referral_in_reason:
        parts.append(
            pick(
                (
                    f"{d.referrer} suggested I get in touch.",
                    f"{d.referrer} thought you'd be a good person to ask.",
                ),
                d.variant,
            )
        )
    elif d.how_known and not d.reason and not d.found:
        parts.append(_how_known(d.how_known))
    if reason.kind is ReasonKind.CONGRATS:
        pass  # opens the message on its own (see _opening)
    elif reason.kind is not ReasonKind.NONE:
        parts.append(reasons.sentence(reason, variant=d.variant))
    if reason.kind in (ReasonKind.NONE, ReasonKind.SELF, ReasonKind.CONGRATS) and not (
        d.referrer and reason.kind is ReasonKind.NONE
    ):
        work = d.their_work
        parts.append(
            pick(
                (
                    f"{work[:1].upper()}{work[1:]} is close to what I want to understand, "
                    "which is why I thought of you.",
                    f"I thought of you because of {work}.",
                ),
                1 if short else d.variant,
            )
        )
    return " ".join(parts)


def _how_known(text: str) -> str:
    """The contact's own "how we know each other" note, as a sentence."""
    text = " ".join(text.split()).rstrip(".")
    lowered = text.lower()
    if lowered.startswith(("we ", "i ", "you ")):
        return text[:1].upper() + text[1:] + "."
    if lowered.split(" ", 1)[0] in {"met", "worked", "studied", "talked", "spoke"}:
        return f"We {text}."
    return f"We know each other from {text}."


def _opening(d: DraftInput, *, year: bool = True) -> str:
    """A congratulation opens the message as its own sentence; then who you are."""
    reason = reasons.classify(d.reason)
    congrats = reasons.sentence(reason) + " " if reason.kind is ReasonKind.CONGRATS else ""
    return f"{congrats}{_intro(d, year=year)}"


def _ask(d: DraftInput) -> str:
    m, path = d.minutes, d.path
    when = f"Would you be open to a {m}-minute call in the next few weeks?"
    could = f"Could I have {m} minutes of your time, by phone or video, whenever suits you?"
    # A reason that already says "I'd love to hear…" must not be echoed a line later.
    hear = (
        "I'm also curious how you"
        if "love to hear" in d.reason.lower()
        else "I'd love to hear how you"
    )
    options: dict[Audience, tuple[str, ...]] = {
        Audience.STUDENT: (
            f"{when} {hear} {path}, and what you would focus on if you "
            "were a student again. I'm asking for your advice, not for a job.",
            f"{could} I'm trying to understand how you {path}, and which choices at "
            "university made the most difference. I'm not asking about openings, only "
            "for your perspective.",
        ),
        Audience.GRADUATE: (
            f"{when} {hear} {path}, and what you would do in your "
            "first years after graduating if you started again. I'm asking for your "
            "advice, not for a job.",
            f"{could} I'd like to hear how you {path}, and what you wish you had known "
            "early on. I'm looking for advice rather than a job.",
        ),
        Audience.CHANGER: (
            f"{when} {hear} {path}, and which skills from an earlier "
            "career tend to carry over. I'm asking for your advice, not for a job.",
            f"{could} Before I make the move, I'd like to understand what the work is "
            "really like day to day. I'm looking for advice rather than a job.",
        ),
        Audience.OWNER: (
            f"{when} I'd like to understand how things look from your side: what you "
            "look for, and where the problems usually are. I'm hoping to learn how it "
            "works, not to sell you anything.",
            f"{could} I'm trying to learn how {_side(d)} works and what it needs most "
            "right now. It would be me listening, not a sales call.",
        ),
    }
    return pick(options[d.audience], d.variant)


def _side(d: DraftInput) -> str:
    return f"your side of {d.industry}" if d.industry else "your side of the business"


def _thanks(d: DraftInput) -> str:
    return pick(
        (
            "Thank you either way; I know your time is valuable, and I'd completely "
            "understand if now isn't a good moment.",
            "Thanks for reading this far. If it isn't a good time, no worries at all, and "
            "thank you anyway.",
            "Whether or not it works out, thank you for considering it.",
        ),
        d.variant,
    )


def sign(d: DraftInput) -> str:
    return pick(("Best,", "Best wishes,", "Kind regards,"), d.variant) + f"\n{d.sender}"


def _subject(d: DraftInput) -> str:
    if d.audience is Audience.OWNER:
        return pick(
            (
                f"A {d.minutes}-minute question about {d.their_work}",
                f"Learning how {_side(d)} works",
                f"A short call to learn from you, from {d.sender}",
            ),
            d.variant,
        )
    return pick(
        (
            f"A {d.minutes}-minute question about {d.their_work}",
            f"Could I ask how you {d.path}?",
            f"Advice request from {d.sender}",
        ),
        d.variant,
    )


def email(d: DraftInput) -> Draft:
    body = "\n\n".join(
        (f"Hi {d.first},", f"{_opening(d)} {why_them(d)}", _ask(d), _thanks(d), sign(d))
    )
    return Draft("email", body, _subject(d))


def alumni(d: DraftInput) -> Draft:
    """The school is named once, and a current student never calls themself an alum."""
    standing = standing_of(d.standing, d.about)
    subject = pick(
        (
            "A question from a current student at your old school"
            if standing == "student"
            else "From one graduate of your school to another"
            if standing
            else "A short question from someone who shares your school",
            f"A {d.minutes}-minute question about {d.their_work}",
        ),
        d.variant,
    )
    # A reason that already names the school ("we both studied at …") says it for us.
    named = d.school and d.school.lower() in d.reason.lower()
    school = "" if named else _school_line(d) + " "
    opening = f"{_opening(d, year=False)} {school}{why_them(d)}"
    body = "\n\n".join((f"Hi {d.first},", opening, _ask(d), _thanks(d), sign(d)))
    return Draft("alumni", body, subject)


BUILDERS: dict[str, Callable[[DraftInput], Draft]] = {
    "email": email,
    "alumni": alumni,
}


def render(fmt: str, d: DraftInput) -> Draft:
    from bot.outreach import keep  # they build on this module
    from bot.outreach.after import follow_up, thank_you
    from bot.outreach.linkedin import linkedin

    builders = {
        **BUILDERS,
        "linkedin": linkedin,
        "follow-up": follow_up,
        "thank-you": thank_you,
        **keep.BUILDERS,
    }
    return builders[fmt](d)
