"""Typed input: values a platform collected field by field (Discord options, form inputs)
become the spec's command directly, without being written out as text and parsed again.

The values are laid out as the grammar would have read them (:func:`args_from`) and go
through the spec's own `build`, so validation still has one home. A refusal is pinned on
the field it belongs to (`UsageError.field`): when the builder did not say, the command is
rebuilt leaving out one field at a time, and the field whose absence lets it build is the
culprit (builders are pure: they parse and check, the handler touches storage).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from bot import mentions
from bot.commands import AnySpec, Command
from bot.domain import Actor
from bot.errors import UsageError
from bot.grammar import Mention, ParsedArgs, Value, member_argument, quote, read_member
from bot.schema import Field, Kind

TypedValue = str | int | Mention | None
Values = Mapping[str, TypedValue]


def _given(value: TypedValue) -> bool:
    return value is not None and (not isinstance(value, str) or bool(value.strip()))


def _grammar_value(value: TypedValue) -> Value:
    if isinstance(value, Mention):
        return value
    # Typed text never carries the core's mention tokens, as typed lines don't (run_text).
    return mentions.scrub(str(value)).strip()


def _member_read(field: Field, value: TypedValue) -> TypedValue:
    """A member field's text naming a member as a line does (`<@U42>`) is that member, as
    the grammar reads it: how a form on a record carries one (bot/prefill.py) through a
    platform that keeps only text (Slack's view metadata, the durable inbox)."""
    if field.kind is Kind.MEMBER and isinstance(value, str):
        return read_member(value.strip()) or value
    return value


def args_from(spec: AnySpec, values: Values) -> ParsedArgs:
    """Positional fields in declared order, the others as options; empty values left out."""
    positionals: list[Value] = []
    options: dict[str, Value] = {}
    for field in spec.fields:
        value = _member_read(field, values.get(field.name))
        if field.kind is Kind.FILE or not _given(value):
            continue  # a file's bytes travel beside the line, never in it
        if field.positional:
            positionals.append(_grammar_value(value))
        else:
            options[field.name] = _grammar_value(value)
    return ParsedArgs(tuple(positionals), options)


def line_for(spec: AnySpec, values: Values) -> str:
    """The text a person could type for the same command: what buttons offered with a
    reply (a choice between two contacts, a community to run it in) run again."""
    words = list(spec.path)
    for field in spec.fields:
        value = _member_read(field, values.get(field.name))
        if not _given(value):
            continue
        text = (
            member_argument(value.user_id)
            if isinstance(value, Mention)
            else quote(str(value).strip())
        )
        words.append(text if field.positional else f"{field.name}:{text}")
    return " ".join(words)


def build_typed(
    spec: AnySpec, values: Values, actor: Actor, *, anchors: Collection[str] = ()
) -> Command:
    """The spec's command from typed values; a UsageError names the field it belongs to.

    `anchors` are fields to blame, like required ones, when leaving out a single field does
    not help (a form's own required fields: a name that is too long, say).
    """
    try:
        command: Command = spec.build(args_from(spec, values), actor)
    except UsageError as exc:
        if not exc.field:
            exc.field = blame(spec, values, actor, anchors=anchors)
        raise
    return command


def blame(spec: AnySpec, values: Values, actor: Actor, *, anchors: Collection[str] = ()) -> str:
    """The field a refusal belongs to: the one whose removal lets the rest build; else the
    first required or anchored field given; "" when no single field explains it."""
    given = [f.name for f in spec.fields if _given(values.get(f.name))]
    for name in given:
        if _builds(spec, {n: values[n] for n in given if n != name}, actor):
            return name
    return next((n for n in given if n in anchors or spec.field(n).required), "")


def _builds(spec: AnySpec, values: Values, actor: Actor) -> bool:
    try:
        spec.build(args_from(spec, values), actor)
    except UsageError:
        return False
    return True
