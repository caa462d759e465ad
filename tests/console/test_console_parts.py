"""The console's parts in-process: plain rendering, saved files, the cut-line guard, the
test clock, and reminder claims scoped to one person (on SQLite and PostgreSQL)."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from adapters.console.render import plain, render
from adapters.console.repl import TTY_LINE_LIMIT, console_actor, looks_cut, run_console
from adapters.testclock import FileClock, FileClockError
from bot import mentions
from bot.bootstrap import build_services
from bot.domain import Actor, Reminder
from bot.reminders.dispatch import ReminderDispatcher
from bot.reply import Attachment, Reply
from storage.uow import SqlUnitOfWorkFactory
from tests.conftest import CoreHarness
from tests.fakes import FixedClock, RecordingNotifier

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ANN = Actor("console", "local", "ann", "ann")
BOB = Actor("console", "local", "bob", "bob")


# -- plain text ------------------------------------------------------------------------


def test_mentions_become_names() -> None:
    assert plain("did you meet <@bev>?") == "did you meet bev?"
    assert plain("<@U42|Ann Lee> and <@!123>", {"123": "Bo Chen"}) == "Ann Lee and Bo Chen"
    assert plain("posted in <#C1|general> and <#99>") == "posted in #general and #99"
    # The core's own neutral tokens (bot.mentions) read the same way.
    said = f"meet {mentions.member('bev')} in {mentions.channel('<#C1|general>')}"
    assert plain(said, {"bev": "Bev Ng"}) == "meet Bev Ng in #general"


async def test_a_button_naming_a_member_prints_a_line_that_names_them_when_typed(
    core: CoreHarness,
) -> None:
    """`people find` draws "Ask 1" for a listed member; the line the console prints for
    it must work when typed (it printed `people ask rosa`, which asks nobody)."""
    rosa = Actor("console", "local", "rosa", "rosa")
    ann = Actor("console", "local", "ann", "ann")
    run = core.dispatcher.run_text
    await run(rosa, 'people join role:Owner industry:"bakery" topics:"pricing" budget:2')
    shown = render(await run(ann, "people find topic:pricing"), names={"rosa": "Rosa Diaz"})
    assert "→ people ask @rosa" in shown
    line = shown.split("→ ")[-1].strip()
    drafted = await run(ann, line + ' reason:"how you priced your first wholesale order"')
    assert "ready to check" in drafted.title, drafted.plain_text()


def test_chat_formatting_becomes_plain() -> None:
    text = 'Try: `/interview log "Jane Doe"` or *help* — see /checkin list'
    assert plain(text) == 'Try: interview log "Jane Doe" or help — see checkin list'


def test_slashes_that_are_not_commands_stay() -> None:
    text = "timezone:Europe/Paris on 02/03, https://example.com/interview and 5 * 3 * 2"
    assert plain(text) == text
    assert plain("a note about /usr/lib") == "a note about /usr/lib"


def test_files_are_saved_without_overwriting_or_escaping(tmp_path: Path) -> None:
    reply = Reply(
        title="Export",
        attachments=(
            Attachment("data.json", b"{}", "application/json"),
            Attachment("../../escape.txt", b"x", "text/plain"),
        ),
    )
    first = render(reply, tmp_path)
    second = render(reply, tmp_path)
    assert f"Saved data.json to {tmp_path / 'data.json'}" in first
    assert f"Saved data-2.json to {tmp_path / 'data-2.json'}" in second
    assert (tmp_path / "escape.txt").read_bytes() == b"x"
    assert not (tmp_path.parent.parent / "escape.txt").exists()


def test_an_unwritable_folder_is_a_friendly_line(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    reply = Reply(attachments=(Attachment("funnel.png", b"png", "image/png"),))
    text = render(reply, blocker)
    assert "I couldn't save funnel.png" in text
    assert "--files" in text


# -- the cut-line guard ----------------------------------------------------------------


class TerminalInput(io.StringIO):
    """Lines as a terminal's line editor hands them over."""

    def isatty(self) -> bool:
        return True


def test_only_a_full_terminal_line_looks_cut() -> None:
    full = "x" * TTY_LINE_LIMIT + "\n"
    assert looks_cut(full, from_terminal=True)
    assert not looks_cut(full, from_terminal=False)  # a pipe has no such limit
    assert not looks_cut("x" * (TTY_LINE_LIMIT - 1) + "\n", from_terminal=True)


async def test_a_cut_line_is_refused_clearly_and_changes_nothing(core: CoreHarness) -> None:
    cut = 'interview log "Jane Doe" notes:"' + "n" * TTY_LINE_LIMIT
    cut = cut[:TTY_LINE_LIMIT] + "\n"
    stdin = TerminalInput(cut + "interview list\n")
    stdout = io.StringIO()
    await run_console(core.dispatcher, console_actor("ann"), stdin=stdin, stdout=stdout)
    out = stdout.getvalue()
    assert "the end was probably cut off. I didn't run it, and nothing changed." in out
    assert "never closed" not in out
    assert "Your journal is empty" in out
    assert not core.uow.store.rows.get("interviews")


# -- the test clock --------------------------------------------------------------------


def test_file_clock_reads_the_file_on_every_call(tmp_path: Path) -> None:
    path = tmp_path / "clock"
    path.write_text("2026-03-02T09:00:00+01:00\n")
    clock = FileClock(path)
    assert clock.now() == datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    path.write_text("2026-03-09T09:00:00")  # no zone: UTC
    assert clock.now() == datetime(2026, 3, 9, 9, 0, tzinfo=UTC)


def test_file_clock_names_a_bad_file(tmp_path: Path) -> None:
    path = tmp_path / "clock"
    with pytest.raises(FileClockError, match="should hold an ISO time"):
        FileClock(path)
    path.write_text("next tuesday")
    with pytest.raises(FileClockError, match=str(path)):
        FileClock(path)


# -- one person's reminders ------------------------------------------------------------


async def _due_for_each(uow_factory: SqlUnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        for actor in (ANN, BOB, Actor("slack", "T1", "ann")):
            await uow.reminders.add(
                Reminder(
                    actor.platform,
                    actor.workspace_id,
                    actor.user_id,
                    "custom",
                    due_at=NOW - timedelta(minutes=1),
                    text=f"for {actor.platform} {actor.user_id}",
                )
            )
        await uow.commit()


async def test_claim_due_for_one_owner_leaves_the_rest(sql_uow: SqlUnitOfWorkFactory) -> None:
    await _due_for_each(sql_uow)
    async with sql_uow() as uow:
        mine = await uow.reminders.claim_due(NOW, limit=10, lease_seconds=60, token="a", owner=ANN)
        await uow.commit()
    assert [(r.platform, r.user_id) for r in mine] == [("console", "ann")]
    async with sql_uow() as uow:
        rest = await uow.reminders.claim_due(NOW, limit=10, lease_seconds=60, token="b")
        await uow.commit()
    assert {(r.platform, r.user_id) for r in rest} == {("console", "bob"), ("slack", "ann")}


async def test_a_dispatcher_for_one_person_sends_only_theirs(
    sql_uow: SqlUnitOfWorkFactory,
) -> None:
    await _due_for_each(sql_uow)
    notifier = RecordingNotifier()
    services = build_services(sql_uow, clock=FixedClock(NOW), notifier=notifier)
    stats = await ReminderDispatcher(services, only_for=BOB).run_once()
    assert stats.sent == 1
    assert [m.recipients[0].user_id for m in notifier.sent] == ["bob"]
    async with sql_uow() as uow:
        pending = await uow.reminders.list(ANN, statuses=["pending"])
    assert len(pending) == 1


async def test_a_crash_is_apologised_for_and_the_console_carries_on(
    core: CoreHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The console answers through the shared pipeline (adapters/inbound.py): a command
    that crashes gets the apology on screen, and the next line still runs."""
    real = core.dispatcher.run_text

    async def flaky(actor: Actor, text: str) -> Reply:
        if text.startswith("interview list"):
            raise RuntimeError("disk on fire")
        return await real(actor, text)

    monkeypatch.setattr(core.dispatcher, "run_text", flaky)
    stdin = io.StringIO('interview list\ninterview log "Jane Doe"\n')
    stdout = io.StringIO()
    await run_console(core.dispatcher, console_actor("ann"), stdin=stdin, stdout=stdout)
    out = stdout.getvalue()
    assert "nothing was changed" in out
    assert "disk on fire" not in out
    assert "Logged interview" in out
