"""`questions` (a tailored pack) and the command table for the whole `questions` family;
your own questions (`questions add|mine|remove`) live in :mod:`bot.questions.mine`."""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands import Command, CommandSpec
from bot.domain import Actor, Contact
from bot.errors import UsageError
from bot.fields import CATEGORY, GOAL, INDUSTRY, ROLE, number
from bot.grammar import Mention, ParsedArgs, quote
from bot.ids import whole_number
from bot.journal.contacts_lookup import clean_name, find_contact
from bot.journal.render import contact_label
from bot.questions.fields import classify
from bot.questions.goal_memory import GOAL_SAVED, remember_goal
from bot.questions.mine import (
    ADD_EXAMPLE,
    ListMine,
    build_add,
    build_remove,
    handle_add,
    handle_mine,
    handle_remove,
)
from bot.questions.prep import PREP_SPEC
from bot.questions.ranking import Suggestion
from bot.questions.research import RESEARCH_SPEC
from bot.questions.suggest import DEFAULT_COUNT, MAX_COUNT, Pack, build_pack
from bot.questions.vocab import (
    CATEGORY_LABELS,
    Goal,
    parse_goal,
    unknown_goal,
)
from bot.reply import Action, Reply, Section, Target, TargetKind
from bot.schema import Kind, choice, text
from bot.services import Services

EXAMPLE = "questions for:@jane goal:breaking-in"
MAX_PAGE = 300
MAX_OPTION_CHARS = 100
ACTION_LIMIT = 89
SHORT_TYPED = 30


def parse_int(text: str, *, name: str, low: int, high: int, default: int) -> int:
    if not text:
        return default
    number = whole_number(text, low, high)
    if number is None:
        raise UsageError(
            f"`{name}:` should be a whole number from {low} to {high}, not `{text[:20]}`.",
            example=f"questions {name}:{min(high, max(low, default + 1))}",
        )
    return number


def goal_from(text: str) -> Goal | None:
    if not text:
        return None
    goal = parse_goal(text)
    if goal is None:
        raise unknown_goal(text, example=EXAMPLE)
    return goal


def _short_option(args: ParsedArgs, name: str) -> str:
    value = args.option_text(name)
    if len(value) > MAX_OPTION_CHARS:
        raise UsageError(f"`{name}:` is too long; a few words will do.", example=EXAMPLE)
    return value


@dataclass(frozen=True, kw_only=True)
class SuggestQuestions(Command):
    who: str | Mention | None = None
    industry: str = ""
    role: str = ""
    goal: str | None = None
    count: int = DEFAULT_COUNT
    page: int = 1


def build_suggest(args: ParsedArgs, actor: Actor) -> SuggestQuestions:
    raw_who = args.option("for", "contact")
    if raw_who is None and args.positionals:
        only = args.positionals[0]
        raw_who = only if len(args.positionals) == 1 and isinstance(only, Mention) else args.text()
    who = clean_name(raw_who, example=EXAMPLE) if raw_who else None
    goal = goal_from(args.option_text("goal"))
    return SuggestQuestions(
        actor=actor,
        who=who,
        industry=_short_option(args, "industry"),
        role=_short_option(args, "role"),
        goal=goal.key if goal else None,
        count=parse_int(
            args.option_text("count"), name="count", low=1, high=MAX_COUNT, default=DEFAULT_COUNT
        ),
        page=parse_int(args.option_text("page"), name="page", low=1, high=MAX_PAGE, default=1),
    )


def more_command(cmd: SuggestQuestions, contact: Contact | None, page: int) -> str:
    """The `more` button's command: the same request, next page, under the action limit.

    The goal is left out on purpose: a goal given with a request is saved as the user's
    goal, so the next page reads it from settings. Typed industry/role are carried as typed
    when short (seniority words in "Senior Designer" matter), else as the field keys they
    resolved to; extras are dropped last-first if the line would pass the button limit.
    """
    head = ["questions"]
    if contact is not None:
        head.append(f"for:#{contact.number}")
    tail = [] if cmd.count == DEFAULT_COUNT else [f"count:{cmd.count}"]
    tail.append(f"page:{page}")
    extras = []
    for name, typed, tags in (
        ("industry", cmd.industry, classify("", cmd.industry).all if cmd.industry else frozenset()),
        ("role", cmd.role, classify(cmd.role).all if cmd.role else frozenset()),
    ):
        if typed and tags:
            value = typed if len(typed) <= SHORT_TYPED else ",".join(sorted(tags))
            extras.append(f"{name}:{quote(value)}")
    while extras and len(" ".join([*head, *extras, *tail])) > ACTION_LIMIT:
        extras.pop()
    return " ".join([*head, *extras, *tail])


def pack_sections(suggestions: tuple[Suggestion, ...]) -> tuple[Section, ...]:
    """One section per category, each question followed by why it was chosen."""
    sections: list[Section] = []
    used: set[str] = set()
    for suggestion in suggestions:
        heading = CATEGORY_LABELS.get(suggestion.question.category, "Questions")
        line = f"{suggestion.question.text} — {suggestion.reason_in(used)}"
        if sections and sections[-1].heading == heading:
            sections[-1] = Section(heading, (*sections[-1].lines, line))
        else:
            sections.append(Section(heading, (line,)))
    return tuple(sections)


def _pack_reply(
    cmd: SuggestQuestions, pack: Pack, contact: Contact | None, goal_saved: bool
) -> Reply:
    who = contact_label(contact) if contact else ""
    notes: list[str] = []
    if pack.target.field_unknown:
        typed = cmd.role or cmd.industry or (contact.role or contact.industry if contact else "")
        named = f" ({typed})" if typed else ""
        notes.append(
            f"I don't know this field{named} yet, so these are questions for anyone. "
            "Another field's questions would only mislead you."
        )
    if goal_saved and pack.target.goal:
        notes.append(GOAL_SAVED)
    if not pack.suggestions:
        first = more_command(cmd, contact, 1)
        return Reply(
            title="No more questions" + (f" for {who}" if who else ""),
            text=f"That's every question that fits ({pack.total} in all).",
            actions=(Action("Start over", first),) if pack.total else (),
        )
    description = pack.describe()
    text = f"Ranked for: {description}." if description else "General questions for any field."
    if pack.target.field_unknown and not description:
        text = ""
    actions: list[Action] = []
    if pack.has_more and pack.page < MAX_PAGE:
        actions.append(Action("More questions", more_command(cmd, contact, pack.page + 1)))
    if contact is not None:
        prep = f"interview prep #{contact.number}"
        actions.append(
            Action("Prep pack", prep, target=Target.of(TargetKind.CONTACT, contact.number))
        )
    return Reply(
        title=(f"Questions for {who}" if who else "Questions to ask")
        + (f" (pack {pack.page})" if pack.page > 1 else ""),
        text="\n".join(t for t in [text, *notes] if t),
        sections=pack_sections(pack.suggestions),
        actions=tuple(actions),
        footer='Add your own with `questions add "..."`; set a goal with `goal:`.',
    )


async def handle_suggest(cmd: SuggestQuestions, svc: Services) -> Reply:
    async with svc.uow() as uow:
        prefs = await uow.settings.get_or_default(cmd.actor)
        contact = None
        if cmd.who is not None:
            contact = await find_contact(uow, cmd.actor, cmd.who, example=EXAMPLE)
        goal = cmd.goal or prefs.goal or None
        pack = await build_pack(
            uow,
            cmd.actor,
            contact,
            industry=cmd.industry,
            role=cmd.role,
            goal=goal,
            count=cmd.count,
            page=cmd.page,
        )
        goal_saved = await remember_goal(uow, prefs, cmd.goal)
        if goal_saved:
            await uow.commit()
    return _pack_reply(cmd, pack, contact, goal_saved)


SPECS = (
    CommandSpec(
        path=("questions",),
        summary="Questions to ask, tailored to a contact, industry, role or your goal.",
        example=EXAMPLE,
        build=build_suggest,
        handle=handle_suggest,
        fields=(
            text("for", "A contact of yours", kind=Kind.CONTACT, aliases=("contact",)),
            INDUSTRY,
            ROLE,
            GOAL,
            text("count", "How many questions (up to 20)", kind=Kind.NUMBER),
        ),
        options=("page",),
        bare_name="suggest",
    ),
    CommandSpec(
        path=("questions", "add"),
        summary="Add a question of your own; it joins your suggestions.",
        example=ADD_EXAMPLE,
        build=build_add,
        handle=handle_add,
        fields=(
            text("text", "The question", required=True, positional=True),
            CATEGORY,
            choice("anyway", "Save a job ask or pitch as written", "yes"),
        ),
    ),
    CommandSpec(
        path=("questions", "mine"),
        summary="List the questions you added.",
        example="questions mine",
        build=lambda args, actor: ListMine(actor=actor),
        handle=handle_mine,
    ),
    CommandSpec(
        path=("questions", "remove"),
        summary="Remove one of your own questions.",
        example="questions remove 3",
        build=build_remove,
        handle=handle_remove,
        fields=(number("id", "Question number (see /questions mine)").but(keyword=False),),
    ),
    PREP_SPEC,
    RESEARCH_SPEC,
)
