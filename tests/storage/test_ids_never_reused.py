"""A record's number is never given to another record (issue 14 §4).

SQLite without AUTOINCREMENT hands the newest deleted row's id to the next row, so an old
`interview delete 14` button would act on a different interview. These tests delete the
newest row (the case SQLite reused) and check the next one gets a fresh number, on both
databases, and that migration 0003 rebuilds an existing SQLite journal without losing a
row or a reference.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.domain import Contact, CustomQuestion, Interview, Outcome, Reminder
from storage.engine import create_engine
from storage.migrate import downgrade, upgrade
from storage.uow import SqlUnitOfWorkFactory
from tests.conftest import ALICE, CoreHarness

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
NEVER_REUSED = (
    "contacts",
    "interviews",
    "outcomes",
    "reminders",
    "custom_questions",
    "profiles",
    "match_rounds",
    "matches",
)
OWNER = (ALICE.platform, ALICE.workspace_id, ALICE.user_id)


async def test_deleting_the_newest_row_never_frees_its_number(
    sql_uow: SqlUnitOfWorkFactory,
) -> None:
    async with sql_uow() as uow:
        first = await uow.contacts.add(Contact(*OWNER, "Dana Whitfield", created_at=NOW))
        await uow.commit()
    assert first.id is not None

    # Each kind of record: add one, delete it (it is the newest), add another.
    async with sql_uow() as uow:
        contact = await uow.contacts.add(Contact(*OWNER, "Gone Soon", created_at=NOW))
        interview = await uow.interviews.add(Interview(*OWNER, contact_id=first.id))
        reminder = await uow.reminders.add(Reminder(*OWNER, kind="custom", due_at=NOW))
        outcome = await uow.outcomes.add(Outcome(*OWNER, kind="offer"))
        question = await uow.custom_questions.add(CustomQuestion(*OWNER, text="Why?"))
        await uow.commit()
    old = {
        "contact": contact.id,
        "interview": interview.id,
        "reminder": reminder.id,
        "outcome": outcome.id,
        "question": question.id,
    }
    async with sql_uow() as uow:
        await uow.reminders.delete(reminder)
        await uow.interviews.delete(interview)
        await uow.contacts.delete(contact)
        await uow.custom_questions.delete(question)
        await uow.session.delete(outcome)
        await uow.commit()
    async with sql_uow() as uow:
        new = {
            "contact": (await uow.contacts.add(Contact(*OWNER, "Next", created_at=NOW))).id,
            "interview": (await uow.interviews.add(Interview(*OWNER, contact_id=first.id))).id,
            "reminder": (await uow.reminders.add(Reminder(*OWNER, kind="custom", due_at=NOW))).id,
            "outcome": (await uow.outcomes.add(Outcome(*OWNER, kind="offer"))).id,
            "question": (await uow.custom_questions.add(CustomQuestion(*OWNER, text="How?"))).id,
        }
        await uow.commit()
    for kind, old_id in old.items():
        assert old_id is not None
        assert new[kind] == old_id + 1, kind


async def test_a_deleted_interviews_number_answers_not_found_after_a_new_one(
    sql_core: CoreHarness,
) -> None:
    """The journey from the issue: delete the newest interview, log another, and the old
    number (what an old button carries) still finds nothing instead of the new one."""
    logged = await sql_core.say('interview log "Dana Whitfield" when:yesterday')
    number = int(re.search(r"#(\d+)", logged).group(1))  # type: ignore[union-attr]
    deleted = await sql_core.say(f"interview delete {number} confirm:yes")
    assert f"Deleted interview #{number}" in deleted
    again = await sql_core.say('interview log "Dana Whitfield" when:today')
    assert f"#{number + 1}" in again
    gone = await sql_core.say(f"interview delete {number} confirm:yes")
    assert f"can't find interview #{number}" in gone
    assert "Deleted" not in gone


_ROWS_AT_0002 = (
    "INSERT INTO contacts (id, platform, workspace_id, user_id, name, company, role, industry,"
    " seniority, how_known, notes, referred_by_id) VALUES"
    " (1, 'console', 'w1', 'alice', 'Ann', '', '', '', '', '', '', NULL),"
    " (2, 'console', 'w1', 'alice', 'Bo', '', '', '', '', '', '', 1)",
    "INSERT INTO interviews (id, platform, workspace_id, user_id, contact_id, status, medium,"
    " duration_minutes, notes, takeaways, action_items, questions_asked) VALUES"
    " (7, 'console', 'w1', 'alice', 2, 'held', '', 20, 'kept', '', '', '[]')",
    "INSERT INTO reminders (id, platform, workspace_id, user_id, kind, due_at, text, status,"
    " contact_id, interview_id, attempts, last_error, late, message_ref) VALUES"
    " (3, 'console', 'w1', 'alice', 'thank-you', '2026-11-23 09:00:00', '', 'pending', 2, 7,"
    " 0, '', 0, '')",
    "INSERT INTO outcomes (id, platform, workspace_id, user_id, kind, interview_id, contact_id,"
    " note) VALUES (5, 'console', 'w1', 'alice', 'offer', 7, 2, '')",
)


async def _rows(engine: AsyncEngine) -> dict[str, list[tuple[object, ...]]]:
    async with engine.connect() as conn:
        return {
            "contacts": list(
                (await conn.exec_driver_sql("SELECT id, referred_by_id FROM contacts")).all()
            ),
            "interviews": list(
                (await conn.exec_driver_sql("SELECT id, contact_id, notes FROM interviews")).all()
            ),
            "reminders": list(
                (await conn.exec_driver_sql("SELECT id, interview_id FROM reminders")).all()
            ),
            "outcomes": list(
                (await conn.exec_driver_sql("SELECT id, interview_id FROM outcomes")).all()
            ),
        }


async def _table_sql(engine: AsyncEngine, name: str) -> str:
    async with engine.connect() as conn:
        query = "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?"
        return str((await conn.exec_driver_sql(query, (name,))).scalar_one())


async def test_migration_0003_rebuilds_an_existing_sqlite_journal_intact(
    tmp_path: Path,
) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/old.sqlite3")
    try:
        await upgrade(engine, "0002")
        async with engine.begin() as conn:
            for statement in _ROWS_AT_0002:
                await conn.exec_driver_sql(statement)
        before = await _rows(engine)
        assert "AUTOINCREMENT" not in await _table_sql(engine, "interviews")

        await upgrade(engine)

        # Rebuilding a parent table must not cascade into its children.
        assert await _rows(engine) == before
        # At head, not only after 0003: SQLAlchemy does not reflect AUTOINCREMENT, so a
        # later migration that rebuilds one of these tables must pass it on explicitly.
        for name in NEVER_REUSED:
            assert "AUTOINCREMENT" in await _table_sql(engine, name), name
        async with engine.begin() as conn:
            # Enforcement is back on for the pooled connection after the migration.
            assert (await conn.exec_driver_sql("PRAGMA foreign_keys")).scalar_one() == 1
            await conn.exec_driver_sql("DELETE FROM interviews WHERE id = 7")
            # ... so the delete cascaded to the interview's reminder as the schema says.
            assert (await conn.exec_driver_sql("SELECT COUNT(*) FROM reminders")).scalar() == 0
            await conn.exec_driver_sql(
                "INSERT INTO interviews (platform, workspace_id, user_id, contact_id, status,"
                " medium, duration_minutes, notes, takeaways, action_items, questions_asked,"
                " number) VALUES ('console', 'w1', 'alice', 2, 'held', '', 20, '', '', '',"
                " '[]', 2)"
            )
            new_id = (await conn.exec_driver_sql("SELECT MAX(id) FROM interviews")).scalar()
        assert new_id == 8  # 7 was deleted and is never handed out again

        await downgrade(engine, "0002")
        assert "AUTOINCREMENT" not in await _table_sql(engine, "interviews")
        after_down = await _rows(engine)
        assert after_down["contacts"] == before["contacts"]
        assert after_down["interviews"] == [(8, 2, "")]
    finally:
        await engine.dispose()
