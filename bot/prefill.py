"""Forms opened on a record: `people edit 3` as a form already holding the draft's text.

A button such as a draft's "Edit" runs a command that names one record and leaves out
what the person is to write (or "Ask 2 for an intro", naming a member and a company and
leaving out why). On a platform with forms, that line opens the command's form
(`bot.schema.Form.opens_on`) holding the record's current values, so nobody retypes a
whole message to change a word. Two steps, because a platform has to know at once
whether a form might open (Slack decides before its three-second ack whether the click
goes through the durable inbox): :func:`record_form` reads the line alone;
:func:`open_on_record` then asks the spec's ``prefill`` hook, as the person, for the
starting values.

Privacy and refusals stay the command's: the hook reads only what the person may read,
and when it refuses (someone else's record, one no longer editable) no form opens; the
line then runs as typed, so the person gets exactly the refusal typing it would give,
worded the same on every platform and revealing no more.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot import mentions
from bot.commands import AnySpec
from bot.dispatcher import Dispatcher
from bot.domain import Actor
from bot.errors import UsageError
from bot.grammar import ParsedArgs, Value, member_argument
from bot.reply import read_payload
from bot.schema import Field, Kind

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RecordForm:
    """A line that opens its command's form on a record.

    `given` is what the line already says, by command field (the record's number, the
    answer "suggest"): carried through the form unseen and sent with what is typed.
    `initial` is the form's starting values, by field, filled by :func:`open_on_record`.
    """

    spec: AnySpec
    args: ParsedArgs
    given: dict[str, str]
    initial: Mapping[str, str] = field(default_factory=dict)

    @property
    def path(self) -> tuple[str, ...]:
        return self.spec.path


def _carried(field: Field, value: Value) -> str | None:
    """A value as the form carries it: plain text, or a member (the record an "Ask 2 for
    an intro" button names) written as a line names them, which `bot.typed` reads back as
    that member; None for anything else (a mention where text belongs)."""
    if isinstance(value, str):
        return value
    return member_argument(value.user_id) if field.kind is Kind.MEMBER else None


def _given(spec: AnySpec, args: ParsedArgs) -> dict[str, str] | None:
    """The line's values by field, or None when it does not fit a form on a record: a
    value of the wrong sort, a word too many, or an answer the form would ask for."""
    assert spec.form is not None
    positional = [f for f in spec.fields if f.positional]
    if len(args.positionals) > len(positional):
        return None
    given: dict[str, str] = {}
    for declared, value in zip(positional, args.positionals, strict=False):
        carried = _carried(declared, value)
        if carried is None:
            return None
        given[declared.name] = carried
    for key, value in args.options.items():
        named = next((f for f in spec.fields if key in f.keys), None)
        carried = None if named is None else _carried(named, value)
        if named is None or carried is None:
            return None
        given[named.name] = carried
    if any(name in given for name in spec.form.fields):
        return None
    return given


def record_form(dispatcher: Dispatcher, line: str) -> RecordForm | None:
    """The form `line` would open on a record, judged from the line alone (no storage).

    A button's stored value may lead with the record it was drawn for (`bot.reply`): such
    a button runs as a click, with its staleness check, never as a form."""
    target, command = read_payload(line)
    if target is not None:
        return None
    try:
        spec, args = dispatcher.resolve(mentions.scrub(command))
    except UsageError:
        return None
    form = spec.form
    if form is None or not form.opens_on or spec.prefill is None:
        return None
    given = _given(spec, args)
    if given is None or any(not given.get(name) for name in form.opens_on):
        return None
    for name, wanted in form.opens_if:
        if given.get(name, "").lower() != wanted:
            return None
    return RecordForm(spec, args, given)


async def open_on_record(dispatcher: Dispatcher, actor: Actor, line: str) -> RecordForm | None:
    """The form `line` opens for `actor`, with its starting values; None when it opens
    none (the line then runs as typed, and any refusal is the command's own)."""
    found = record_form(dispatcher, line)
    if found is None or found.spec.prefill is None:
        return None
    try:
        command = found.spec.build(found.args, actor)
        initial = await found.spec.prefill(command, dispatcher.services)
    except UsageError:
        return None
    except Exception:
        # The command, run as typed next, reports (and logs) whatever is wrong.
        log.exception(
            "reading a form's starting values failed",
            extra={"command": found.spec.name, "platform": actor.platform},
        )
        return None
    if initial is None:
        return None
    fields = set(found.spec.form.fields if found.spec.form else ())
    kept = {k: mentions.scrub(v) for k, v in initial.items() if k in fields}
    return RecordForm(found.spec, found.args, found.given, kept)
