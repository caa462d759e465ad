"""`people browse`: a few members open to a chat at a time, with Previous / Next.

The same search and ranking as `people find` (fit, room this month, the weekly rotation),
shown three at a time so it fits the Slack App Home section and a Discord message with
buttons. Quick filters come from the seeker's own listing (their industry, their school),
so "people like me" is one click; only public fields are ever shown (`view.card`).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.choices import page_buttons
from bot.commands import Command
from bot.directory.find import FindPeople, Ranked, Wanted, build_find, search_ranked
from bot.directory.view import card
from bot.domain import Actor, Profile
from bot.grammar import ParsedArgs, quote
from bot.reply import Action, Reply, Section
from bot.services import Services

PAGE_SIZE = 3
MAX_FILTER_LABEL = 40


@dataclass(frozen=True, kw_only=True)
class BrowsePeople(Command):
    wanted: Wanted
    page: int = 1


def build_browse(args: ParsedArgs, actor: Actor) -> BrowsePeople:
    found: FindPeople = build_find(args, actor)  # the same options, checked the same way
    return BrowsePeople(actor=actor, wanted=found.wanted, page=found.page)


def browse_line(want: Wanted, page: int = 1, **replace: str) -> str:
    """The command for another page, or for the same search with a filter changed."""
    typed = dict(want.typed)
    for key, value in replace.items():
        if value:
            typed[key] = value
        else:
            typed.pop(key, None)
    parts = ["people browse", *(f"{k}:{quote(v)}" for k, v in typed.items())]
    if want.free and not replace:
        parts.append(want.free)
    if page > 1:
        parts.append(f"page:{page}")
    return " ".join(parts)


def _filters(want: Wanted, mine: Profile | None) -> list[Action]:
    """One-click filters from the seeker's own listing, and a way back to everyone."""
    typed = dict(want.typed)
    actions: list[Action] = []
    if mine is not None and mine.industries and "industry" not in typed:
        industry = mine.industries[0]
        actions.append(
            Action(f"In {industry}"[:MAX_FILTER_LABEL], browse_line(want, industry=industry))
        )
    if mine is not None and mine.school and "school" not in typed:
        actions.append(
            Action(f"From {mine.school}"[:MAX_FILTER_LABEL], browse_line(want, school=mine.school))
        )
    if typed or want.free:
        actions.append(Action("Everyone", "people browse"))
    return actions


async def handle_browse(cmd: BrowsePeople, svc: Services) -> Reply:
    ranked = await search_ranked(cmd.actor, cmd.wanted, svc)
    async with svc.uow() as uow:
        mine = await uow.profiles.get(cmd.actor)
    return browse_reply(ranked, cmd.wanted, cmd.page, mine)


def browse_reply(ranked: list[Ranked], want: Wanted, page: int, mine: Profile | None) -> Reply:
    filters = _filters(want, mine)
    pages = max(1, -(-len(ranked) // PAGE_SIZE))
    page = min(page, pages)
    first = (page - 1) * PAGE_SIZE
    shown = ranked[first : first + PAGE_SIZE]
    if not shown:
        return Reply(
            text="Nobody listed matches that right now."
            if want.typed or want.free
            else "Nobody else is listed in the directory yet.",
            actions=tuple(filters),
            footer="`people join` lists you, so others can find you too.",
        )
    lines = tuple(
        f"{card(item.hit.profile, item.hit.requests_this_month)}"
        + (f" — {'; '.join(item.reasons[:2])}" if item.reasons else "")
        for item in shown
    )
    paging, typed = page_buttons(
        ("Previous", browse_line(want, page - 1)) if page > 1 else None,
        ("Next", browse_line(want, page + 1)) if page < pages else None,
    )
    what = ", ".join(f"{k}: {v}" for k, v in want.typed) or want.free or "everyone listed"
    return Reply(
        sections=(Section(f"Page {page} of {pages} ({what})"[:150], lines),),
        actions=(*paging, *filters),
        footer=typed or "`people find` searches with more detail and says why each person fits.",
    )
