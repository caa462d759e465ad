"""`questions` (a tailored pack) and `questions add|mine|remove` (your own questions)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.commands import Command, CommandSpec
from bot.domain import Actor, Contact, CustomQuestion
from bot.errors import NotFoundError, UsageError
from bot.grammar import Mention, ParsedArgs, quote
from bot.ids import record_id, whole_number
from bot.journal.contacts_lookup import clean_name, find_contact
from bot.journal.render import contact_label
from bot.questions.bank import load_bank, normalise
from bot.questions.prep import PREP_SPEC
from bot.questions.ranking import Suggestion
from bot.questions.suggest import DEFAULT_COUNT, MAX_COUNT, Pack, build_pack
from bot.questions.vocab import (
    CATEGORY_KEYS,
    CATEGORY_LABELS,
    CUSTOM_CATEGORY,
    Goal,
    goal_choices,
    industry_tags,
    parse_goal,
    role_tags,
)
from bot.reply import Action, Reply, Section, Target, TargetKind, Tone
from bot.services import Services

EXAMPLE = "questions for:@jane goal:breaking-in"
ADD_EXAMPLE = 'questions add "What would you do differently if you started again?" category:skills'
MAX_PAGE = 300
MAX_OPTION_CHARS = 100
MAX_CUSTOM_CHARS = 300
MAX_CUSTOM_PER_USER = 200
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
        raise UsageError(
            f"`{text[:40]}` isn't a goal I know.",
            hint="Valid goals: " + goal_choices() + ".",
            example=EXAMPLE,
        )
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
    when short (seniority words in "Senior Designer" matter), else as the tags they
    resolved to; extras are dropped last-first if the line would pass the button limit.
    """
    head = ["questions"]
    if contact is not None:
        head.append(f"for:#{contact.id}")
    tail = [] if cmd.count == DEFAULT_COUNT else [f"count:{cmd.count}"]
    tail.append(f"page:{page}")
    extras = []
    for name, typed, tags in (
        ("industry", cmd.industry, industry_tags(cmd.industry)),
        ("role", cmd.role, role_tags(cmd.role) if cmd.role else frozenset()),
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
    for suggestion in suggestions:
        heading = CATEGORY_LABELS.get(suggestion.question.category, "Questions")
        line = f"{suggestion.question.text} — {suggestion.reason}"
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
    if cmd.industry and not pack.target.industries:
        notes.append(f"I have no questions tagged for “{cmd.industry}” yet; these are general.")
    if cmd.role and not pack.target.roles:
        notes.append(f"I have no questions tagged for the role “{cmd.role}” yet.")
    if goal_saved and pack.target.goal:
        notes.append("Saved as your goal; later packs use it until you change it.")
    if not pack.suggestions:
        first = more_command(cmd, contact, 1)
        return Reply(
            title="No more questions" + (f" for {who}" if who else ""),
            text=f"That's every question that fits ({pack.total} in all).",
            actions=(Action("Start over", first),) if pack.total else (),
        )
    description = pack.describe()
    text = f"Ranked for: {description}." if description else "General questions for any field."
    actions: list[Action] = []
    if pack.has_more and pack.page < MAX_PAGE:
        actions.append(Action("More questions", more_command(cmd, contact, pack.page + 1)))
    if contact is not None:
        prep = f"interview prep #{contact.id}"
        actions.append(Action("Prep pack", prep, target=Target.of(TargetKind.CONTACT, contact.id)))
    return Reply(
        title=(f"Questions for {who}" if who else "Questions to ask")
        + (f" (pack {pack.page})" if pack.page > 1 else ""),
        text="\n".join([text, *notes]),
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
        goal_saved = bool(cmd.goal and cmd.goal != prefs.goal)
        if goal_saved:
            prefs.goal = cmd.goal or ""
            await uow.settings.save(prefs)
            await uow.commit()
    return _pack_reply(cmd, pack, contact, goal_saved)


def _category_slug(text: str) -> str:
    return "-".join(w for w in re.findall(r"[a-z]+", text.lower()) if w not in ("and", "a"))


def category_from(text: str) -> str:
    if not text:
        return CUSTOM_CATEGORY
    slug = _category_slug(text)
    for key in CATEGORY_KEYS:
        if slug in (key, _category_slug(CATEGORY_LABELS[key])) or (
            len(slug) >= 3 and key.startswith(slug)
        ):
            return key
    raise UsageError(
        f"`{text[:40]}` isn't a question category.",
        hint="Categories: " + ", ".join(CATEGORY_KEYS) + ".",
        example=ADD_EXAMPLE,
    )


@dataclass(frozen=True, kw_only=True)
class AddQuestion(Command):
    text: str
    category: str = CUSTOM_CATEGORY


def build_add(args: ParsedArgs, actor: Actor) -> AddQuestion:
    text = " ".join((args.option_text("text") or args.text()).split())
    if len(text) < 8:
        raise UsageError("Write the question you want to add, in quotes.", example=ADD_EXAMPLE)
    if len(text) > MAX_CUSTOM_CHARS:
        raise UsageError(
            f"That question is {len(text)} characters; keep it under {MAX_CUSTOM_CHARS}.",
            example=ADD_EXAMPLE,
        )
    return AddQuestion(actor=actor, text=text, category=category_from(args.option_text("category")))


async def handle_add(cmd: AddQuestion, svc: Services) -> Reply:
    norm = normalise(cmd.text)
    in_bank = next((q for q in load_bank() if q.norm == norm), None)
    if in_bank is not None:
        raise UsageError(
            "That question is already in the bank, so it can come up in your packs anyway.",
            hint=f"Its category: {CATEGORY_LABELS[in_bank.category]}.",
        )
    async with svc.uow() as uow:
        mine = await uow.custom_questions.list(cmd.actor)
        if any(normalise(q.text) == norm for q in mine):
            raise UsageError(
                "You already added that question.", hint="`questions mine` lists them."
            )
        if len(mine) >= MAX_CUSTOM_PER_USER:
            raise UsageError(
                f"You have {len(mine)} questions of your own, the most I keep.",
                hint="Remove some with `questions remove <number>`.",
            )
        question = CustomQuestion(
            platform=cmd.actor.platform,
            workspace_id=cmd.actor.workspace_id,
            user_id=cmd.actor.user_id,
            text=cmd.text,
            category=cmd.category,
            created_at=svc.clock.now(),
        )
        await uow.custom_questions.add(question)
        await uow.commit()
    return Reply(
        title=f"Added question #{question.id}",
        text=f"{cmd.text}\nIt joins your suggestions ({CATEGORY_LABELS[cmd.category]}). "
        "Only you can see it.",
        tone=Tone.SUCCESS,
    )


@dataclass(frozen=True, kw_only=True)
class ListMine(Command):
    pass


async def handle_mine(cmd: ListMine, svc: Services) -> Reply:
    async with svc.uow() as uow:
        mine = await uow.custom_questions.list(cmd.actor)
    if not mine:
        return Reply(text="You haven't added questions of your own yet.", footer=ADD_EXAMPLE)
    return Reply(
        title=f"Your questions ({len(mine)})",
        items=tuple(
            f"#{q.id} {q.text} ({CATEGORY_LABELS.get(q.category, q.category)})" for q in mine
        ),
        footer="Remove one with `questions remove <number>`.",
    )


@dataclass(frozen=True, kw_only=True)
class RemoveQuestion(Command):
    question_id: int


def build_remove(args: ParsedArgs, actor: Actor) -> RemoveQuestion:
    question_id = record_id(args.text())
    if question_id is None:
        raise UsageError(
            "Say which of your questions to remove, by its number.",
            hint="`questions mine` shows the numbers.",
            example="questions remove 3",
        )
    return RemoveQuestion(actor=actor, question_id=question_id)


async def handle_remove(cmd: RemoveQuestion, svc: Services) -> Reply:
    async with svc.uow() as uow:
        mine = await uow.custom_questions.list(cmd.actor)
        question = next((q for q in mine if q.id == cmd.question_id), None)
        if question is None:
            raise NotFoundError(
                f"You have no question #{cmd.question_id}.",
                hint="`questions mine` shows your questions and their numbers.",
            )
        await uow.custom_questions.delete(question)
        await uow.commit()
    return Reply(text=f"Removed question #{cmd.question_id}: {question.text}", tone=Tone.SUCCESS)


SPECS = (
    CommandSpec(
        path=("questions",),
        summary="Questions to ask, tailored to a contact, industry, role or your goal.",
        usage="questions [for:<contact|@member>] [industry:] [role:] "
        "[goal:exploring|breaking-in|changing-careers|business-research] [count:8] [page:]",
        example=EXAMPLE,
        build=build_suggest,
        handle=handle_suggest,
        options=("for", "contact", "industry", "role", "goal", "count", "page"),
    ),
    CommandSpec(
        path=("questions", "add"),
        summary="Add a question of your own; it joins your suggestions.",
        usage='questions add "<question>" [category:]',
        example=ADD_EXAMPLE,
        build=build_add,
        handle=handle_add,
        options=("category", "text"),
    ),
    CommandSpec(
        path=("questions", "mine"),
        summary="List the questions you added.",
        usage="questions mine",
        example="questions mine",
        build=lambda args, actor: ListMine(actor=actor),
        handle=handle_mine,
    ),
    CommandSpec(
        path=("questions", "remove"),
        summary="Remove one of your own questions.",
        usage="questions remove <number>",
        example="questions remove 3",
        build=build_remove,
        handle=handle_remove,
    ),
    PREP_SPEC,
)
