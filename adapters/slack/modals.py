"""Modal forms built from the form a command's spec declares, validated by the core's builder.

A spec's `form` (bot/schema.py) names its fields; each becomes a Slack input chosen by the
field's kind, labelled with its question, filling the grammar option it declares. On
submit the adapter also writes the same command text a person could have typed
(`bot.grammar.quote` keeps values intact).

Validation builds the command from the typed values (`bot.typed.build_typed`), whose
refusal names the field it belongs to; the message shows under that field's block
(`response_action: errors`). Nothing is written: handlers run only after this. The form
then runs as its command text, which is what the durable inbox keeps.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import (
    DatePickerElement,
    InputBlock,
    NumberInputElement,
    Option,
    PlainTextInputElement,
    StaticSelectElement,
    TimePickerElement,
)
from slack_sdk.models.views import View

from bot.commands import AnySpec
from bot.dispatcher import Dispatcher
from bot.domain import Actor
from bot.errors import UsageError
from bot.grammar import quote
from bot.mentions import plain
from bot.reply import Reply
from bot.schema import Field, Kind
from bot.typed import build_typed, line_for

CALLBACK_ID = "inroads_form"
VALUE_ACTION = "value"


@dataclass(frozen=True)
class FormField:
    key: str
    label: str
    options: tuple[str, ...]  # grammar option names; the first the spec accepts is used
    kind: str = "text"  # text | long | date | time | select | number
    required: bool = False
    choices: tuple[str, ...] = ()
    placeholder: str = ""
    source: str = ""  # the command field it fills (a date and a time fill one moment)

    @property
    def block_id(self) -> str:
        return f"f_{self.key}"


@dataclass(frozen=True)
class Form:
    path: tuple[str, ...]
    title: str  # Slack allows 24 characters
    submit: str
    fields: tuple[FormField, ...]


def slack_form(spec: AnySpec) -> Form:
    """A spec's declared form (bot/schema.py) as Slack inputs: a moment becomes a date and
    a time picker that fill one option together, a choice a menu, a number a number box."""
    assert spec.form is not None
    declared = spec.form
    fields: list[FormField] = []
    for name in declared.fields:
        field = spec.field(name)
        required = field.required or name in declared.required
        if field.kind is Kind.MOMENT:
            stem = "" if name == "when" else f"{name}_"
            fields += [
                FormField(f"{stem}date", "Date", field.keys, "date", required, source=name),
                FormField(f"{stem}time", "Time", field.keys, "time", source=name),
            ]
            continue
        fields.append(
            FormField(
                name,
                field.question,
                field.keys,
                kind=_input_kind(field),
                required=required,
                choices=tuple(value for _, value in field.choices),
                placeholder=field.placeholder,
                source=name,
            )
        )
    return Form(spec.path, declared.title, declared.submit, tuple(fields))


def _input_kind(field: Field) -> str:
    if field.long:
        return "long"
    if field.kind is Kind.NUMBER:
        return "number"
    return "select" if field.choices else "text"


def forms(specs: Sequence[AnySpec]) -> dict[str, Form]:
    """Every command with a form, by its name (`interview log`)."""
    return {spec.name: slack_form(spec) for spec in specs if spec.form is not None}


def form_for(dispatcher: Dispatcher, name: str) -> tuple[Form, AnySpec] | None:
    """The form for a command, if the core has that command and it declares one."""
    spec = next((s for s in dispatcher.specs if s.name == name), None)
    if spec is None or spec.form is None:
        return None
    return slack_form(spec), spec


def _option_for(field: FormField, spec: AnySpec) -> str | None:
    return next((o for o in field.options if o in spec.options), None)


def visible_fields(form: Form, spec: AnySpec) -> list[tuple[FormField, str]]:
    return [(f, opt) for f in form.fields if (opt := _option_for(f, spec)) is not None]


def _element(field: FormField, initial: str = "") -> Any:
    if field.kind == "date":
        return DatePickerElement(action_id=VALUE_ACTION)
    if field.kind == "time":
        return TimePickerElement(action_id=VALUE_ACTION)
    if field.kind == "number":
        return NumberInputElement(action_id=VALUE_ACTION, is_decimal_allowed=False, min_value="0")
    if field.kind == "select":
        return StaticSelectElement(
            action_id=VALUE_ACTION,
            placeholder="Choose…",
            options=[Option(value=c, text=c) for c in field.choices],
        )
    limit = 2900 if field.kind == "long" else 200
    return PlainTextInputElement(
        action_id=VALUE_ACTION,
        multiline=field.kind == "long",
        max_length=limit,
        placeholder=field.placeholder or None,
        initial_value=initial[:limit] or None,
    )


def build_view(
    form: Form,
    spec: AnySpec,
    metadata: Mapping[str, str],
    initial: Mapping[str, str] | None = None,
    given: Mapping[str, str] | None = None,
) -> View:
    """The modal; `initial` prefills text inputs by command field (a shortcut's message,
    a draft being edited). `given` is what the line opening it already said (the record's
    number: `bot.prefill`), kept in the view's metadata and sent with the answers."""
    initial = initial or {}
    if given:
        metadata = {**metadata, "given": json.dumps(dict(given))}
    blocks = [
        InputBlock(
            block_id=field.block_id,
            label=field.label,
            element=_element(
                field,
                ""
                if field.kind not in ("text", "long")
                else initial.get(field.source or field.key, ""),
            ),
            optional=not field.required,
        )
        for field, _ in visible_fields(form, spec)
    ]
    return View(
        type="modal",
        callback_id=CALLBACK_ID,
        title=form.title,
        submit=form.submit,
        close="Cancel",
        blocks=blocks,
        private_metadata=json.dumps({"form": " ".join(form.path), **metadata}),
    )


def read_state(state: Mapping[str, Any], form: Form, spec: AnySpec) -> dict[str, str]:
    """Field key -> submitted text (empty fields left out)."""
    values = state.get("values", {})
    found: dict[str, str] = {}
    for field, _ in visible_fields(form, spec):
        element = values.get(field.block_id, {}).get(VALUE_ACTION, {})
        raw = (
            element.get("value")
            or element.get("selected_date")
            or element.get("selected_time")
            or (element.get("selected_option") or {}).get("value")
        )
        if raw is not None and str(raw).strip():
            found[field.key] = str(raw).strip()
    return found


def command_text(form: Form, spec: AnySpec, values: Mapping[str, str]) -> str:
    """The command line equivalent to the submitted form (fields sharing an option join)."""
    by_option: dict[str, list[str]] = {}
    for field, option in visible_fields(form, spec):
        if field.key in values:
            by_option.setdefault(option, []).append(values[field.key])
    parts = [" ".join(form.path)]
    parts.extend(f"{option}:{quote(' '.join(v))}" for option, v in by_option.items())
    return " ".join(parts)


def typed_values(
    form: Form, spec: AnySpec, values: Mapping[str, str], given: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Command field -> submitted text (a date and a time joined into one moment), after
    what the opening line gave (`build_view`'s `given`; a typed answer wins)."""
    by_field: dict[str, list[str]] = {}
    for field, _ in visible_fields(form, spec):
        if field.key in values:
            by_field.setdefault(field.source or field.key, []).append(values[field.key])
    names = {f.name for f in spec.fields}
    kept = {k: v for k, v in (given or {}).items() if k in names}
    return {**kept, **{name: " ".join(parts) for name, parts in by_field.items()}}


def given_of(metadata: Mapping[str, Any]) -> dict[str, str]:
    """What the opening line gave, read back from a submitted view's metadata."""
    try:
        found = json.loads(str(metadata.get("given") or "{}"))
    except ValueError:
        return {}
    if not isinstance(found, dict):
        return {}
    return {str(k): str(v) for k, v in found.items()}


def _block_of(form: Form, spec: AnySpec, name: str) -> str:
    """The block showing a command field (its date picker, for a moment)."""
    fields = [f for f, _ in visible_fields(form, spec)]
    return next((f.block_id for f in fields if (f.source or f.key) == name), fields[0].block_id)


def validate(
    dispatcher: Dispatcher,
    form: Form,
    spec: AnySpec,
    values: Mapping[str, str],
    actor: Actor,
    given: Mapping[str, str] | None = None,
) -> tuple[str, dict[str, str]]:
    """Return (command text, errors by block id); errors is empty when the input is usable.

    (`dispatcher` is unused since validation builds from typed values; kept for callers.)"""
    fields = visible_fields(form, spec)
    missing = {
        f.block_id: "This field is required."
        for f, _ in fields
        if f.required and f.key not in values
    }
    if missing:
        return "", missing
    anchors = spec.form.required if spec.form else ()
    typed = typed_values(form, spec, values, given)
    try:
        build_typed(spec, typed, actor, anchors=anchors)
    except UsageError as exc:
        return "", {_block_of(form, spec, exc.field): _message(exc)}
    # A form on a record writes its line from every value: the record's number first.
    return (line_for(spec, typed) if given else command_text(form, spec, values)), {}


def errors_for_reply(
    form: Form, spec: AnySpec, values: Mapping[str, str], reply: Reply
) -> dict[str, str]:
    """A refusal only the handler could make (a logged date in the future, an interview
    number that is not yours) shown on the form, which stays open with what was typed.

    The error goes on the field the refusal names (`Reply.about`); the handler can't be
    re-run field by field to find one (a run that succeeds would write), so a refusal
    naming none goes on the field whose text the message quotes, else on the first."""
    lines = [line for line in plain(reply.text).splitlines() if not line.startswith("Try:")]
    problem = " ".join(lines)
    message = problem.replace("`", "")[:1900] or "That didn't work; check the fields."
    if reply.about:
        return {_block_of(form, spec, reply.about): message}
    fields = [f for f, _ in visible_fields(form, spec)]
    quoted = next(
        (f for f in fields if len(values.get(f.key, "")) >= 2 and values[f.key] in problem),
        fields[0],
    )
    return {quoted.block_id: message}


def _message(exc: UsageError) -> str:
    text = exc.problem + (f" {exc.hint}" if exc.hint else "")
    return text.replace("`", "")[:1900]
