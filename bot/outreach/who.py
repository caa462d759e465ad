"""`outreach who`: which kinds of people to approach for a field, and where to find them.

The first list people write is usually "everyone with the job title I want", which
misses the ones who help most: someone a step or two ahead in the role, someone who has
seen the field change over decades, someone who came in sideways the way you might, and
people you already share something with. A business owner needs a different list again:
the buyers, the suppliers and the people one step along the chain. The field is read by
the same model the question packs use (bot.questions.fields), so "UX researcher" and
"product manager" get their own search phrases, and your own contacts in that field are
named, because an introduction beats a cold note.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.commands import Command, CommandSpec
from bot.directory.terms import rotation_start
from bot.directory.view import card
from bot.domain import Actor, Contact, UserSettings
from bot.errors import UsageError
from bot.fields import GOAL
from bot.grammar import ParsedArgs, quote
from bot.ports.directory import DirectoryQuery, TermFilter
from bot.questions.fields import Field, classify, closest_phrase, known_field, load_fields
from bot.questions.goal_memory import GOAL_SAVED, remember_goal
from bot.questions.vocab import goal_choices, goal_words, parse_goal
from bot.reply import Action, Reply, Section, Tone
from bot.schema import text
from bot.services import Services
from bot.typos import not_a_choice

WHO_EXAMPLE = 'outreach who field:"UX research" goal:changing-careers'
MAX_PHRASES = 4
MAX_CONTACTS = 5
#: Directory members shown in `outreach who` (the rest are one `people find` away).
OPEN_TO_CHAT_SHOWN = 3


@dataclass(frozen=True, kw_only=True)
class FindPeople(Command):
    field: str
    goal: str | None = None


def build_who(args: ParsedArgs, actor: Actor) -> FindPeople:
    text = " ".join((args.option_text("field", "in") or args.text()).split())[:120]
    if not text:
        raise UsageError(
            "Which field are you looking into? Name it and I'll suggest who to talk to.",
            hint='A job title or an industry works: `field:"data analyst"`, '
            '`field:"grocery retail"`.',
            example=WHO_EXAMPLE,
        )
    goal_text = args.option_text("goal")
    goal = parse_goal(goal_text) if goal_text else None
    if goal_text and goal is None:
        raise not_a_choice(
            f"`goal:{goal_text[:30]}` isn't one I know.",
            goal_text,
            goal_words(),
            hint=f"Try one of: {goal_choices()}.",
            example=WHO_EXAMPLE,
        )
    return FindPeople(actor=actor, field=text, goal=goal.key if goal else None)


def _target(text: str) -> Field | None:
    fields = load_fields()
    key = known_field(text)
    if key is None:
        match = classify(text, text)
        key = min(match.primary) if match.primary else None
    return fields.get(key) if key else None


def _titles(field: Field) -> list[str]:
    """Search phrases from the field's job titles: longest (most specific) first. Titles
    kept for matching with the sector after them ("general manager hotel") are not what
    anyone types into a search box, so they are left out."""
    sectors = {s.strip() for s in field.sectors}
    titles = sorted(
        {
            r.strip()
            for r in field.roles
            if len(r.strip()) > 3 and r.split()[-1] not in sectors | {"plant", "construction"}
        },
        key=len,
        reverse=True,
    )
    return titles[:MAX_PHRASES]


def _kinds(goal: str, label: str, school: str) -> list[str]:
    """The kinds of people to seek for this goal, each with why they help."""
    if goal == "business-research":
        return [
            f"Buyers in {label}: they decide what gets taken on, so they can tell you what "
            "they look for and what makes them say no.",
            f"Suppliers to {label}: they know the terms, the margins and the problems from "
            "the side you would be on.",
            "Someone one step along the chain from you (a distributor, a wholesaler, a "
            "shop that stocks work like yours): they see where things get stuck.",
            "A fellow owner a few years ahead: the mistakes they made are cheaper to hear "
            "about than to repeat.",
        ]
    kinds = [
        f"Someone doing the job you want in {label}, ideally two to five years in: close "
        "enough to remember getting there, and specific about the day-to-day.",
        f"An industry veteran in {label}: they have watched it change and can tell you "
        "which skills last and where it is heading.",
        f"Someone who came into {label} by a non-traditional path: they know which "
        "routes in really work besides the standard one.",
    ]
    if goal == "changing-careers":
        kinds[2] = (
            f"Someone who moved into {label} from another career: the closest thing to "
            "your own path, and honest about what carried over and what didn't."
        )
    if school:
        kinds.append(
            f"Alumni of {school} working in {label}: a shared school is one of the easiest "
            "reasons to say yes to a stranger."
        )
    return kinds


def _where(field: Field, school: str, goal: str) -> list[str]:
    phrases = ", ".join(f"“{t}”" for t in _titles(field))
    places = []
    if school and goal != "business-research":
        places.append(
            f"The {school} alumni directory or careers office, filtered by {field.label}."
        )
    places += [
        f"Where people in {field.label} gather: {field.gather}. Member directories, "
        "speakers and organisers there are used to being asked, and easy to write to "
        "afterwards with a specific reason.",
    ]
    if phrases:
        places.append(f"LinkedIn people search: try {phrases}, then narrow by location or school.")
    if goal == "business-research":
        places.append(
            "Trade shows and supplier days, where buyers come precisely to meet people like you."
        )
    return places


def _unknown_field(cmd: FindPeople, goal: str) -> Reply:
    """General advice, and a did-you-mean when the word is a near miss ("bakry")."""
    near = closest_phrase(cmd.field)
    goal_part = f" goal:{cmd.goal}" if cmd.goal else ""
    retry = f"outreach who field:{quote(near)}{goal_part}" if near else ""
    return Reply(
        title=f"Who to approach about {cmd.field}",
        text=(
            (f"Did you mean “{near}”? " if near else "")
            + f"I don't know “{cmd.field}” as a field yet, so here is what works anywhere: "
            "someone in the role you want, someone who has been around long enough to "
            "see it change, and someone who came in by an unusual route."
        ),
        tone=Tone.WARNING,
        actions=(Action(f"Yes, {near}"[:80], retry),) if near else (),
        footer="Try a job title I might know, e.g. " + WHO_EXAMPLE,
    )


async def _open_to_chat(actor: Actor, field: Field, svc: Services) -> tuple[Section, ...]:
    """Members of this community who listed themselves in the directory as open to a
    chat and work in the field: the warmest place to start (none shown when none)."""
    now = svc.clock.now()
    year, week, _ = now.isocalendar()
    query = DirectoryQuery(
        platform=actor.platform,
        workspace_id=actor.workspace_id,
        seeker_id=actor.user_id,
        filters=(TermFilter("field", frozenset({field.key})),),
        now=now,
        start=rotation_start(actor, year, week),
        limit=OPEN_TO_CHAT_SHOWN,
    )
    async with svc.uow() as uow:
        hits = await uow.directory.search(query)
    if not hits:
        return ()
    lines = [card(h.profile, h.requests_this_month) for h in hits]
    lines.append(f"More, and why each fits: people find industry:{quote(field.label)}")
    return (Section("Open to a chat in this community", tuple(lines)),)


def _in_field(contacts: list[Contact], key: str) -> list[Contact]:
    return [c for c in contacts if key in classify(c.role, c.industry, c.company).all]


async def handle_who(cmd: FindPeople, svc: Services) -> Reply:
    async with svc.uow() as uow:
        prefs = await uow.settings.get_or_default(cmd.actor)
        contacts = list(await uow.contacts.list(cmd.actor))
        goal_saved = await remember_goal(uow, prefs, cmd.goal)
        if goal_saved:
            await uow.commit()
    reply = await _who(cmd, svc, prefs, contacts)
    return replace(reply, text=f"{reply.text} {GOAL_SAVED}") if goal_saved else reply


async def _who(
    cmd: FindPeople, svc: Services, prefs: UserSettings, contacts: list[Contact]
) -> Reply:
    goal = cmd.goal or prefs.goal or "exploring"
    field = _target(cmd.field)
    if field is None:
        return _unknown_field(cmd, goal)
    open_here = await _open_to_chat(cmd.actor, field, svc)
    known = _in_field(contacts, field.key)
    people = [
        f"{c.name}" + (f" ({c.role}, {c.company})" if c.role and c.company else "") for c in known
    ]
    intro = (
        f"Already in your contacts: {', '.join(people[:MAX_CONTACTS])}. Ask them who else you "
        "should talk to; a warm introduction gets far more replies than a cold note."
        if people
        else f"No one in your contacts works in {field.label} yet; ask the people you talk "
        "to who they would suggest."
    )
    actions = tuple(
        Action(f"Ask {c.name} for an intro"[:80], f"contact show {quote(c.name)}")
        for c in known[:2]
        if len(f"contact show {quote(c.name)}") <= 90
    )
    return Reply(
        title=f"Who to approach in {field.label}",
        text=intro,
        sections=(
            *open_here,
            Section("Kinds of people to seek", tuple(_kinds(goal, field.label, prefs.school))),
            Section("Where to find them", tuple(_where(field, prefs.school, goal))),
        ),
        actions=actions,
        tone=Tone.INFO,
        footer='When you pick someone: outreach draft "Name" company:… role:… reason:"…"',
    )


SPECS = (
    CommandSpec(
        path=("outreach", "who"),
        summary="Who to approach in a field, why each helps, and where to find them.",
        example=WHO_EXAMPLE,
        build=build_who,
        handle=handle_who,
        fields=(
            text(
                "field",
                "A job title or industry, e.g. UX research",
                required=True,
                positional=True,
                aliases=("in",),
            ),
            GOAL.but(description="What you're after"),
        ),
    ),
)
