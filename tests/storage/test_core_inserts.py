"""New numbered rows are written with one Core INSERT each (storage/inserts.py), on
SQLite and PostgreSQL: they must come out exactly as the unit of work wrote them, ids,
per-person numbers, column defaults and all, and stay tracked for later changes."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.domain import Actor, Contact, Interview
from storage.uow import SqlUnitOfWorkFactory

ANN = Actor("slack", "T1", "U1", "Ann")
BO = Actor("slack", "T1", "U2", "Bo")


def _contact(owner: Actor, name: str) -> Contact:
    return Contact(owner.platform, owner.workspace_id, owner.user_id, name, company="Acme")


async def test_a_new_contact_and_interview_are_numbered_defaulted_and_tracked(
    sql_uow: SqlUnitOfWorkFactory, engine: AsyncEngine
) -> None:
    statements: list[str] = []

    def seen(_c: object, _cur: object, statement: str, *_rest: object) -> None:
        statements.append(statement.split()[0].upper())

    event.listen(engine.sync_engine, "before_cursor_execute", seen)
    try:
        async with sql_uow() as uow:
            first = await uow.contacts.add(_contact(ANN, "Jane Doe"))
            second = await uow.contacts.add(_contact(ANN, "Raj Patel"))
            theirs = await uow.contacts.add(_contact(BO, "Jane Doe"))
            interview = Interview(
                ANN.platform,
                ANN.workspace_id,
                ANN.user_id,
                contact_id=first.id or 0,
                status="held",
                notes="Talked about data teams",
            )
            await uow.interviews.add(interview)
            first.last_interaction_at = datetime(2026, 12, 1, tzinfo=UTC)  # tracked, as loaded
            first.role = "Data Engineer"
            await uow.commit()
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", seen)

    assert (first.number, second.number, theirs.number, interview.number) == (1, 2, 1, 1)
    assert first.id is not None
    assert interview.id is not None
    # Defaults the INSERT applied are on the objects, as a flush would have left them.
    assert first.keep_in_touch is True
    assert first.research_done == []
    assert first.links == ""
    assert interview.duration_minutes == 20
    assert interview.questions_asked == []
    if engine.dialect.name == "postgresql":
        # The number is taken inside the INSERT: one statement per row.
        assert statements.count("WITH") == 4
        assert "INSERT" not in statements[:4]
    async with sql_uow() as uow:
        again = await uow.contacts.by_number(ANN, 1)
        assert again is not None
        assert again.role == "Data Engineer"
        assert again.last_interaction_at == datetime(2026, 12, 1, tzinfo=UTC)
        assert again.id == first.id
        assert again.keep_in_touch is True
        stored = await uow.interviews.by_number(ANN, 1)
        assert stored is not None
        assert stored.notes == "Talked about data teams"
        assert stored.contact_id == first.id
        assert [c.number for c in await uow.contacts.list(BO)] == [1]


async def test_a_rolled_back_add_takes_no_number_and_concurrent_adds_never_share_one(
    sql_uow: SqlUnitOfWorkFactory,
) -> None:
    async with sql_uow() as uow:
        await uow.contacts.add(_contact(ANN, "Gone Again"))
        # no commit: rolled back with the counter's raise

    async def add(name: str) -> int:
        async with sql_uow() as uow:
            contact = await uow.contacts.add(_contact(ANN, name))
            await uow.commit()
            return contact.number or 0

    numbers = await asyncio.gather(*(add(f"Person {n}") for n in range(6)))
    assert sorted(numbers) == [1, 2, 3, 4, 5, 6]


async def test_logging_a_talk_with_someone_new_writes_their_row_once(
    sql_uow: SqlUnitOfWorkFactory, engine: AsyncEngine
) -> None:
    """The new contact is inserted already knowing when you last spoke (the talk being
    logged), so the command sends no UPDATE of the row it has just inserted; the contact
    and the keep-in-touch that follows from that moment are as before."""
    from bot.bootstrap import build_dispatcher, build_services
    from bot.domain import ReminderKind
    from tests.fakes import FixedClock

    clock = FixedClock(datetime(2026, 12, 7, 15, 0, tzinfo=UTC))
    dispatcher = build_dispatcher(build_services(sql_uow, clock=clock))
    statements: list[str] = []

    def seen(_c: object, _cur: object, statement: str, *_rest: object) -> None:
        statements.append(" ".join(statement.split()[:2]).upper())

    event.listen(engine.sync_engine, "before_cursor_execute", seen)
    try:
        reply = await dispatcher.run_text(ANN, 'interview log "Mara Quinn" when:"yesterday 3pm"')
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", seen)
    assert reply.title.startswith("Logged interview"), reply.plain_text()
    assert "UPDATE CONTACTS" not in statements
    if engine.dialect.name == "postgresql":
        # Contact, interview and the check-ins each one statement that also takes their
        # numbers: no counter upsert of its own, no flush INSERT.
        assert statements.count("WITH COUNTER") == 3, statements
        assert "INSERT INTO" not in statements, statements
    async with sql_uow() as uow:
        [contact] = await uow.contacts.list(ANN)
        assert contact.last_interaction_at == datetime(2026, 12, 6, 15, 0, tzinfo=UTC)
        kinds = {r.kind for r in await uow.reminders.list_for_contact(ANN, contact.id or 0)}
    assert ReminderKind.KEEP_IN_TOUCH.value in kinds


async def test_a_persons_new_check_ins_are_numbered_written_and_tracked_together(
    sql_uow: SqlUnitOfWorkFactory,
) -> None:
    """`reminders.add_all` (one statement on PostgreSQL, the flush on SQLite): numbers go
    on from the person's last, in order; defaults come back; a rollback takes none; the
    rows stay tracked, so a later change is saved."""
    from bot.domain import Reminder

    due = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)

    def nudges(owner: Actor, *kinds: str) -> list[Reminder]:
        return [
            Reminder(owner.platform, owner.workspace_id, owner.user_id, kind, due, text=kind)
            for kind in kinds
        ]

    async with sql_uow() as uow:
        await uow.reminders.add_all(nudges(ANN, "prep"))
        await uow.commit()
    async with sql_uow() as uow:
        await uow.reminders.add_all(nudges(ANN, "custom"))
        await uow.rollback()  # the numbers it took go back with it
    async with sql_uow() as uow:
        mixed = nudges(ANN, "thank-you", "reflection", "keep-in-touch")
        mixed[0].interview_id = None
        mixed[2].not_before = due  # set on one row only: NULL is the others' default
        await uow.reminders.add_all(mixed)
        await uow.reminders.add_all(nudges(BO, "prep"))
        mixed[1].text = "changed after adding"
        await uow.commit()
    assert [r.number for r in mixed] == [2, 3, 4]
    assert all(r.id is not None and r.attempts == 0 and r.last_error == "" for r in mixed)
    async with sql_uow() as uow:
        stored = {r.number: r for r in await uow.reminders.list(ANN)}
        assert sorted(stored) == [1, 2, 3, 4]
        assert stored[3].text == "changed after adding"
        assert stored[4].not_before == due
        assert stored[2].not_before is None
        assert [r.number for r in await uow.reminders.list(BO)] == [1]


async def test_messages_that_are_no_check_ins_count_down_on_their_own(
    sql_uow: SqlUnitOfWorkFactory,
) -> None:
    """A request's news and a round's introduction are outbox rows nobody numbers: they
    count down from -1, alone or in a batch, so a person's check-ins run 1, 2, 3."""
    from bot.domain import Reminder

    due = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)

    def row(kind: str) -> Reminder:
        return Reminder(ANN.platform, ANN.workspace_id, ANN.user_id, kind, due, text=kind)

    async with sql_uow() as uow:
        news = await uow.reminders.add(row("request-news"))
        prep = await uow.reminders.add(row("prep"))
        more = [row("match-intro"), row("request-intro")]
        await uow.reminders.add_all(more)
        later = [row("thank-you"), row("reflection")]
        await uow.reminders.add_all(later)
        await uow.commit()
    assert [news.number, *(r.number for r in more)] == [-1, -2, -3]
    assert [prep.number, *(r.number for r in later)] == [1, 2, 3]
    async with sql_uow() as uow:
        found = await uow.reminders.by_number(ANN, 1)
        assert found is not None
        assert found.kind == "prep"
