"""Turning "which one did you mean?" into buttons that finish the job.

When a name fits several contacts, the code that notices (the contact resolver) knows the
name and the candidates but not the line the person typed; the dispatcher knows the line.
So the resolver raises :class:`bot.errors.ChoiceError` with (label, replacement) pairs and
the dispatcher calls :func:`choice_reply`, which swaps the typed name for each replacement
(``#12``) in the person's own line. A click then runs exactly what they asked for, about
the person they picked: no per-command button code, and every command that names a person
gets the same behaviour.
"""

from __future__ import annotations

import re

from bot.errors import ChoiceError, UsageError
from bot.grammar import parse
from bot.reply import Action, Reply, Tone

#: A Discord button carries its command in a custom id of 100 characters, prefix included;
#: a longer line gets no button (the reply's hint names the numbers to type instead).
MAX_BUTTON_COMMAND = 80
#: The quote pairs the grammar reads (bot/grammar.py), opening then closing.
_QUOTE_PAIRS = (('"', '"'), ("'", "'"), ("“", "”"), ("”", "”"), ("‘", "’"), ("’", "’"), ("«", "»"))


def page_buttons(
    back: tuple[str, str] | None, forward: tuple[str, str] | None
) -> tuple[list[Action], str]:
    """Paging buttons, each (label, command); a command too long for a button (a long
    search) is given as a line to type instead, so no page is out of reach."""
    actions: list[Action] = []
    typed: list[str] = []
    for step, style in ((back, "default"), (forward, "primary")):
        if step is None:
            continue
        label, command = step
        if len(command) <= MAX_BUTTON_COMMAND:
            actions.append(Action(label, command, style))
        else:
            typed.append(f"{label}: `{command}`")
    return actions, "\n".join(typed)


def replace_value(line: str, typed: str, replacement: str) -> str | None:
    """`line` with the value typed as `typed` (bare words or quoted, positional or after
    ``key:``) replaced by `replacement`; None when no whole value matches.

    The first match that re-parses as a value of its own wins, so a name inside a quoted
    note (``"call Dana about it"``) is never the one replaced.
    """
    words = typed.split()
    if not words:
        return None
    body = r"\s+".join(re.escape(word) for word in words)
    quoted = [re.escape(a) + r"\s*" + body + r"\s*" + re.escape(b) for a, b in _QUOTE_PAIRS]
    pattern = re.compile(r"(?:(?<=\s)|(?<=:))(?:" + "|".join([*quoted, body]) + r")(?=\s|$)")
    before = _count(line, replacement)
    if before is None:
        return None
    for match in pattern.finditer(line):
        candidate = line[: match.start()] + replacement + line[match.end() :]
        after = _count(candidate, replacement)
        if after is not None and after > before:
            return candidate
    return None


def _count(line: str, value: str) -> int | None:
    """How many whole values of `line` equal `value` (None if the line does not parse)."""
    try:
        args = parse(line)
    except UsageError:
        return None
    wanted = parse(value).positionals
    if len(wanted) != 1:
        return None
    values = [*args.positionals, *args.options.values()]
    return sum(1 for v in values if v == wanted[0])


def choice_reply(error: ChoiceError, line: str) -> Reply:
    """The question, with one button per reading that can be applied to `line`."""
    actions = []
    for label, replacement in error.choices:
        rewritten = replace_value(line, error.typed, replacement) if line else None
        command = (rewritten or "").strip().removeprefix("/")
        if command and len(command) <= MAX_BUTTON_COMMAND:
            actions.append(Action(label, command))
    text = error.problem
    if error.hint:
        text += f"\n{error.hint}"
    if error.example and not actions:
        text += f"\nTry: `{error.example}`"
    return Reply(text=text, actions=tuple(actions), tone=Tone.WARNING)
