"""Errors the core turns into friendly replies (never a stack trace for the user)."""

from __future__ import annotations


class UsageError(Exception):
    """The input cannot be used as given. Carries what went wrong and what would work.

    `fixes` are (typed, meant) word pairs, e.g. ("tuesdy", "tuesday"): the code that knows
    the word is wrong rarely sees the whole line, so the dispatcher, which does, applies
    them to show the corrected line the person can copy.

    `field` names the command field (bot/schema.py) the problem belongs to, when known:
    a form shows the message under that field instead of at the top.
    """

    def __init__(
        self,
        problem: str,
        *,
        example: str = "",
        hint: str = "",
        fixes: tuple[tuple[str, str], ...] = (),
        field: str = "",
    ) -> None:
        super().__init__(problem)
        self.problem = problem
        self.example = example
        self.hint = hint
        self.fixes = fixes
        self.field = field


class NotFoundError(UsageError):
    """The thing named does not exist *for this person* (we never say whose it is)."""


class TransitionError(UsageError):
    """A move the lifecycle does not allow from where a record is now (e.g. thanking
    before the conversation); the message says which command fits instead."""


class ChoiceError(UsageError):
    """The words fit several things (two contacts called Dana, or a near miss): nothing is
    done, and the reply offers each reading as a button.

    `choices` are (label, replacement) pairs: a button runs the person's own line with
    `typed` replaced by `replacement` (e.g. ``#12``), built by the dispatcher, which has
    the line (see :func:`bot.choices.choice_reply`).
    """

    def __init__(
        self,
        problem: str,
        *,
        typed: str,
        choices: tuple[tuple[str, str], ...],
        example: str = "",
        hint: str = "",
    ) -> None:
        super().__init__(problem, example=example, hint=hint)
        self.typed = typed
        self.choices = choices
