"""Refusing a word that is not one of a fixed set, and offering the one nearly typed.

Why: `kind:referal` or `medium:vidoe` used to get the list of choices and a generic
example about someone else's interview #3. The person had to find their own slip and
retype the line. When the word is close to one choice, the refusal now says which and
carries it as a fix, so the dispatcher shows the person's own line corrected
(bot/hints.py `apply_fixes`), ready to copy.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from bot.errors import UsageError
from bot.grammar import quote

#: How alike a typed word and a choice must be to offer it (difflib's ratio).
CLOSE_ENOUGH = 0.75


def nearest(text: str, choices: Iterable[str]) -> str | None:
    """The one choice `text` nearly spells (case and extra spaces aside), or None."""
    cleaned = " ".join(text.lower().split())
    if not cleaned:
        return None
    found = difflib.get_close_matches(cleaned, list(choices), n=1, cutoff=CLOSE_ENOUGH)
    return found[0] if found else None


def not_a_choice(
    problem: str,
    text: str,
    choices: Iterable[str],
    *,
    hint: str,
    example: str,
    field: str = "",
) -> UsageError:
    """The refusal for `text`, which is none of `choices`: "did you mean" and the fix
    when one is close, else `hint` alone."""
    near = nearest(text, choices)
    if near is None:
        return UsageError(problem, hint=hint, example=example, field=field)
    typed = text.strip()
    # Typed with spaces, the value was inside quotes already: they stay as they were.
    meant = near if " " in typed else quote(near)
    return UsageError(
        problem,
        hint=f"Did you mean {near}? {hint}",
        example=example,
        fixes=((typed, meant),),
        field=field,
    )
