"""Keep-in-touch notes: an update on their advice, a congratulation, something to share,
and a hello after a long gap, each built from what the journal knows, offered from the
keep-in-touch reminder, and pinned per audience in golden/keep.txt."""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest

from bot.dispatcher import Dispatcher
from bot.domain import Interview, Reminder, UserSettings
from bot.outreach.keep import KEEP_FORMATS, advice_ref, since
from bot.outreach.templates import Draft, render
from bot.reminders.render import render_reminder
from tests.conftest import ALICE, CoreHarness
from tests.outreach.golden_cases import PEOPLE, TAKEAWAYS, person

GOLDEN = Path(__file__).parent / "golden" / "keep.txt"
NEWS = {
    "update": ("", "I visited two FreshMart stores and spoke to both bakery managers"),
    "congrats": ("", "your promotion to head of buying", "Congrats on the new local range!"),
    "article": ("", "how supermarkets price own-label bread"),
    "reconnect": ("", "I started a part-time analytics course"),
}
GAPS = (None, 5, 40, 200, 800)


def _cases() -> list[tuple[str, Draft]]:
    cases: list[tuple[str, Draft]] = []
    for kind in PEOPLE:
        for fmt in KEEP_FORMATS:
            for index, news in enumerate(NEWS[fmt]):
                takeaway, step = TAKEAWAYS[index % len(TAKEAWAYS)]
                for gap in GAPS[index::2]:
                    d = person(
                        kind,
                        takeaway=takeaway,
                        next_step=step,
                        news=news,
                        link="https://example.org/bread-pricing" if index else "",
                        days_since_contact=gap,
                        variant=index % 2,
                    )
                    label = f"{kind} | {fmt} | {news or '-'} | {gap} days"
                    cases.append((label, render(fmt, d)))
    return cases


CASES = _cases()


def test_golden_keep_in_touch_notes_are_unchanged() -> None:
    text = "".join(f"### {label}\n{draft.text()}\n\n" for label, draft in CASES)
    if os.environ.get("INROADS_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8"), "read the diff, then regenerate"


@pytest.mark.parametrize(("label", "draft"), CASES, ids=[c[0][:60] for c in CASES])
def test_every_note_gives_rather_than_asks(label: str, draft: Draft) -> None:
    kind, fmt, _ = label.split(" | ", 2)
    text = draft.text()
    assert "minute" not in text  # no call is asked for
    assert "job" not in text
    assert not re.search(r"\.\.|  |,\.|about (?:talk|start|learn)\b|\bI I\b", text), text
    assert "Category Manager" not in text
    assert draft.subject
    if fmt != "reconnect":
        assert "No need to reply" in text
    if kind == "business owner" and fmt == "reconnect":
        assert "your side" in text


def test_how_long_it_has_been_reads_like_speech() -> None:
    assert since(None) == ""
    assert since(3) == "a few days"
    assert since(30) == "a few weeks"
    assert since(150) == "about five months"
    assert since(400) == "over a year"
    assert since(1100) == "more than 3 years"


def test_advice_is_named_as_a_phrase_not_pasted() -> None:
    assert advice_ref("Talk to the store managers first") == (
        "your advice to talk to the store managers first"
    )
    assert advice_ref("Buyers care more about delivery; x") == (
        "your point that buyers care more about delivery"
    )
    assert advice_ref("you said that SQL comes first") == "your point that SQL comes first"
    assert advice_ref("listing fees") == "what you said about listing fees"
    assert advice_ref("") == ""


async def _held(core: CoreHarness, **options: str) -> Interview:
    extra = " ".join(f'{k}:"{v}"' for k, v in options.items())
    await core.say(f'interview log "Priya Natarajan" company:Acme role:"Data Lead" {extra}')
    interviews: list[Interview] = core.uow.store.table("interviews")
    return interviews[-1]


async def test_update_is_built_from_the_last_conversation(core: CoreHarness) -> None:
    await _held(core, takeaways="Start with the data team", actions="Finish the SQL course")
    text = await core.say('outreach draft "Priya Natarajan" format:update')
    assert "Update on their advice for Priya Natarajan" in text
    assert "Your advice to start with the data team" in text
    assert "I said I'd finish the SQL course." in text
    assert "doesn't yet say what you did" in text  # no news: the check asks for it
    text = await core.say(
        'outreach draft "Priya Natarajan" format:update news:"I finished it last week"'
    )
    assert "I said I'd finish the SQL course. Since then, I finished it last week." in text
    assert "Before you send" not in text
    assert "gives something and asks for nothing" in text


async def test_reconnect_says_how_long_it_has_been(core: CoreHarness) -> None:
    await _held(core, takeaways="SQL before Python")
    core.clock.advance(timedelta(days=220))
    text = await core.say('outreach draft "Priya Natarajan" format:hello')
    assert "It's been about seven months since we last spoke" in text
    assert "what you said about SQL before Python" in text


async def test_article_and_congrats_say_what_is_missing(core: CoreHarness) -> None:
    await _held(core)
    text = await core.say('outreach draft "Priya Natarajan" format:article')
    assert "There's no link yet." in text
    text = await core.say(
        'outreach draft "Priya Natarajan" format:share link:"https://example.org/x" '
        'news:"how small teams run analytics"'
    )
    assert "https://example.org/x" in text
    assert "It's about how small teams run analytics" in text
    assert "Before you send" not in text
    text = await core.say('outreach draft "Priya Natarajan" format:congrats')
    assert "[their news]" in text
    assert "what you're congratulating them on" in text
    text = await core.say(
        'outreach draft "Priya Natarajan" format:congrats news:"congrats on the new role"'
    )
    assert "Congratulations on the new role!" in text or "news about the new role" in text


async def test_keep_notes_offer_each_other_not_a_request(core: CoreHarness) -> None:
    await _held(core)
    reply = await core.dispatcher.run_text(ALICE, 'outreach draft "Priya Natarajan" format:update')
    commands = [a.command for a in reply.actions]
    assert not any("outreach sent" in c for c in commands)
    assert any("format:reconnect" in c for c in commands)
    assert 'interview log "Priya Natarajan"' in commands


async def test_the_keep_in_touch_reminder_offers_the_drafts(core: CoreHarness) -> None:
    interview = await _held(core, takeaways="Talk to the platform team")
    contact = core.uow.store.table("contacts")[-1]
    reminder = Reminder(
        "console", "w1", "alice", "keep-in-touch", core.clock.now(), contact_id=contact.id, id=7
    )
    dm = render_reminder(
        reminder,
        contact=contact,
        interview=interview,
        prefs=UserSettings("console", "w1", "alice"),
    )
    labels = [a.label for a in dm.actions]
    assert "Draft an update" in labels
    assert "Share something" in labels
    assert isinstance(core.dispatcher, Dispatcher)
    for label in ("Draft an update", "Share something"):
        action = next(a for a in dm.actions if a.label == label)
        reply = await core.dispatcher.run_text(ALICE, action.command)
        assert not reply.is_error, reply.plain_text()
    update = next(a for a in dm.actions if a.label == "Draft an update")
    reply = await core.dispatcher.run_text(ALICE, update.command)
    assert "platform team" in reply.plain_text()
