"""Tenant and owner isolation, proved through commands on SQLite and PostgreSQL.

Twelve people: two workspaces on each platform (slack, discord, console), and in each the
SAME two user ids (U1, U2), so any query that forgets platform, workspace or user mixes
them up. Everyone first writes data with every command that writes (each spec's example,
with a unique marker string planted in its free-text fields and names). Then every person
runs every read command (and every command that takes an id, with ids of other people's
rows), and we assert:

* no reply (text, fields, items, sections, buttons, attachments) contains a marker
  planted by anyone else — journal data is private; mentoring profile and directory
  listing markers may be seen only inside the same workspace (matching shows profiles to
  members and admins, the directory to members who search it);
* no row that is not the prober's own changed (full table snapshots before/after).

Everything is derived from ``bot.registry.all_specs()``: commands added later are covered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.bootstrap import build_dispatcher, build_services
from bot.commands import AnySpec
from bot.dispatcher import INTERNAL_ERROR_TEXT, Dispatcher
from bot.domain import Actor
from bot.grammar import Mention, parse, quote
from bot.registry import all_specs
from bot.reply import Reply
from storage.engine import session_factory
from storage.uow import SqlUnitOfWorkFactory
from tests.dbstate import Row, reflect, row_owner, snapshot
from tests.fakes import FixedClock, RecordingNotifier

WORKSPACES = {"slack": ("T0A", "T0B"), "discord": ("9001", "9002"), "console": ("local", "lab")}
USERS = ("U1", "U2")
ACTORS = tuple(
    Actor(platform, ws, user, f"{user}@{ws}")
    for platform, spaces in WORKSPACES.items()
    for ws in spaces
    for user in USERS
)
#: Options whose value is free text a person would consider theirs.
MARKABLE_OPTIONS = frozenset(
    [
        "notes",
        "note",
        "takeaways",
        "actions",
        "action_items",
        "company",
        "role",
        "industry",
        "how",
        "bio",
        "topics",
        "text",
        "title",
        "about",
        "goal",
        "summary",
        "message",
        "referred_by",
        "referrer",
        "name",
    ]
)
READ_VERBS = frozenset(
    [
        "list",
        "show",
        "chain",
        "stats",
        "export",
        "profile",
        "mine",
        "preview",
        "help",
        "history",
        "funnel",
        "settings",
        "questions",
        "draft",
        "status",
        "find",
    ]
)
#: Groups whose profiles members of the same workspace may see (matching, the directory).
COMMUNITY_GROUPS = frozenset({"mentor", "people"})
FOREIGN_ID_SAMPLE = 6


def marker(actor: Actor, kind: str) -> str:
    """A token no other token contains: fixed width, unique per actor and kind."""
    return f"zq{kind}{ACTORS.index(actor):02d}x"


def _mark_line(spec: AnySpec, line: str, token: str) -> str:
    """The example line with `token` appended to its names and free-text options."""
    args = parse(line).shifted(len(spec.path))
    words = [" ".join(spec.path)]
    for value in args.positionals:
        text = value if isinstance(value, str) else None
        if text is not None and (" " in text or text[:1].isupper()):
            text = f"{text} {token}"
        words.append(quote(text) if text is not None else _mention(value))
    options = dict(args.options)
    for key in spec.options:
        if key in MARKABLE_OPTIONS and key not in options:
            options[key] = token
    for key, value in options.items():
        if isinstance(value, Mention):
            words.append(f"{key}:{_mention(value)}")
        elif key in MARKABLE_OPTIONS:
            words.append(f"{key}:{quote(f'{value} {token}'.strip())}")
        else:
            words.append(f"{key}:{quote(value)}")
    return " ".join(words)


def _mention(value: object) -> str:
    assert isinstance(value, Mention)
    return f"<@{value.user_id}>"


def reply_text(reply: Reply) -> str:
    parts = [reply.plain_text(), *(a.command + " " + a.label for a in reply.actions)]
    for attachment in reply.attachments:
        parts.append(attachment.filename + attachment.title)
        parts.append(attachment.content.decode("utf-8", errors="ignore"))
    return "\n".join(parts)


def _is_read(spec: AnySpec) -> bool:
    return bool(set(spec.path[1:] or spec.path) & READ_VERBS) and spec.path[-1] != "run"


def _takes_id(spec: AnySpec) -> bool:
    rest = parse(spec.example).positionals[len(spec.path) :]
    return bool(rest) and isinstance(rest[0], str) and rest[0].isdigit()


@dataclass
class World:
    engine: AsyncEngine
    dispatcher: Dispatcher
    planted: dict[str, Actor] = field(default_factory=dict)  # marker -> owner
    writes_ok: int = 0

    async def say(self, actor: Actor, line: str) -> Reply:
        reply = await self.dispatcher.run_text(actor, line)
        assert INTERNAL_ERROR_TEXT not in reply.text, f"{actor.key} crashed on {line!r}"
        return reply

    async def populate(self) -> None:
        for actor in ACTORS:
            for spec in self.dispatcher.specs:
                if _is_read(spec) or spec.path[-1] in {"run", "drop"} or "forget" in spec.name:
                    continue  # admin setup (e.g. `mentor config`) runs: U1 becomes admin
                kind = "p" if spec.path[0] in COMMUNITY_GROUPS else "j"
                token = marker(actor, kind)
                reply = await self.say(actor, _mark_line(spec, spec.example, token))
                if reply.is_error:  # the example may need state; the plain one still writes
                    reply = await self.say(actor, spec.example)
                else:
                    self.planted[token] = actor
                self.writes_ok += not reply.is_error

    def leaks(self, viewer: Actor, text: str) -> list[str]:
        found = []
        for token in re.findall(r"zq[jp]\d\dx", text):
            owner = self.planted.get(token) or ACTORS[int(token[3:5])]
            if owner == viewer:
                continue
            same_workspace = owner.key[:2] == viewer.key[:2]
            if token[2] == "p" and same_workspace:
                continue  # a mentoring profile is visible inside its own community
            found.append(f"{token} (owned by {owner.key})")
        return found


def _changed_foreign(
    before: dict[str, set[Row]], after: dict[str, set[Row]], tables: dict[str, object], me: Actor
) -> list[str]:
    problems = []
    for name in before:
        table = tables[name]
        diff = before[name] ^ after.get(name, set())
        for row in diff:
            platform, workspace, user = row_owner(table, row)  # type: ignore[arg-type]
            mine = (platform, workspace) == me.key[:2] and user in (me.user_id, None)
            if not mine:
                problems.append(f"{name}: {row}")
    return problems


def _probe_lines(spec: AnySpec, foreign_ids: list[int], neighbour: Actor) -> list[str]:
    path = " ".join(spec.path)
    lines = []
    if _is_read(spec):
        lines += [path, spec.example, f"{path} <@{neighbour.user_id}>"]
    if _takes_id(spec):
        extra = " confirm:yes" if "confirm" in spec.options else ""
        lines += [f"{path} {i}{extra}" for i in foreign_ids]
    return lines


async def test_no_one_sees_or_changes_anyone_elses_rows(engine: AsyncEngine) -> None:
    services = build_services(
        SqlUnitOfWorkFactory(session_factory(engine)),
        clock=FixedClock(),
        notifier=RecordingNotifier(),
    )
    world = World(engine, build_dispatcher(services))
    await world.populate()
    tables = await reflect(engine)
    by_name = {t.name: t for t in tables}
    state = await snapshot(engine, tables)
    owners_with_rows = {row_owner(by_name[n], r) for n, rows in state.items() for r in rows} - {
        (None, None, None)
    }
    # The fixture is meaningful only if everyone really has private rows to leak.
    assert {a.key for a in ACTORS} <= owners_with_rows, "some actor wrote nothing"
    assert len({a for a in world.planted.values()}) == len(ACTORS), "markers not planted"

    all_ids = sorted(
        {
            r[[c.name for c in by_name[n].columns].index("id")]
            for n, rows in state.items()
            if "id" in by_name[n].columns
            for r in rows
        }
    )
    step = max(1, len(all_ids) // FOREIGN_ID_SAMPLE)
    sample = all_ids[::step][:FOREIGN_ID_SAMPLE] + all_ids[-2:]
    probed = 0
    admin_answers: dict[str, int] = {}
    for index, actor in enumerate(ACTORS):
        neighbour = ACTORS[index ^ 1]  # same workspace, the other user id
        before = await snapshot(engine, tables)
        for spec in world.dispatcher.specs:
            for line in _probe_lines(spec, sample, neighbour):
                reply = await world.say(actor, line)
                probed += 1
                leaks = world.leaks(actor, reply_text(reply))
                assert not leaks, f"{actor.key} ran {line!r} and saw {leaks}"
                if spec.admin_only and not reply.is_error:
                    admin_answers[spec.name] = admin_answers.get(spec.name, 0) + 1
        after = await snapshot(engine, tables)
        changed = _changed_foreign(before, after, by_name, actor)
        assert not changed, f"{actor.key}'s reads changed others' rows: {changed[:5]}"
    assert probed > len(ACTORS)
    # Admin reads really ran as an admin somewhere (else "admins see no notes" is vacuous).
    admin_reads = {s.name for s in world.dispatcher.specs if s.admin_only and _is_read(s)}
    assert not admin_reads or admin_answers, f"no admin read ever answered: {admin_reads}"


async def test_forget_me_erases_only_the_speaker(engine: AsyncEngine) -> None:
    """Erasure is the most dangerous write: it must take the speaker's rows and no one else's
    (the speaker shares a user id with people in five other workspaces/platforms)."""
    viewer = ACTORS[5]
    specs = all_specs()
    forget = next((s for s in specs if "forget" in s.name), None)
    if forget is None:
        pytest.skip("no forget-me command registered yet")
    services = build_services(
        SqlUnitOfWorkFactory(session_factory(engine)),
        clock=FixedClock(),
        notifier=RecordingNotifier(),
    )
    world = World(engine, build_dispatcher(services, specs))
    await world.populate()
    tables = await reflect(engine)
    by_name = {t.name: t for t in tables}
    before = await snapshot(engine, tables)
    confirm = " confirm:yes" if "confirm" in forget.options else ""
    reply = await world.say(viewer, forget.example + confirm)
    assert not reply.is_error, reply.text
    # forget-me asks first; confirm the way a click on its button would.
    confirm = next((a.command for a in reply.actions if "confirm:yes" in a.command), None)
    if confirm is not None:
        reply = await world.say(viewer, confirm)
        assert not reply.is_error, reply.text
    after = await snapshot(engine, tables)
    assert not _changed_foreign(before, after, by_name, viewer)
    remaining = [
        r for n, rows in after.items() for r in rows if row_owner(by_name[n], r) == viewer.key
    ]
    assert not remaining, f"forget-me left rows of {viewer.key}: {remaining[:3]}"
