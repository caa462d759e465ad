"""Every command through real discord.py: a happy path and a bad-input path each.

Commands the core does not have yet still exist on Discord (declared in the catalog); for
them the happy path is the core's friendly "unknown command" answer. Once a helper adds the
spec, the same test expects a real, non-error answer.
"""

from __future__ import annotations

from typing import Any

import discord
import pytest
from discord import app_commands

from adapters.discord.catalog import CATALOG
from adapters.discord.render import COLOURS
from adapters.discord.tree import build_commands
from bot.domain import Actor
from bot.registry import all_specs
from bot.reply import Tone
from tests.discord.conftest import ALICE_ID, BOB_ID, GUILD, DiscordHarness, embed_colour, embed_text

ERROR = COLOURS[Tone.ERROR].value
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
    ("mentor", "met"): ({"match": "{match}", "answer": "yes"}, {"match": 999, "answer": "yes"}),
    ("mentor", "round", "preview"): ({}, DM),
    ("mentor", "round", "drop"): ({"pair": "{pair}"}, {"pair": 999}),
    ("mentor", "round", "run"): ({}, DM),
    ("mentor", "config"): ({"cadence": "14d"}, {"cadence": "often"}),
    ("mentor", "stats"): ({}, DM),
}


def discord_path(path: tuple[str, ...]) -> tuple[str, ...]:
    if len(path) == 1:
        names = {c.name for c in build_commands(all_specs())}
        command = next(c for c in build_commands(all_specs()) if c.name == path[0])
        if isinstance(command, app_commands.Group):
            assert path[0] in names
            return (path[0], CATALOG[path].bare_name)
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


def test_every_spec_has_a_discord_command_and_options_agree() -> None:
    leaves = set(leaf_paths())
    for spec in all_specs():
        assert discord_path(spec.path) in leaves, f"/{spec.name} has no Discord command"
        decl = CATALOG.get(spec.path)
        assert decl is not None, f"/{spec.name}: declare its Discord options in the catalog"
        for opt in decl.options:
            if not opt.positional:
                assert opt.name in spec.options, f"/{spec.name} has no option {opt.name}:"
    for path in CATALOG:
        assert discord_path(path) in leaves
    for path in leaves:
        core = core_path(path)
        assert core in SAMPLES, f"add /{' '.join(path)} to SAMPLES"


def test_choices_agree_with_the_core() -> None:
    from adapters.discord import catalog_options as catalog

    vocab = pytest.importorskip("bot.questions.vocab")
    templates = pytest.importorskip("bot.outreach.templates")
    assert [v for _, v in catalog.GOALS] == [g.key for g in vocab.GOALS]
    assert [v for _, v in catalog.CATEGORIES] == list(vocab.CATEGORY_KEYS)
    assert [v for _, v in catalog.OUTREACH_FORMATS] == list(templates.FORMATS)


def core_path(path: tuple[str, ...]) -> tuple[str, ...]:
    """The core command a Discord leaf runs: a group's bare command (`/questions` is
    `/questions suggest`, `/actions` is `/actions list`) has a leaf of its own there."""
    group = CATALOG.get(path[:-1])
    return path[:-1] if group is not None and group.bare_name == path[-1] else path


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
    if path[:2] == ("mentor", "met"):
        await run(ALICE, "mentor round run")
    rows = bot.uow.store.rows
    interviews = rows.get("interviews", [])
    ids = {
        # Records are named by the number their owner sees; matches by the group's id.
        "held": next((i.number for i in interviews if i.status == "held"), 999),
        "planned": next((i.number for i in interviews if i.status == "scheduled"), 999),
        "checkin": next((r.number for r in rows.get("reminders", [])), 999),
        "question": next((q.number for q in rows.get("custom_questions", [])), 999),
        "action": next((a.number for a in rows.get("action_items", [])), 999),
        "pair": next((m.id for m in rows.get("matches", [])), 999),
        "match": next((m.id for m in rows.get("matches", [])), 999),
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
