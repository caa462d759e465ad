"""The shared inbound pipeline (adapters/inbound.py), tested once through a test surface:
the bound, first contact before the command, visibility, files to the DM, and the apology
logged with ids only. Slack and Discord run it too (their own tests cover their timing)."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

import pytest

from adapters.inbound import (
    APOLOGY,
    Inbound,
    Request,
    Visibility,
    click_visibility,
    command_visibility,
)
from bot.domain import Actor
from bot.reply import Attachment, Reply
from tests.conftest import ALICE, CoreHarness


@dataclass
class FakeSurface:
    """A connector's answer for one event, recorded instead of sent."""

    answers: list[tuple[Visibility, Reply]] = field(default_factory=list)
    dm_files: list[Reply] = field(default_factory=list)
    apologies: list[Reply] = field(default_factory=list)
    greeted: list[Actor] = field(default_factory=list)

    async def first_contact(self, actor: Actor) -> None:
        self.greeted.append(actor)

    async def answer(self, reply: Reply, visibility: Visibility) -> None:
        self.answers.append((visibility, reply))

    async def files_to_dm(self, reply: Reply) -> None:
        self.dm_files.append(reply)

    async def apologise(self, reply: Reply) -> None:
        self.apologies.append(reply)


class Scripted:
    """A dispatcher answering with a fixed reply, or failing, counting who runs at once."""

    specs = ()

    def __init__(self, reply: Reply | None = None, *, fail: bool = False) -> None:
        self.reply = reply or Reply(text="ok")
        self.fail = fail
        self.running = 0
        self.peak = 0

    async def run_text(self, actor: Actor, text: str, **_: object) -> Reply:
        self.running += 1
        self.peak = max(self.peak, self.running)
        try:
            await asyncio.sleep(0.01)
            if self.fail:
                raise RuntimeError(f"secret note in {text}")
            return self.reply
        finally:
            self.running -= 1


def pipeline(dispatcher: object, **options: int) -> Inbound:
    return Inbound(dispatcher, **options)  # type: ignore[arg-type]


def test_visibility_rules() -> None:
    public = Reply(text="round", ephemeral=False)
    assert command_visibility(public, shared_place=True) is Visibility.PUBLIC
    assert command_visibility(public, shared_place=False) is Visibility.PRIVATE
    assert command_visibility(Reply(text="mine"), shared_place=True) is Visibility.PRIVATE
    assert click_visibility(others_see_it=True) is Visibility.PRIVATE
    assert click_visibility(others_see_it=False) is Visibility.IN_PLACE


async def test_a_command_runs_after_first_contact_and_is_answered(core: CoreHarness) -> None:
    surface = FakeSurface()
    inbound = Inbound(core.dispatcher)
    reply = await inbound.command(
        ALICE, Request('interview log "Jane Doe"'), surface, shared_place=True, where="test"
    )
    assert reply is not None
    assert "Logged interview" in reply.plain_text()
    assert surface.greeted == [ALICE]
    assert surface.answers == [(Visibility.PRIVATE, reply)]
    assert surface.dm_files == []
    assert surface.apologies == []


async def test_files_go_to_the_dm_and_public_replies_stay_public() -> None:
    chart = Attachment("funnel.png", b"png", "image/png")
    reply = Reply(text="stats", attachments=(chart,), ephemeral=False)
    surface = FakeSurface()
    await pipeline(Scripted(reply)).command(
        ALICE, Request("inroads stats"), surface, shared_place=True, where="test"
    )
    assert surface.answers == [(Visibility.PUBLIC, reply)]
    assert surface.dm_files == [reply]


async def test_a_click_on_a_shared_message_is_answered_privately() -> None:
    surface = FakeSurface()
    await pipeline(Scripted()).click(
        ALICE, Request("checkin done 1"), surface, others_see_it=True, where="test"
    )
    await pipeline(Scripted()).click(
        ALICE, Request("checkin done 1"), surface, others_see_it=False, where="test"
    )
    assert [v for v, _ in surface.answers] == [Visibility.PRIVATE, Visibility.IN_PLACE]


async def test_a_crash_is_apologised_for_and_logged_with_ids_only(
    caplog: pytest.LogCaptureFixture,
) -> None:
    surface = FakeSurface()
    with caplog.at_level(logging.ERROR, logger="adapters.inbound"):
        reply = await pipeline(Scripted(fail=True)).command(
            ALICE, Request("interview log x"), surface, shared_place=False, where="test command"
        )
    assert reply is None
    assert surface.apologies == [APOLOGY]
    assert surface.answers == []
    (record,) = caplog.records
    assert record.getMessage() == "test command failed"
    assert (record.workspace, record.user) == ("w1", "alice")  # type: ignore[attr-defined]


async def test_an_apology_that_cannot_be_sent_is_logged_not_raised() -> None:
    class Mute(FakeSurface):
        async def apologise(self, reply: Reply) -> None:
            raise ConnectionError("platform down")

    assert (
        await pipeline(Scripted(fail=True)).command(
            ALICE, Request("x"), Mute(), shared_place=False, where="test"
        )
        is None
    )


async def test_a_burst_runs_a_few_at_a_time() -> None:
    dispatcher = Scripted()
    inbound = pipeline(dispatcher, max_concurrent=3)
    surface = FakeSurface()
    await asyncio.gather(
        *(
            inbound.command(ALICE, Request("x"), surface, shared_place=False, where="t")
            for _ in range(20)
        )
    )
    assert len(surface.answers) == 20
    assert dispatcher.peak == 3


async def test_a_reply_the_connector_computes_runs_in_the_bound_and_is_answered() -> None:
    """A Discord file import: the reply is computed once the bytes are fetched, and it
    shares the bound, first contact, visibility and the apology with every command."""
    running = peak = 0

    async def fetch_then_import() -> Reply:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(0.01)
        running -= 1
        return Reply(text="imported")

    inbound = pipeline(Scripted(fail=True), max_concurrent=2)  # the dispatcher is not used
    surface = FakeSurface()
    await asyncio.gather(
        *(
            inbound.command(
                ALICE,
                Request("contact import", job=fetch_then_import),
                surface,
                shared_place=True,
                where="t",
            )
            for _ in range(6)
        )
    )
    assert peak == 2
    assert surface.greeted == [ALICE] * 6
    assert {v for v, _ in surface.answers} == {Visibility.PRIVATE}
    assert surface.apologies == []


async def test_work_that_answers_its_own_way_runs_after_first_contact(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """App Home: drawn from several commands, published by the work itself."""
    done: list[str] = []

    async def draw() -> None:
        done.append("drawn")

    async def crash() -> None:
        raise RuntimeError("private note")

    surface = FakeSurface()
    inbound = pipeline(Scripted())
    assert await inbound.work(ALICE, draw, surface, where="home") is True
    assert (done, surface.greeted, surface.answers) == (["drawn"], [ALICE], [])
    with caplog.at_level(logging.ERROR, logger="adapters.inbound"):
        assert await inbound.work(ALICE, crash, surface, where="drawing home") is False
    assert surface.apologies == [APOLOGY]
    (record,) = caplog.records
    assert record.getMessage() == "drawing home failed"
    assert "private note" not in record.getMessage()
