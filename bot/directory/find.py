"""`people find`: who in the directory would be good to talk to, and why.

The database narrows (workspace, listed, not paused, every typed filter) and returns a
bounded set in rotation order; ranking happens here, where the field model lives:

1. room this month first: members whose ask budget is used up come last, marked;
2. fit: each thing that matched adds points and a reason line the seeker sees;
3. fairness: requests already taken this month cost points (0 until requests exist),
   and equally good members keep the order of this seeker's rotation for this week,
   so the same popular few are not shown first to everyone, every time.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from bot.choices import MAX_BUTTON_COMMAND, page_buttons
from bot.commands import Command
from bot.directory.requests_room import annotate
from bot.directory.terms import (
    RANK_SPACE,
    fields_of,
    industry_fields,
    role_fields_of,
    root,
    rotation_start,
    words,
)
from bot.directory.view import card, has_room
from bot.domain import Actor, Profile
from bot.errors import UsageError
from bot.grammar import ParsedArgs, member_argument, quote
from bot.ports.directory import DirectoryHit, DirectoryQuery, TermFilter
from bot.questions.fields import classify, closest_phrase, field_label
from bot.reply import Action, Reply, Section
from bot.services import Services

FIND_EXAMPLE = "people find industry:grocery school:Leeds topic:pricing"
FIND_OPTIONS = ("industry", "role", "company", "school", "topic", "page")
PAGE_SIZE = 5
#: Candidates ranked per search: 20 pages, few enough to load and rank in a few ms.
CANDIDATES = 100
MAX_QUERY_CHARS = 200
#: Points a request already accepted this month costs (issue 18 §2 fills the count).
REQUEST_PENALTY = 5
POINTS = {"field": 30, "role": 20, "company": 20, "school": 20, "topic": 10, "word": 10}
MAX_REASONS = 4


@dataclass(frozen=True, slots=True)
class Wanted:
    """A search, read: what was typed (for the buttons) and what it means."""

    typed: tuple[tuple[str, str], ...] = ()
    free: str = ""
    industry: frozenset[str] = frozenset()
    role: frozenset[str] = frozenset()
    role_words: tuple[str, ...] = ()
    company: tuple[str, ...] = ()
    school: tuple[str, ...] = ()
    topic: tuple[str, ...] = ()
    free_words: tuple[str, ...] = ()

    def filters(self) -> tuple[TermFilter, ...]:
        """Every typed filter, each word by its root (`terms.root`: "nurses" finds a
        nurse); names of companies and schools as typed."""
        found: list[tuple[tuple[str, ...], TermFilter]] = []
        if self.industry:
            found.append((tuple(self.industry), TermFilter("field", self.industry)))
        if self.role:
            found.append((tuple(self.role), TermFilter("role", self.role)))
        if not self.role:
            found += [((w,), TermFilter("root", frozenset({root(w)}))) for w in self.role_words]
        for kind, values in (("company", self.company), ("school", self.school)):
            found += [((w,), TermFilter(kind, frozenset({w}))) for w in values]
        found += [((w,), TermFilter("topic-root", frozenset({root(w)}))) for w in self.topic]
        if self.free_words:
            roots = frozenset(root(w) for w in self.free_words)
            found.append((self.free_words, TermFilter("root", roots)))
        # The first filter drives the search (storage walks its holders in rotation
        # order): one typed value before several, and a long word before a short one,
        # since "sainsbury" has far fewer holders than "co".
        found.sort(key=lambda pair: (len(pair[0]) > 1, -max(len(v) for v in pair[0])))
        return tuple(f for _, f in found)

    def line(self, page: int) -> str:
        parts = ["people find", *(f"{k}:{quote(v)}" for k, v in self.typed)]
        if self.free:
            parts.append(self.free)
        return " ".join([*parts, f"page:{page}"])


@dataclass(frozen=True, kw_only=True)
class FindPeople(Command):
    wanted: Wanted
    page: int = 1


def _fields_or_hint(name: str, text: str) -> frozenset[str]:
    found = industry_fields(text)
    if found or name == "role":
        return found
    near = closest_phrase(text)
    raise UsageError(
        f"I don't know the industry “{text[:40]}”" + (f"; did you mean “{near}”?" if near else "."),
        hint="Name an industry or a job title, e.g. grocery, fintech, UX research, "
        "or leave it out and search by words.",
        example=FIND_EXAMPLE,
        fixes=((text, quote(near)),) if near else (),
    )


def _page(text: str) -> int:
    if not text:
        return 1
    if not text.strip().isdigit() or not 1 <= int(text) <= CANDIDATES // PAGE_SIZE:
        raise UsageError(
            f"`page:{text[:10]}` isn't a page I can show: pages run from 1 to "
            f"{CANDIDATES // PAGE_SIZE}.",
            example="people find industry:grocery page:2",
        )
    return int(text)


def build_find(args: ParsedArgs, actor: Actor) -> FindPeople:
    typed = tuple(
        (name, " ".join(args.option_text(name).split())[:MAX_QUERY_CHARS])
        for name in FIND_OPTIONS[:-1]
        if args.option_text(name).strip()
    )
    given = dict(typed)
    free = " ".join(args.text().split())[:MAX_QUERY_CHARS]
    role_text = given.get("role", "")
    role = classify(role_text).primary if role_text else frozenset()
    wanted = Wanted(
        typed=typed,
        free=free,
        industry=_fields_or_hint("industry", given["industry"])
        if "industry" in given
        else frozenset(),
        role=role,
        role_words=tuple(words(role_text)),
        company=tuple(words(given.get("company", ""))),
        school=tuple(words(given.get("school", ""))),
        topic=tuple(words(given.get("topic", ""))),
        free_words=tuple(words(free)),
    )
    return FindPeople(actor=actor, wanted=wanted, page=_page(args.option_text("page")))


@dataclass(frozen=True, slots=True)
class Ranked:
    hit: DirectoryHit
    score: int
    reasons: tuple[str, ...]
    turn: int  #: place in this seeker's rotation

    def key(self) -> tuple[bool, int, int]:
        room = has_room(self.hit.profile, self.hit.requests_this_month)
        penalty = REQUEST_PENALTY * self.hit.requests_this_month
        return (not room, penalty - self.score, self.turn)


def _school(p: Profile) -> str:
    return f"{p.school} ({p.class_year})" if p.class_year else p.school


@lru_cache(maxsize=65_536)
def _roots(text: str) -> frozenset[str]:
    """The roots of a listing's words, as the index holds them (ranking reads the same
    few hundred roles and topics on every search)."""
    return frozenset(root(w) for w in words(text))


def fit(p: Profile, want: Wanted, seeker_school: tuple[str, ...] = ()) -> tuple[int, list[str]]:
    """Points and the reasons a seeker reads ("works in grocery and food retail")."""
    score, reasons = 0, []
    theirs, their_roles = fields_of(p), role_fields_of(p)

    def add(points: int, reason: str) -> None:
        nonlocal score
        score += points
        if reason not in reasons:
            reasons.append(reason)

    for key in sorted(want.industry & theirs):
        add(POINTS["field"], f"works in {field_label(key)}")
    role_hits = [r for r in p.roles if {root(w) for w in want.role_words} <= _roots(r)]
    if want.role_words and role_hits:
        add(POINTS["role"], f"works as {role_hits[0]}")
    elif want.role & their_roles:
        add(POINTS["role"], f"works in {field_label(sorted(want.role & their_roles)[0])}")
    if want.company and set(want.company) <= set(words(p.company)):
        add(POINTS["company"], f"works at {p.company}")
    if want.school and set(want.school) <= set(words(p.school)):
        add(POINTS["school"], f"studied at {_school(p)}")
    elif seeker_school and set(seeker_school) <= set(words(p.school)):
        add(POINTS["word"], f"went to {_school(p)}, like you")
    topic_roots = {root(w) for w in want.topic}
    for topic in p.topics:
        if topic_roots & _roots(topic):
            add(POINTS["topic"], f"happy to talk about {topic}")
    for word in want.free_words:
        typed = root(word)
        for tag in p.path_tags:
            if typed in _roots(tag):
                add(POINTS["word"], tag)
        for topic in p.topics:
            if typed in _roots(topic):
                add(POINTS["word"], f"happy to talk about {topic}")
        for text, say in (
            *((r, "works as") for r in p.roles),
            *((i, "works in") for i in p.industries),
            (p.company, "works at"),
        ):
            if text and typed in _roots(text):
                add(POINTS["word"], f"{say} {text}")
        if word in words(p.school):
            add(POINTS["word"], f"studied at {_school(p)}")
    if want.free:
        for key in sorted(classify(want.free).all & theirs - want.industry):
            add(POINTS["field"] // 2, f"works in {field_label(key)}")
    return score, reasons


def rank(
    hits: list[DirectoryHit], want: Wanted, start: int, seeker_school: tuple[str, ...] = ()
) -> list[Ranked]:
    ranked = []
    for hit in hits:
        score, reasons = fit(hit.profile, want, seeker_school)
        turn = (hit.profile.listing_rank - start) % RANK_SPACE
        ranked.append(Ranked(hit, score, tuple(reasons[:MAX_REASONS]), turn))
    return sorted(ranked, key=Ranked.key)


async def handle_find(cmd: FindPeople, svc: Services) -> Reply:
    return results_reply(await search_ranked(cmd.actor, cmd.wanted, svc), cmd.wanted, cmd.page)


async def search_ranked(actor: Actor, wanted: Wanted, svc: Services) -> list[Ranked]:
    """The search, ranked: what `people find` pages through (and `people browse`)."""
    now = svc.clock.now()
    year, week, _ = now.isocalendar()
    start = rotation_start(actor, year, week)
    async with svc.uow() as uow:
        hits = await uow.directory.search(
            DirectoryQuery(
                platform=actor.platform,
                workspace_id=actor.workspace_id,
                seeker_id=actor.user_id,
                filters=wanted.filters(),
                now=now,
                start=start,
                limit=CANDIDATES,
            )
        )
        # Members who blocked the seeker drop out unseen; each hit gets its budget used.
        hits = await annotate(uow, actor, hits, now)
        mine = await uow.settings.get(actor)
    seeker_school = tuple(words(mine.school)) if mine and not wanted.school else ()
    return rank(list(hits), wanted, start, seeker_school)


def _nobody(want: Wanted) -> Reply:
    """No one matched: offer the same search with one filter fewer (or browsing), never
    the search that just found nobody. A search too long for a button (Discord carries
    at most MAX_BUTTON_COMMAND characters) gets no button; the footer says what to type."""
    looser: list[Action] = []

    def offer(label: str, line: str) -> None:
        if len(line) <= MAX_BUTTON_COMMAND:
            looser.append(Action(label[:80], line))

    for key, value in want.typed:
        rest = [f"{k}:{quote(v)}" for k, v in want.typed if (k, v) != (key, value)]
        offer(f"Without {key}:{value}", " ".join(["people find", *rest, want.free]).strip())
    if want.free and want.typed:
        typed = (f"{k}:{quote(v)}" for k, v in want.typed)
        offer(f"Without “{want.free}”", " ".join(["people find", *typed]))
    if len(looser) < 2:
        looser = [Action("Browse everyone", "people find")]
    return Reply(
        title="Nobody found",
        text="Nobody listed in the directory matches all of that right now. "
        "Fewer filters, or a broader word, usually finds someone.",
        actions=tuple(looser[:4]),
        footer="`people find` on its own browses everyone who is listed.",
    )


def results_reply(ranked: list[Ranked], want: Wanted, page: int) -> Reply:
    if not ranked:
        return _nobody(want)
    pages = -(-len(ranked) // PAGE_SIZE)
    if page > pages:
        return Reply(
            text=f"There are {pages} page{'s' if pages > 1 else ''} of people for that search.",
            actions=(Action("First page", want.line(1)),),
        )
    first = (page - 1) * PAGE_SIZE
    shown = ranked[first : first + PAGE_SIZE]
    sections = []
    for n, item in enumerate(shown, start=first + 1):
        p = item.hit.profile
        title = " at ".join(v for v in (", ".join(p.roles[:2]), p.company) if v) or "Member"
        why = "; ".join(item.reasons) or "listed and open to chat"
        sections.append(
            Section(
                f"{n}. {title}"[:150],
                (card(p, item.hit.requests_this_month), f"Why: {why}"),
            )
        )
    more = "+" if len(ranked) >= CANDIDATES else ""
    # One "Ask" per person shown: it drafts a request (nothing is sent before Send).
    actions = [
        Action(f"Ask {n}", f"people ask {member_argument(item.hit.profile.user_id)}")
        for n, item in enumerate(shown, start=first + 1)
        if has_room(item.hit.profile, item.hit.requests_this_month)
    ]
    paging, typed = page_buttons(
        ("Back", want.line(page - 1)) if page > 1 else None,
        ("More", want.line(page + 1)) if page < pages else None,
    )
    actions.extend(paging)
    return Reply(
        title="People open to a chat",
        text=f"Showing {first + 1}–{first + len(shown)} of {len(ranked)}{more}. "
        "Ask for 20–30 minutes and say why them; each person sets how many requests "
        "a month they take. “Ask n” drafts a request you check before it's sent.",
        sections=tuple(sections),
        actions=tuple(actions),
        footer=typed,
    )
