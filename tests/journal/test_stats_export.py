"""`inroads stats`, `export` and `forget-me` on fakes."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain import (
    ActionItem,
    CustomQuestion,
    Interview,
    Outcome,
    Profile,
    Reminder,
    UserSettings,
)
from bot.general.funnel import Funnel, compute_funnel, funnel_png
from bot.reply import Reply
from tests.conftest import ALICE, BOB, CoreHarness

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


async def build_history(core: CoreHarness) -> None:
    """Two held (one thanked in time, one late), one scheduled, one only requested."""
    await core.say('interview log Jane when:"2026-11-20 10:00" referrals:"Ann, Bo"')
    await core.say('interview log Raj when:"2026-11-10 10:00"')
    await core.say('interview plan Lin when:"tomorrow 9am"')
    await core.say("interview plan Kim")
    jane, raj = (i.number for i in core.uow.store.table("interviews")[:2])
    await core.say(f'interview thanked {jane} when:"2026-11-20 18:00"')
    await core.say(f'interview thanked {raj} when:"2026-11-13 10:00"')
    await core.say(f'interview outcome {jane} kind:"job lead" note:"analyst"')
    await core.say(f"interview outcome {raj} kind:offer")


async def test_stats_fields_and_chart(core: CoreHarness) -> None:
    await build_history(core)
    reply: Reply = await core.dispatcher.run_text(ALICE, "inroads stats")
    values = {f.label: f.value for f in reply.fields}
    assert values == {
        "Outreach sent": "4",
        "Accepted": "3",
        "Held": "2",
        "Thank-you within 24 h": "1 of 2 held (50%)",
        "Referrals gained": "2",
        # Raj's offer went past a lead and a job interview: both stages count it.
        "Job leads": "2",
        "Job interviews": "1",
        "Offers": "1",
    }
    (chart,) = reply.attachments
    assert chart.mime_type == "image/png"
    assert chart.content.startswith(PNG_MAGIC)
    # Bob sees his own (empty) funnel, never Alice's.
    bob = await core.dispatcher.run_text(BOB, "inroads stats")
    assert "Nothing to count yet" in bob.plain_text()
    assert bob.attachments == ()


async def test_stats_without_the_chart_keeps_the_numbers(core: CoreHarness) -> None:
    await build_history(core)
    full = await core.dispatcher.run_text(ALICE, "inroads stats")
    numbers = await core.dispatcher.run_text(ALICE, "inroads stats chart:off")
    assert numbers.fields == full.fields
    assert numbers.attachments == ()
    refused = await core.say("inroads stats chart:maybe")
    assert "`chart` is `on` (the default) or `off`" in refused


def test_funnel_counts_thanks_within_a_day_only() -> None:
    held = datetime(2026, 11, 1, 10, tzinfo=UTC)

    def interview(n: int, status: str, thanked: timedelta | None) -> Interview:
        return Interview(
            "console",
            "w1",
            "alice",
            1,
            status=status,
            held_at=held,
            thanked_at=None if thanked is None else held + thanked,
            id=n,
        )

    funnel = compute_funnel(
        [
            interview(1, "thanked", timedelta(hours=24)),
            interview(2, "thanked", timedelta(hours=24, minutes=1)),
            interview(3, "held", None),
            interview(4, "requested", None),
        ],
        [
            Outcome("console", "w1", "alice", "referral", interview_id=1, id=1),
            Outcome("console", "w1", "alice", "offer", interview_id=1, id=2),
        ],
    )
    assert funnel == Funnel(
        sent=4,
        accepted=3,
        held=3,
        thanked=2,
        thanked_within_24h=1,
        referrals=1,
        leads=1,
        job_interviews=1,
        offers=1,
    )
    assert funnel.thank_rate == 1 / 3


def test_chart_renders_for_edge_cases() -> None:
    for funnel in (Funnel(), Funnel(sent=1), Funnel(sent=10_000, accepted=9_999, held=1)):
        png = funnel_png(funnel)
        assert png.startswith(PNG_MAGIC)
        assert len(png) > 5_000


def seed_other_areas(core: CoreHarness) -> None:
    """Rows other features own, so export and erase are proven to cover them."""
    store = core.uow.store
    for who in ("alice", "bob"):
        store.insert("user_settings", UserSettings("console", "w1", who, "Europe/Paris"))
        store.insert("custom_questions", CustomQuestion("console", "w1", who, f"{who}'s question"))
        store.insert("profiles", Profile("console", "w1", who, "mentor", topics=["data"]))
        store.insert("reminders", Reminder("console", "w1", who, "custom", due_at=NOW))
        store.insert("action_items", ActionItem("console", "w1", who, f"{who}'s to-do"))


async def export(core: CoreHarness, actor=ALICE) -> tuple[Reply, dict, dict[str, list[dict]]]:  # type: ignore[no-untyped-def]
    reply = await core.dispatcher.run_text(actor, "inroads export")
    files = {a.filename.rsplit(".", 1)[-1]: a for a in reply.attachments}
    document = json.loads(files["json"].content)
    tables = {}
    with zipfile.ZipFile(io.BytesIO(files["zip"].content)) as archive:
        for name in archive.namelist():
            reader = csv.DictReader(io.StringIO(archive.read(name).decode()))
            tables[name.removesuffix(".csv")] = list(reader)
    return reply, document, tables


async def test_export_forget_export(core: CoreHarness) -> None:
    seed_other_areas(core)
    await build_history(core)
    await core.say('interview log Bob-contact notes:"bob private"', BOB)
    reply, document, tables = await export(core)
    assert document["person"] == {"platform": "console", "workspace_id": "w1", "user_id": "alice"}
    counts = {name: len(document[name]) for name in tables}
    # The check-in engine (a journal listener) may add reminders of its own: count them.
    alices_reminders = [r for r in core.uow.store.table("reminders") if r.user_id == "alice"]
    bobs_reminders = [r for r in core.uow.store.table("reminders") if r.user_id == "bob"]
    assert counts == {
        "contacts": 6,
        "interviews": 4,
        "outcomes": 4,
        "action_items": 1,
        "reminders": len(alices_reminders),
        "settings": 1,
        "custom_questions": 1,
        "mentoring_profile": 1,
        # Conversation requests and blocks (bot/directory/requests_export.py): none here.
        "conversation_requests": 0,
        "blocked_members": 0,
    }
    assert {name: len(rows) for name, rows in tables.items()} == counts
    assert "bob" not in json.dumps(document).replace("bob private", "")
    assert "Bob-contact" not in json.dumps(document)
    # Alice's settings say Europe/Paris: her local times are stored in UTC.
    jane = next(i for i in document["interviews"] if i["thanked_at"] == "2026-11-20T17:00:00+00:00")
    assert jane["held_at"] == "2026-11-20T09:00:00+00:00"
    assert "claim_token" not in document["reminders"][0]
    # Ids are the numbers Alice sees (`#1`...), references too; no global id leaves.
    assert sorted(c["id"] for c in document["contacts"]) == [1, 2, 3, 4, 5, 6]
    assert sorted(i["id"] for i in document["interviews"]) == [1, 2, 3, 4]
    assert {i["contact_id"] for i in document["interviews"]} <= {1, 2, 3, 4, 5, 6}
    assert {o["interview_id"] for o in document["outcomes"]} <= {1, 2, 3, 4}
    assert "number" not in document["interviews"][0]
    assert "id" not in document["outcomes"][0]
    assert "id" not in document["settings"][0]
    assert "id" not in tables["mentoring_profile"][0]
    assert json.loads(tables["mentoring_profile"][0]["topics"]) == ["data"]
    assert "Interviews: 4" in reply.plain_text()

    ask = await core.dispatcher.run_text(ALICE, "inroads forget-me")
    assert [a.command for a in ask.actions] == ["inroads export", "inroads forget-me confirm:yes"]
    assert len(core.uow.store.table("interviews")) == 5  # asking erased nothing
    assert "confirm:yes" in await core.say("inroads forget-me confirm:please")
    done = await core.say("inroads forget-me confirm:yes")
    assert f"{sum(counts.values())} records removed" in done

    _, document, tables = await export(core)
    assert all(document[name] == [] for name in tables)
    assert all(rows == [] for rows in tables.values())
    assert "Your journal is empty" in await core.say("interview list")
    # Bob keeps everything of his.
    _, bobs, _ = await export(core, BOB)
    assert len(bobs["interviews"]) == 1
    assert len(bobs["reminders"]) == len(bobs_reminders)


async def test_stats_still_answers_when_the_chart_fails(
    core: CoreHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.general.stats as stats

    def broken(funnel: Funnel) -> bytes:
        raise RuntimeError("no fonts")

    monkeypatch.setattr(stats, "funnel_png", broken)
    await core.say("interview log Jane")
    reply = await core.dispatcher.run_text(ALICE, "inroads stats")
    assert not reply.is_error
    assert reply.attachments == ()
    assert "Held: 1" in reply.plain_text()
