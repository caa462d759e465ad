"""`questions add|mine|remove`: the questions you write yourself, with coaching on add.

Kept apart from the pack command because adding is about your wording (see
:mod:`bot.questions.coach` for what is checked and why a job ask is held back), while the
pack is about ranking the bank.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.commands import Command
from bot.domain import Actor, CustomQuestion, InterviewStatus
from bot.errors import NotFoundError, UsageError
from bot.grammar import ParsedArgs, quote
from bot.ids import record_id
from bot.ports import UnitOfWork
from bot.questions.bank import load_bank, normalise
from bot.questions.coach import DEFAULT_MINUTES, review, too_many
from bot.questions.vocab import CATEGORY_KEYS, CATEGORY_LABELS, CUSTOM_CATEGORY
from bot.reply import Action, Reply, Tone
from bot.services import Services

ADD_EXAMPLE = 'questions add "What would you do differently if you started again?" category:skills'
MAX_CUSTOM_CHARS = 300
MAX_CUSTOM_PER_USER = 200
ACTION_LIMIT = 89


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
    anyway: bool = False


def build_add(args: ParsedArgs, actor: Actor) -> AddQuestion:
    text = " ".join((args.option_text("text") or args.text()).split())
    if len(text) < 8:
        raise UsageError("Write the question you want to add, in quotes.", example=ADD_EXAMPLE)
    if len(text) > MAX_CUSTOM_CHARS:
        raise UsageError(
            f"That question is {len(text)} characters; keep it under {MAX_CUSTOM_CHARS}.",
            example=ADD_EXAMPLE,
        )
    return AddQuestion(
        actor=actor,
        text=text,
        category=category_from(args.option_text("category")),
        anyway=args.option_text("anyway").lower() in ("yes", "y", "true", "1"),
    )


def _held_back(cmd: AddQuestion, advice_lines: list[str]) -> Reply:
    """A job ask or pitch, not saved: say why, offer a better wording and a way to insist.

    The button carries the whole question, so it is offered only when the command fits a
    button (Discord's limit); otherwise the footer says how to type it.
    """
    again = f"questions add {quote(cmd.text)} anyway:yes"
    if cmd.category != CUSTOM_CATEGORY:
        again += f" category:{cmd.category}"
    fits = len(again) <= ACTION_LIMIT
    return Reply(
        title="Not saved yet",
        text="\n".join([cmd.text, *advice_lines]),
        tone=Tone.WARNING,
        actions=(Action("Save it anyway", again),) if fits else (),
        footer="Nothing was saved."
        + ("" if fits else " To keep it as written, add `anyway:yes` to the command."),
    )


async def _planned_minutes(svc: Services, uow: UnitOfWork, actor: Actor) -> int:
    """The length of your next scheduled conversation, or the usual 20 minutes."""
    now = svc.clock.now()
    upcoming = [
        i
        for i in await uow.interviews.list(actor, status=InterviewStatus.SCHEDULED.value)
        if i.scheduled_at is not None and i.scheduled_at >= now
    ]
    if not upcoming:
        return DEFAULT_MINUTES
    return min(upcoming, key=lambda i: i.scheduled_at or now).duration_minutes or DEFAULT_MINUTES


async def handle_add(cmd: AddQuestion, svc: Services) -> Reply:
    norm = normalise(cmd.text)
    in_bank = next((q for q in load_bank() if q.norm == norm), None)
    if in_bank is not None:
        raise UsageError(
            "That question is already in the bank, so it can come up in your packs anyway.",
            hint=f"Its category: {CATEGORY_LABELS[in_bank.category]}.",
        )
    advice = review(cmd.text)
    if any(a.holds_back for a in advice) and not cmd.anyway:
        return _held_back(cmd, [a.line() for a in advice])
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
        crowded = too_many(len(mine) + 1, await _planned_minutes(svc, uow, cmd.actor))
    tips = [a.line() for a in advice if not a.holds_back]
    if crowded is not None:
        tips.append(crowded.line())
    return Reply(
        title=f"Added question #{question.number}",
        text=f"{cmd.text}\nIt joins your suggestions ({CATEGORY_LABELS[cmd.category]}). "
        "Only you can see it.",
        items=tuple(tips),
        tone=Tone.WARNING if tips else Tone.SUCCESS,
        footer="Saved as written; `questions remove <number>` if you reword it." if tips else "",
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
            f"#{q.number} {q.text} ({CATEGORY_LABELS.get(q.category, q.category)})" for q in mine
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
        question = await uow.custom_questions.by_number(cmd.actor, cmd.question_id)
        if question is None:
            raise NotFoundError(
                f"You have no question #{cmd.question_id}.",
                hint="`questions mine` shows your questions and their numbers.",
            )
        await uow.custom_questions.delete(question)
        await uow.commit()
    return Reply(text=f"Removed question #{cmd.question_id}: {question.text}", tone=Tone.SUCCESS)
