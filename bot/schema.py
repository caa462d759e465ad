"""What a command's inputs are, declared once: the source every platform's surface is built from.

A :class:`~bot.commands.CommandSpec` lists its :class:`Field` objects. From them come the
``key:`` options the text grammar accepts (`CommandSpec.options`), the Discord options
(types, descriptions, choices, autocomplete: adapters/discord/tree.py), both platforms'
forms (:class:`Form`; adapters/slack/modals.py and adapters/discord/modals.py), the usage
line and `help`'s option list (bot/usage.py, bot/general/help.py), and the checks that keep
the Slack manifest and the README's table in step (tests/unit/test_command_schema.py).
Before this, a command was declared in four to six places that drifted apart; now adding a
command means writing its spec.

Nothing here knows a platform: a field says *what* it holds (a contact, a moment, a
choice among values), each adapter decides *how* to ask for it. Descriptions stay within
100 characters and form labels within 45, the tightest limits among the platforms
(Discord's), so no adapter has to cut one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

DESCRIPTION_MAX = 100
LABEL_MAX = 45


class Kind(StrEnum):
    """What a field holds, so each platform can offer the right input for it."""

    TEXT = "text"
    NUMBER = "number"  # a whole number (an item's or a check-in's number, a count)
    CONTACT = "contact"  # one of the person's contacts, by name: platforms may autocomplete
    INTERVIEW = "interview"  # one of the person's interviews, by number: may autocomplete
    MEMBER = "member"  # a member of the workspace (a platform user picker)
    CHOICE = "choice"  # one of `Field.choices`
    DURATION = "duration"  # a length of time: 30m, 2 days
    MOMENT = "moment"  # a date and time in the person's words: forms may offer pickers
    FILE = "file"  # an attachment: the platform hands its bytes over, never into the line


@dataclass(frozen=True)
class Field:
    """One input of a command, with everything a platform needs to ask for it.

    ``positional`` fields are typed as bare words in order (`interview show 3`); a
    positional field with ``keyword`` also takes ``name:`` in text. ``aliases`` are other
    ``key:`` names the text grammar accepts for it (`date:` for `when:`). A ``bare`` field
    is a ``key:`` option that text may also give as the words after the positional ones
    (`checkin add Jane "next Friday" "ask about the team"`); typed input (a Discord option,
    a form) always gives it by name. The usage line is written from all of these
    (:mod:`bot.usage`).
    """

    name: str
    description: str
    kind: Kind = Kind.TEXT
    required: bool = False
    positional: bool = False
    keyword: bool = True
    aliases: tuple[str, ...] = ()
    choices: tuple[tuple[str, str], ...] = ()  # (label, value)
    label: str = ""  # a form's question for it; the description when empty
    placeholder: str = ""
    long: bool = False  # free text that may run to paragraphs (a form's big box)
    bare: bool = False  # a key: option text may also give as trailing words

    def __post_init__(self) -> None:
        if (self.kind is Kind.CHOICE) != bool(self.choices):
            raise ValueError(f"field {self.name!r}: a choice field, and only one, has choices")

    @property
    def keys(self) -> tuple[str, ...]:
        """The ``key:`` names text may give this field under."""
        own = (self.name,) if self.keyword or not self.positional else ()
        return (*own, *self.aliases)

    @property
    def question(self) -> str:
        return self.label or self.description

    def but(self, **changes: object) -> Field:
        """This field with a few attributes changed (a shared field made required, …)."""
        return replace(self, **changes)  # type: ignore[arg-type]


def text(name: str, description: str, **more: object) -> Field:
    """A free-text field (a helper where ``Field`` would clash with ``bot.reply.Field``)."""
    return Field(name, description).but(**more)


def choice(name: str, description: str, *values: str, **more: object) -> Field:
    """A field whose values are shown as they are typed."""
    return Field(name, description, Kind.CHOICE, choices=tuple((v, v) for v in values)).but(**more)


@dataclass(frozen=True)
class Form:
    """A command that is easier to fill in than to type.

    ``fields`` is the whole form: every field of the command but those in ``omit`` when
    left empty; ``short`` the at most five a small form shows (Discord's limit), the first
    five fields when empty. ``required`` are fields the form insists on
    although the command itself has other ways to get them (a contact by name or by
    mention). A platform without a form-opening gesture (Discord) opens it when a command
    arrives with every field in ``opens_without`` empty; with none listed, it never does.

    A form with ``opens_on`` is about one record the command names (`people edit 3`): it
    opens for a line giving those fields (and, for ``opens_if``, those exact values) and
    none of the form's own, holding what the spec's ``prefill`` hook reads for the person
    (:mod:`bot.prefill`); never for the bare command, which names no record.
    """

    title: str  # at most 24 characters (Slack's limit)
    submit: str
    fields: tuple[str, ...] = ()
    short: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    opens_without: tuple[str, ...] = ()
    omit: tuple[str, ...] = ()
    opens_on: tuple[str, ...] = ()
    opens_if: tuple[tuple[str, str], ...] = ()  # (field, value) the line must give too

    def for_fields(self, names: tuple[str, ...]) -> Form:
        """This form with its field list filled in from the command's fields."""
        if self.fields:
            return self
        return replace(self, fields=tuple(n for n in names if n not in self.omit))

    @property
    def small(self) -> tuple[str, ...]:
        return self.short or self.fields[:5]


@dataclass(frozen=True)
class Group:
    """A top-level command word: one Slack slash command, one Discord command group."""

    name: str
    description: str
    hint: str  # Slack's usage hint: the subcommands worth seeing first


GROUPS: tuple[Group, ...] = (
    Group(
        "interview",
        "Log, plan and review your informational interviews",
        'log "Jane Doe" company:Acme when:yesterday | plan | list | show 3 | done 3',
    ),
    Group(
        "contact",
        "Your contacts and who introduced you to whom",
        'add "Ann Lee" company:Globex | list | show "Ann Lee" | chain "Ann Lee"',
    ),
    Group(
        "questions",
        "Good questions for a contact, an industry or a goal",
        'for:@jane goal:breaking-in | add "your question" | mine',
    ),
    Group(
        "outreach",
        "Draft a short, personal request for a conversation",
        'draft "Jane Doe" reason:"your post on payments" | sent "Jane Doe" | profile',
    ),
    Group(
        "checkin",
        "Reminders to prepare, thank and keep in touch",
        'add "Jane Doe" "next Friday 9am" | list | snooze 12 1w | done 12 | settings',
    ),
    Group(
        "actions",
        "The next steps you took from your conversations, in one list",
        'add "Send Jane my CV" for:"Jane Doe" due:Friday | done 3 | undo 3',
    ),
    Group(
        "mentor",
        "Mentoring profiles and mentor matching for your community",
        "join | seek | profile | pause 30d | leave",
    ),
    Group(
        "people",
        "The open-to-chat directory of members happy to be asked for a conversation",
        'find industry:grocery | join role:"data analyst" budget:2 | show | pause | leave',
    ),
    Group(
        "inroads", "Help, your funnel, export and forget-me", "help | stats | export | forget-me"
    ),
)

#: Second words that are groups of their own (`mentor round preview`).
SUBGROUPS = {
    "round": "Admins: mentor matching rounds.",
    "intros": "Companies you can introduce people to.",
}


def group_named(name: str) -> Group:
    """The group's declaration; a group nobody declared yet still gets a plain one."""
    return next((g for g in GROUPS if g.name == name), Group(name, f"Inroads: {name}", "help"))


def groups_for(paths: Iterable[tuple[str, ...]]) -> tuple[Group, ...]:
    """The groups these command paths need, declared ones first in their order: what Slack
    registers as slash commands and the manifest lists."""
    needed = dict.fromkeys(path[0] for path in paths)
    declared = tuple(g for g in GROUPS if g.name in needed)
    return declared + tuple(group_named(n) for n in needed if n not in {g.name for g in GROUPS})
