"""A command's usage line, written from its fields (`interview show <number>`).

Why generated: usage strings were kept by hand beside the fields and checked against them,
so every new option meant editing two places and the check caught only a missing key, not
a wrong order or a required option shown as optional. Now the fields are the one source:
what `help`, a refusal's hint and the README say about how to type a command follows from
what the command accepts.

The line reads left to right as a person types it: the path, then the words typed bare
(positional fields in their order, then fields that may also be typed as bare words after
them, `Field.bare`), then the ``key:`` options, required ones first. Required parts stand
alone, optional ones are in brackets. A choice shows its values (`medium:coffee|video`),
a bare slot says what goes there (`<number>`, `<name|#id|@member>`), and free text that
needs quotes when it has spaces is shown quoted (`"<text>"`). Aliases and descriptions are
left to `help`'s option list, so the line stays short enough to read at a glance.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.schema import Field, Kind

#: What a bare slot is called when the field's own name would not say it.
_SLOT_BY_KIND = {
    Kind.INTERVIEW: "number|name",
    Kind.MEMBER: "@member",
    Kind.DURATION: "duration",
    Kind.FILE: "file",
}
#: What a required ``key:`` option's value is called, by kind (choices show their values).
_VALUE_BY_KIND = {
    Kind.TEXT: "text",
    Kind.NUMBER: "number",
    Kind.CONTACT: "contact",
    Kind.INTERVIEW: "number",
    Kind.MEMBER: "@member",
    Kind.DURATION: "duration",
    Kind.MOMENT: "when",
    Kind.FILE: "file",
    Kind.CHOICE: "choice",
}
#: A person named by a contact field: by name, by their contact number, or by mention.
PERSON_SLOT = "name|#id|@member"
#: A choice whose values run longer than this shows as a plain `key:` (help lists them).
CHOICES_SHOWN_MAX = 80


def usage_line(path: Iterable[str], fields: Iterable[Field]) -> str:
    """The usage line of the command at `path` with these `fields`.

    A member field (`with:`) is how typed platforms offer a user picker; in text the same
    person is a mention in the contact's place, so the line shows that place instead, as
    required: the command needs one or the other."""
    declared = tuple(fields)
    by_mention = any(f.kind is Kind.MEMBER and not f.positional for f in declared)
    words = [*path]
    for field in declared:
        if field.positional:
            person = by_mention and field.kind is Kind.CONTACT and field.name == "contact"
            words.append(_slot(field.but(required=True) if person else field))
    words += [_slot(f) for f in declared if f.bare and not f.positional]
    keyed = [
        f
        for f in declared
        if not (f.positional or f.bare or (by_mention and f.kind is Kind.MEMBER))
    ]
    words += [_option(f) for f in keyed if f.required]
    words += [_option(f) for f in keyed if not f.required]
    return " ".join(words)


def _choices(field: Field) -> str:
    return "|".join(f'"{value}"' if " " in value else value for _, value in field.choices)


def _shows_choices(field: Field) -> bool:
    return bool(field.choices) and len(_choices(field)) <= CHOICES_SHOWN_MAX


def _slot(field: Field) -> str:
    """A bare word's place: `<number>`, `"<text>"`, `[name|#id|@member]`, `yes|no`."""
    if field.kind is Kind.CHOICE:
        values = _choices(field)
        return values if field.required else f"[{values}]"
    if field.kind is Kind.CONTACT and field.name == "contact":
        name = PERSON_SLOT
    elif field.kind is Kind.NUMBER:
        name = "number" if field.name in ("id", "number") else f"{field.name} number"
    else:
        name = _SLOT_BY_KIND.get(field.kind, field.name)
    if not field.required:
        return f"[{name}]"
    if field.kind is Kind.TEXT:
        return f'"<{name}>"'  # free text: quoted when it has spaces
    return f"<{name}>"


def _option(field: Field) -> str:
    """A ``key:`` option: `kind:referral|offer`, `until:<when>`, `[company:]`."""
    if _shows_choices(field):
        shown = f"{field.name}:{_choices(field)}"
    elif field.required:
        shown = f"{field.name}:<{_VALUE_BY_KIND[field.kind]}>"
    else:
        shown = f"{field.name}:"
    return shown if field.required else f"[{shown}]"
