"""Every command through real discord.py: a happy path and a bad-input path each.

Every core spec is a Discord command whose options are its fields (bot/schema.py).
"""

from __future__ import annotations

from typing import Any

import discord
import pytest
from discord import app_commands

from adapters.discord.render import COLOURS
from adapters.discord.tree import build_commands
from bot.domain import Actor
from bot.journal.contact_import import ImportContacts
from bot.questions import vocab
from bot.registry import all_specs
from bot.reply import Tone
from tests.discord.conftest import ALICE_ID, BOB_ID, GUILD, DiscordHarness, embed_colour, embed_text

ERROR = COLOURS[Tone.ERROR].value
CONNECTIONS = b"First Name,Last Name,Company,Position\nAnn,Lee,Globex,CTO\nBo,Chen,Initech,\n"
ALICE = Actor("discord", GUILD, ALICE_ID, "Alice")
BOB = Actor("discord", GUILD, BOB_ID, "Bob")
DM = "DM"  # the bad path of commands without free input: a DM from someone in no shared server
NOBODY = {"contact": "Nobody Known"}

# path -> (happy options, bad options or DM). {held}/{planned}/{checkin}/{question} are ids.
SAMPLES: dict[tuple[str, ...], tuple[dict[str, Any], dict[str, Any] | str]] = {
    ("interview", "log"): (
        {"contact": "Jane Doe", "company": "Acme", "when": "yesterday 3pm", "medium": "coffee"},
        {"contact": "Jane Doe", "when": "in 3 days"},
    ),
    ("interview", "list"): ({"status": "held"}, NOBODY),
    ("interview", "plan"): (
        {"contact": "Ann Lee", "when": "tomorrow 3pm"},
        {"contact": "Ann Lee", "when": "when pigs fly"},
    ),
    ("interview", "done"): ({"interview": "{planned}"}, {"interview": "999"}),
    ("interview", "thanked"): ({"interview": "{held}"}, {"interview": "999"}),
    ("interview", "show"): ({"interview": "{held}"}, {"interview": "999"}),
    ("interview", "edit"): ({"interview": "{held}", "notes": "More"}, {"interview": "999"}),
    ("interview", "delete"): ({"interview": "{held}", "confirm": "yes"}, {"interview": "999"}),
    ("interview", "outcome"): (
        {"interview": "{held}", "kind": "job lead", "note": "Apply"},
        {"interview": "999", "kind": "referral"},
    ),
    ("interview", "prep"): (
        {"contact": "Jane Doe", "done": "role"},
        {"contact": "Jane Doe", "done": "banana"},
    ),
    ("contact", "add"): ({"name": "Ann Lee", "company": "Globex"}, {"name": "x" * 300}),
    ("contact", "list"): ({}, DM),
    ("contact", "show"): ({"contact": "Jane Doe"}, NOBODY),
    ("contact", "chain"): ({"contact": "Jane Doe"}, NOBODY),
    ("contact", "research"): (
        {"contact": "Jane Doe", "found": "Gave a talk on payments in May"},
        {"contact": "Jane Doe"},
    ),
    ("contact", "edit"): ({"contact": "Jane Doe", "role": "CTO"}, NOBODY),
    ("contact", "merge"): (
        {"keep": "Jane Doe", "other": "Sam Roe"},
        {"keep": "Jane Doe", "other": "jane doe"},
    ),
    ("contact", "delete"): ({"contact": "Sam Roe"}, NOBODY),
    ("contact", "import"): ({"file": "{connections}"}, {"file": "{binary}"}),
    ("contact", "import", "confirm"): ({}, {"number": "999"}),
    ("contact", "import", "cancel"): ({}, {"number": "999"}),
    ("contact", "import", "undo"): ({}, {"number": "999"}),
    ("inroads", "stats"): ({}, DM),
    ("inroads", "export"): ({}, DM),
    ("inroads", "forget-me"): ({}, DM),
    ("inroads", "help"): ({}, {"topic": "nonsense"}),
    ("checkin", "add"): (
        {"contact": "Jane Doe", "when": "in 3 days", "what": "Say hi"},
        {"contact": "Jane Doe", "when": "when pigs fly"},
    ),
    ("checkin", "list"): ({}, DM),
    ("checkin", "snooze"): ({"id": "{checkin}", "for": "2 days"}, {"id": 999, "for": "2 days"}),
    ("checkin", "done"): ({"id": "{checkin}"}, {"id": 999}),
    ("checkin", "skip"): ({"id": "{checkin}"}, {"id": 999}),
    ("checkin", "cancel"): ({"id": "{checkin}"}, {"id": 999}),
    ("checkin", "stop"): ({"contact": "Jane Doe"}, NOBODY),
    ("checkin", "start"): ({"contact": "Jane Doe"}, NOBODY),
    ("checkin", "settings"): ({"timezone": "Europe/Paris"}, {"timezone": "Mars/Olympus"}),
    ("questions",): ({"goal": "exploring"}, {"for": "Nobody Known"}),
    ("questions", "add"): ({"text": "What surprised you most in your first year?"}, DM),
    ("questions", "mine"): ({}, DM),
    ("actions",): ({}, DM),
    ("actions", "add"): ({"text": "Send Jane my portfolio", "for": "Jane Doe"}, {"text": ""}),
    ("actions", "done"): ({"id": "{action}"}, {"id": 999}),
    ("actions", "undo"): ({"id": "{action}"}, {"id": 999}),
    ("actions", "remove"): ({"id": "{action}"}, {"id": 999}),
    ("questions", "remove"): ({"id": "{question}"}, {"id": 999}),
    ("outreach", "draft"): (
        {"contact": "Jane Doe", "reason": "I read your post on payment teams"},
        {"contact": "Jane Doe", "format": "email", "reason": "x" * 3000},
    ),
    ("outreach", "sent"): ({"contact": "Jane Doe"}, DM),
    ("outreach", "profile"): ({"about": "a final-year economics student"}, DM),
    ("outreach", "who"): ({"field": "UX research", "goal": "changing-careers"}, {"field": ""}),
    ("mentor", "join"): ({"role": "seeker", "industries": "fintech"}, {"capacity": 0}),
    ("mentor", "seek"): ({"industries": "fintech", "goal": "exploring"}, DM),
    ("mentor", "profile"): ({}, DM),
    ("mentor", "pause"): ({"until": "in 4 weeks"}, {"until": "when pigs fly"}),
    ("mentor", "leave"): ({}, DM),
    ("mentor", "avoid"): ({"member": BOB_ID}, {"member": ALICE_ID}),
    ("mentor", "avoid", "remove"): ({"member": BOB_ID}, DM),
    ("mentor", "availability"): ({"answer": "skip"}, DM),
    ("mentor", "active"): ({"answer": "yes"}, DM),
    ("people", "join"): ({"industry": "grocery", "budget": 2}, {"budget": 11}),
    ("people", "find"): ({"industry": "grocery", "words": "pricing"}, {"industry": "grocry"}),
    ("people", "show"): ({}, DM),
    ("people", "pause"): ({"for": "2w"}, {"for": "forever"}),
    ("people", "resume"): ({}, DM),
    ("people", "leave"): ({}, DM),
    ("people", "ask"): (
        {"member": BOB_ID, "reason": "how you got into grocery"},
        {"member": ALICE_ID},
    ),
    ("people", "edit"): ({"request": "{request}"}, {"request": 999}),
    ("people", "send"): ({"request": "{request}"}, {"request": 999}),
    ("people", "cancel"): ({"request": "{request}"}, {"request": 999}),
    ("people", "answer"): (
        {"request": "{incoming}", "answer": "not-now"},
        {"request": 999, "answer": "accept"},
    ),
    ("people", "agree"): ({"request": "{request}"}, {"request": 999}),
    ("people", "requests"): ({}, DM),
    ("people", "block"): ({"member": BOB_ID}, {"member": ALICE_ID}),
    ("people", "unblock"): ({"member": BOB_ID}, {"member": ALICE_ID}),
    ("people", "admin"): ({}, DM),
    ("people", "browse"): ({"industry": "grocery"}, {"industry": "grocry"}),
    ("people", "who-knows"): ({"company": "Acme"}, {"company": "!!"}),
    ("people", "intro-request"): (
        {
            "member": BOB_ID,
            "company": "Acme",
            "reason": "Moving into supply planning, keen to learn",
        },
        {"member": BOB_ID, "company": "Acme", "reason": "hi"},
    ),
    ("people", "intro-answer"): (
        {"request": "{intro}", "answer": "decline"},
        {"request": "999", "answer": "accept"},
    ),
    ("people", "intros", "add"): ({"company": "Acme, Globex"}, {"company": ",,"}),
    ("people", "intros", "remove"): ({"company": "Acme"}, {"company": ",,"}),
    ("people", "intros", "list"): ({}, DM),
    ("people", "intros", "suggest"): ({}, DM),
    ("mentor", "met"): ({"match": "{match}", "answer": "yes"}, {"match": 999, "answer": "yes"}),
    ("mentor", "round", "preview"): ({}, DM),
    ("mentor", "round", "drop"): ({"pair": "{pair}"}, {"pair": 999}),
    ("mentor", "round", "run"): ({}, DM),
    ("mentor", "config"): ({"cadence": "14d"}, {"cadence": "often"}),
    ("mentor", "stats"): ({}, DM),
}


def discord_path(path: tuple[str, ...]) -> tuple[str, ...]:
    """Where a core path lives on Discord: a path that is also a group (`/questions`,
    `/contact import`) is that group's bare-named command."""
    found: Any = None
    for word in path:
        among = build_commands(all_specs()) if found is None else found.commands
        found = next((c for c in among if c.name == word), None)
        if found is None:
            return path
    if isinstance(found, app_commands.Group):
        return (*path, next(s for s in all_specs() if s.path == path).bare_name)
    return path


def leaf_paths() -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []

    def walk(command: Any, prefix: tuple[str, ...]) -> None:
        if isinstance(command, app_commands.Group):
            for child in command.commands:
                walk(child, (*prefix, command.name))
        else:
            out.append((*prefix, command.name))

    for command in build_commands(all_specs()):
        walk(command, ())
    return out


def test_every_spec_has_a_discord_command_with_its_fields() -> None:
    leaves = set(leaf_paths())
    commands = {c.qualified_name: c for c in walk_commands()}
    for spec in all_specs():
        where = discord_path(spec.path)
        assert where in leaves, f"/{spec.name} has no Discord command"
        options = [p.display_name for p in commands[" ".join(where)].parameters]
        assert options == [f.name for f in spec.fields], f"/{spec.name}: options drifted"
    for path in leaves:
        core = core_path(path)
        assert core in SAMPLES, f"add /{' '.join(path)} to SAMPLES"


def test_choices_and_autocomplete_follow_the_fields() -> None:
    commands = {c.qualified_name: c for c in walk_commands()}
    by_name = {" ".join(discord_path(s.path)): s for s in all_specs()}
    goal = option(commands["questions suggest"], "goal")
    assert [c.value for c in goal.choices] == [g.key for g in vocab.GOALS]
    assert option(commands["interview log"], "contact").autocomplete
    for name, command in commands.items():
        for param in command.parameters:
            field = by_name[name].field(param.display_name)
            assert [c.value for c in param.choices] == [v for _, v in field.choices]
            assert param.description == field.description


def option(command: app_commands.Command[Any, Any, Any], name: str) -> app_commands.Parameter:
    return next(p for p in command.parameters if p.display_name == name)


def walk_commands() -> list[app_commands.Command[Any, Any, Any]]:
    out: list[app_commands.Command[Any, Any, Any]] = []

    def walk(command: Any) -> None:
        if isinstance(command, app_commands.Group):
            for child in command.commands:
                walk(child)
        else:
            out.append(command)

    for command in build_commands(all_specs()):
        walk(command)
    return out


def core_path(path: tuple[str, ...]) -> tuple[str, ...]:
    """The core command a Discord leaf runs: a group's bare command (`/questions` is
    `/questions suggest`, `/actions` is `/actions list`) has a leaf of its own there."""
    bare = next((s for s in all_specs() if s.path == path[:-1]), None)
    return path[:-1] if bare is not None and bare.bare_name == path[-1] else path


REQUEST_STEPS = ("edit", "send", "cancel", "answer", "agree")


def _request(bot: DiscordHarness, helper: str) -> int:
    """The id of the latest conversation request to `helper` (999: none)."""
    rows = bot.uow.store.rows.get("conversation_requests", [])
    return next((r.id for r in reversed(rows) if r.helper_id == helper), 999)


async def seed(bot: DiscordHarness, path: tuple[str, ...]) -> dict[str, str]:
    """Alice's journal (a held and a planned interview, a check-in, a question) and a
    mentoring group where Alice is the admin and a seeker, Bob a mentor, with a proposed
    round (sent, for `mentor met`)."""
    run = bot.dispatcher.run_text
    await run(ALICE, 'interview log "Jane Doe" company:Acme when:"2 days ago"')
    await run(ALICE, 'interview plan "Sam Roe" when:"tomorrow 10am"')
    await run(ALICE, 'checkin add "Jane Doe" when:"in 2 days" what:"Say hi"')
    await run(ALICE, 'questions add "What would you do differently?"')
    await run(ALICE, 'actions add "Read her blog post" for:"Jane Doe"')
    await run(ALICE, "mentor config cadence:14d")
    await run(ALICE, "mentor join role:seeker industries:fintech topics:data")
    await run(BOB, "mentor join role:mentor industries:fintech topics:data capacity:2")
    await run(ALICE, "mentor round preview")
    await run(ALICE, "people join industry:grocery")
    await run(BOB, "people join industry:grocery")
    await run(BOB, "people intros add company:Acme")
    if path == ("people", "intro-answer"):  # a request to Alice, for her to answer
        await run(ALICE, "people intros add company:Globex")
        await run(
            BOB,
            "people intro-request @"
            + ALICE_ID
            + ' company:Globex reason:"Keen to learn how Globex plans"',
        )
    if path[0] == "people" and path[1] in ("ask", *REQUEST_STEPS):
        await run(ALICE, 'outreach profile about:"a grocery analyst"')
        await run(BOB, 'outreach profile about:"a buyer"')
        await run(ALICE, f"people ask <@{BOB_ID}>")
        await run(BOB, f"people ask <@{ALICE_ID}>")
        await run(BOB, f"people send {_request(bot, ALICE_ID)}")
        if path[1] == "agree":
            rid = _request(bot, BOB_ID)
            await run(ALICE, f"people send {rid}")
            await run(BOB, f'people answer {rid} suggest times:"Tue 3pm"')
    if path[:2] == ("mentor", "met"):
        await run(ALICE, "mentor round run")
    if len(path) == 3 and path[:2] == ("contact", "import"):
        spec = bot.dispatcher.spec_for(("contact", "import"))
        await bot.dispatcher.run(spec, ImportContacts(actor=ALICE, data=CONNECTIONS))
        if path[2] == "undo":
            await run(ALICE, "contact import confirm")
    rows = bot.uow.store.rows
    interviews = rows.get("interviews", [])
    ids = {
        # Records are named by the number their owner sees; matches by the group's.
        "held": next((i.number for i in interviews if i.status == "held"), 999),
        "planned": next((i.number for i in interviews if i.status == "scheduled"), 999),
        "checkin": next((r.number for r in rows.get("reminders", [])), 999),
        "question": next((q.number for q in rows.get("custom_questions", [])), 999),
        "action": next((a.number for a in rows.get("action_items", [])), 999),
        "pair": next((m.number for m in rows.get("matches", [])), 999),
        "match": next((m.number for m in rows.get("matches", [])), 999),
        "request": _request(bot, BOB_ID),
        "incoming": _request(bot, ALICE_ID),
        "intro": next((r.id for r in rows.get("intro_requests", [])), 999),
        "connections": bot.fake.attach("Connections.csv", CONNECTIONS),
        "binary": bot.fake.attach("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(100)),
    }
    return {k: str(v) for k, v in ids.items()}


def fill(
    values: dict[str, Any], ids: dict[str, str], bot: DiscordHarness, path: tuple[str, ...]
) -> dict[str, Any]:
    params = {p.display_name: p for p in bot.leaf(path).parameters}
    out: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, str) and value.startswith("{"):
            value = ids[value.strip("{}")]
        if params[key].type is discord.AppCommandOptionType.integer:
            value = int(value)
        out[key] = value
    return out


@pytest.mark.parametrize("path", leaf_paths(), ids=lambda p: "/" + " ".join(p))
async def test_command_happy_and_bad(discord_bot: DiscordHarness, path: tuple[str, ...]) -> None:
    core = core_path(path)
    happy, bad = SAMPLES[core]
    ids = await seed(discord_bot, core)
    built = core in {spec.path for spec in all_specs()}

    answer = await discord_bot.run(path, fill(happy, ids, discord_bot, path))
    text = embed_text(answer)
    if built:
        assert embed_colour(answer) != ERROR, text
    else:
        assert embed_colour(answer) == ERROR
        assert "don't know the command" in text or "needs a subcommand" in text, text

    if bad == DM:
        answer = await discord_bot.run(path, fill(happy, ids, discord_bot, path), guild=None)
        assert "which community" in embed_text(answer)
    else:
        assert isinstance(bad, dict)
        answer = await discord_bot.run(path, fill(bad, ids, discord_bot, path))
        assert embed_colour(answer) == ERROR, embed_text(answer)
        assert "Try:" in embed_text(answer) or "\n" in embed_text(answer)
