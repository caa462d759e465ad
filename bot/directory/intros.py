"""`people intros add|remove|list|suggest` and `people who-knows`: warm introductions.

A member says which companies they can introduce people to, by typing them or by picking
from a preview of the companies in their own journal. Only the company name is published:
the preview counts contacts but never names them, and nothing is published until the
member picks it. `people who-knows company:` then answers a seeker with the listed,
unpaused members who offered that company, how many there are, and a did-you-mean when
the name is a near miss of one that was offered.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from bot import mentions
from bot.choices import MAX_BUTTON_COMMAND
from bot.commands import Command
from bot.directory.companies import company_key, near_matches, read_companies
from bot.directory.view import card
from bot.domain import Actor
from bot.errors import UsageError
from bot.grammar import ParsedArgs, quote
from bot.ports.intros import IntroStatus
from bot.reply import Action, Reply, Section, Tone
from bot.services import Services

ADD_EXAMPLE = 'people intros add company:"Acme, Globex"'
WHO_EXAMPLE = 'people who-knows company:"Acme"'
#: Introducers shown by who-knows; the total is always given.
SHOWN = 5
#: Offered companies a did-you-mean chooses from.
OFFERED_SCAN = 5_000
SUGGEST_SHOWN = 10
STATUS_WORDS = {
    IntroStatus.OPEN.value: "waiting for their answer",
    IntroStatus.ACCEPTED.value: "accepted: they're asking their contact",
    IntroStatus.DECLINED.value: "they couldn't help this time",
    IntroStatus.UNDELIVERED.value: "couldn't be delivered",
    IntroStatus.EXPIRED.value: "closed after five days without an answer",
}


@dataclass(frozen=True, kw_only=True)
class ChangeOffers(Command):
    companies: tuple[tuple[str, str], ...]


def _companies_arg(args: ParsedArgs, example: str) -> tuple[tuple[str, str], ...]:
    typed = args.option_text("company", "companies") or args.text()
    return tuple(read_companies(typed, example=example))


def build_add(args: ParsedArgs, actor: Actor) -> ChangeOffers:
    return ChangeOffers(actor=actor, companies=_companies_arg(args, ADD_EXAMPLE))


def build_remove(args: ParsedArgs, actor: Actor) -> ChangeOffers:
    example = 'people intros remove company:"Acme"'
    return ChangeOffers(actor=actor, companies=_companies_arg(args, example))


def _names(companies: list[str]) -> str:
    if len(companies) <= 1:
        return "".join(companies)
    return ", ".join(companies[:-1]) + " and " + companies[-1]


async def handle_add(cmd: ChangeOffers, svc: Services) -> Reply:
    async with svc.uow() as uow:
        added = await uow.intros.add_offers(cmd.actor, list(cmd.companies), svc.clock.now())
        profile = await uow.profiles.get(cmd.actor)
        await uow.commit()
    names = _names([name for name, _ in cmd.companies])
    head = (
        f"Saved: members can ask you for an introduction at {names}."
        if added
        else f"You already offer introductions at {names}; nothing changed."
    )
    notes = [
        "Only the company names are shown: never who you know there, and you decide "
        "each request yourself."
    ]
    if profile is None or profile.listed_at is None:
        notes.append("Nobody sees these until you're in the directory: `people join` lists you.")
    return Reply(
        text=" ".join([head, *notes]),
        tone=Tone.SUCCESS,
        actions=(Action("My introductions", "people intros list"),),
    )


async def handle_remove(cmd: ChangeOffers, svc: Services) -> Reply:
    async with svc.uow() as uow:
        gone = await uow.intros.remove_offers(cmd.actor, [key for _, key in cmd.companies])
        await uow.commit()
    names = _names([name for name, _ in cmd.companies])
    if not gone:
        return Reply(
            text=f"You weren't offering introductions at {names}; nothing changed.",
            actions=(Action("My introductions", "people intros list"),),
        )
    return Reply(
        text=f"Removed: nobody can ask you for an introduction at {names} any more. "
        "Requests you already have stay until you answer them.",
        tone=Tone.SUCCESS,
    )


@dataclass(frozen=True, kw_only=True)
class PlainIntros(Command):
    pass


def build_plain(args: ParsedArgs, actor: Actor) -> PlainIntros:
    if args.positionals or args.options:
        raise UsageError("This takes nothing after it.", example="people intros list")
    return PlainIntros(actor=actor)


async def handle_list(cmd: PlainIntros, svc: Services) -> Reply:
    async with svc.uow() as uow:
        offers = await uow.intros.offers(cmd.actor)
        waiting = await uow.intros.requests_to(cmd.actor, status=IntroStatus.OPEN.value)
        sent = await uow.intros.requests_by(cmd.actor)
    sections = []
    if offers:
        sections.append(
            Section(
                "Companies you can introduce people to (members see these names only)",
                tuple(o.company for o in offers),
            )
        )
    if waiting:
        sections.append(
            Section(
                "Waiting for your answer",
                tuple(
                    f"#{r.id}: {mentions.member(r.seeker_id)} would like an introduction "
                    f"at {r.company}"
                    for r in waiting
                ),
            )
        )
    if sent:
        sections.append(
            Section(
                "Introductions you asked for",
                tuple(
                    f"{r.company}, asked of {mentions.member(r.member_id)}: "
                    f"{STATUS_WORDS.get(r.status, r.status)}"
                    for r in sent[:10]
                ),
            )
        )
    actions = [
        action
        for r in waiting[:2]
        for action in (
            Action(f"Accept #{r.id}", f"people intro-answer {r.id} accept", "primary"),
            Action(f"Decline #{r.id}", f"people intro-answer {r.id} decline"),
        )
    ]
    if not sections:
        return Reply(
            text="You haven't offered introductions or asked for one yet.",
            actions=(Action("Offer from my contacts", "people intros suggest"),),
            footer=f"Try: `{ADD_EXAMPLE}` or `{WHO_EXAMPLE}`",
        )
    return Reply(title="Warm introductions", sections=tuple(sections), actions=tuple(actions))


async def handle_suggest(cmd: PlainIntros, svc: Services) -> Reply:
    """The companies in the member's own journal, counted, for them to pick from; nothing
    is published by this command."""
    async with svc.uow() as uow:
        contacts = await uow.contacts.list(cmd.actor)
        offered = {o.key for o in await uow.intros.offers(cmd.actor)}
    counts: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for contact in contacts:
        key = company_key(contact.company)
        if key and key not in offered:
            counts[key] += 1
            shown.setdefault(key, " ".join(contact.company.split()))
    if not counts:
        return Reply(
            text="None of your contacts has a company I could offer"
            + (" that you don't offer already." if offered else ".")
            + " Add companies yourself, or import your LinkedIn connections first "
            "(`contact import`).",
            footer=f"Try: `{ADD_EXAMPLE}`",
        )
    top = [key for key, _ in counts.most_common(SUGGEST_SHOWN)]
    lines = tuple(
        f"{shown[k]} ({counts[k]} contact{'s' if counts[k] > 1 else ''} in your journal)"
        for k in top
    )
    actions = [
        Action(f"Offer {shown[k]}"[:75], line)
        for k in top[:4]
        if len(line := f"people intros add company:{quote(shown[k])}") <= MAX_BUTTON_COMMAND
    ]
    every = f"people intros add company:{quote(', '.join(shown[k] for k in top))}"
    if len(top) > 1 and len(every) <= MAX_BUTTON_COMMAND:
        actions.append(Action(f"Offer all {len(top)}", every, "primary"))
    return Reply(
        title="Companies from your own contacts",
        text="Pick the ones where you'd be glad to introduce someone. Only the company "
        "name is ever shown to members; who you know there stays in your journal.",
        sections=(Section("Not offered yet (only you see this)", lines),),
        actions=tuple(actions),
        footer=f"Or type a few: `{ADD_EXAMPLE}`",
    )


@dataclass(frozen=True, kw_only=True)
class WhoKnows(Command):
    company: str
    key: str


def build_who_knows(args: ParsedArgs, actor: Actor) -> WhoKnows:
    typed = " ".join((args.option_text("company") or args.text()).split())
    key = company_key(typed)
    if not key:
        raise UsageError(
            "Which company? Name it and I'll tell you who here can introduce you there.",
            example=WHO_EXAMPLE,
            field="company",
        )
    return WhoKnows(actor=actor, company=typed[:100], key=key)


def ask_action(n: int, user_id: str, company: str) -> Action | None:
    """A button starting the request to member `n` (the reason is theirs to write)."""
    line = f"people intro-request @{user_id} company:{quote(company)}"
    return Action(f"Ask {n} for an intro", line) if len(line) <= MAX_BUTTON_COMMAND else None


async def handle_who_knows(cmd: WhoKnows, svc: Services) -> Reply:
    now = svc.clock.now()
    where = (cmd.actor.platform, cmd.actor.workspace_id)
    async with svc.uow() as uow:
        found = await uow.intros.introducers(
            *where, cmd.key, seeker_id=cmd.actor.user_id, now=now, limit=SHOWN
        )
        offered = (
            await uow.intros.offered(
                *where, seeker_id=cmd.actor.user_id, now=now, limit=OFFERED_SCAN
            )
            if not found.total
            else []
        )
    if not found.total:
        near = near_matches(cmd.key, offered)
        tries = tuple(
            Action(f"Try {name}"[:75], f"people who-knows company:{quote(name)}") for name in near
        )
        did_you_mean = f" Did you mean {_names(near)}?" if near else ""
        return Reply(
            title="Nobody yet",
            text=f"Nobody in the directory has offered introductions at {cmd.company}."
            + did_you_mean,
            actions=tries,
            footer="`people find company:…` shows members who work there themselves.",
        )
    people = "member" if found.total == 1 else "members"
    company = found.company or cmd.company
    lines: list[str] = []
    actions: list[Action] = []
    for n, profile in enumerate(found.profiles, start=1):
        lines.append(f"{n}. {card(profile, 0)}")
        ask = ask_action(n, profile.user_id, company)
        if ask is not None and len(actions) < 3:
            actions.append(ask)
    return Reply(
        title=f"Who can introduce you at {company}",
        text=f"{found.total} {people} can introduce you to someone at {company}. "
        "They decide each request themselves and ask their contact first; you'll never "
        "be told who the contact is unless they introduce you.",
        sections=(Section("Members who offered", tuple(lines)),),
        actions=tuple(actions),
        footer=f"Ask with a reason: `people intro-request @member company:{quote(company)} "
        'reason:"what you hope to learn"`',
    )
