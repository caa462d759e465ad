"""Migration 0010 numbers an existing journal per person (issue 15 §7), on SQLite and
PostgreSQL: rows written at revision 0009 (global ids, interleaved between people) get
1, 2, 3 ... per owner in id order, the counters start at each owner's last number, and
the next row the app writes continues from there, never reusing a number.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.domain import Actor, Interview
from storage.engine import session_factory
from storage.migrate import downgrade, upgrade
from storage.uow import SqlUnitOfWorkFactory

ANN = Actor("slack", "T1", "U1", "Ann")
ANN_ELSEWHERE = Actor("slack", "T2", "U1", "Ann in another workspace")
BO = Actor("discord", "G1", "U2", "Bo")

#: (id, owner) in the order they were written: ids interleave between people, and Ann's
#: interview 5 was deleted before the upgrade (a gap her numbers close).
CONTACTS = [(1, ANN), (2, BO), (3, ANN_ELSEWHERE), (4, ANN)]
INTERVIEWS = [(10, ANN, 1), (11, BO, 2), (12, ANN, 4), (13, ANN_ELSEWHERE, 3), (15, ANN, 1)]
REMINDERS = [(20, BO, 11), (21, ANN, 12), (22, ANN, None)]


def _owner(actor: Actor) -> str:
    return f"'{actor.platform}', '{actor.workspace_id}', '{actor.user_id}'"


def _rows_at_0009() -> list[str]:
    statements = [
        "INSERT INTO contacts (id, platform, workspace_id, user_id, name, company, role,"
        " industry, seniority, how_known, notes, links, research, research_done,"
        f" keep_in_touch) VALUES ({cid}, {_owner(who)}, 'Contact {cid}', '', '', '', '', '',"
        " '', '', '', '[]', true)"
        for cid, who in CONTACTS
    ]
    statements += [
        "INSERT INTO interviews (id, platform, workspace_id, user_id, contact_id, status,"
        " medium, duration_minutes, notes, takeaways, action_items, questions_asked) VALUES"
        f" ({iid}, {_owner(who)}, {cid}, 'held', '', 20, 'n{iid}', '', '', '[]')"
        for iid, who, cid in INTERVIEWS
    ]
    statements += [
        "INSERT INTO reminders (id, platform, workspace_id, user_id, kind, due_at, text,"
        " status, interview_id, attempts, last_error, late, message_ref) VALUES"
        f" ({rid}, {_owner(who)}, 'custom', '2026-11-23 09:00:00+00', 'r{rid}', 'pending',"
        f" {'NULL' if iid is None else iid}, 0, '', false, '')"
        for rid, who, iid in REMINDERS
    ]
    statements.append(
        "INSERT INTO action_items (id, platform, workspace_id, user_id, text) VALUES"
        f" (30, {_owner(ANN)}, 'Send CV'), (31, {_owner(ANN)}, 'Read the blog')"
    )
    statements.append(
        "INSERT INTO custom_questions (id, platform, workspace_id, user_id, text, category)"
        f" VALUES (40, {_owner(BO)}, 'Why?', 'custom')"
    )
    return statements


async def _numbers(engine: AsyncEngine, table: str) -> dict[int, int]:
    async with engine.connect() as conn:
        rows = await conn.exec_driver_sql(f"SELECT id, number FROM {table}")
        return {int(i): int(n) for i, n in rows.all()}


async def _counters(engine: AsyncEngine) -> set[tuple[str, str, str, str, int]]:
    async with engine.connect() as conn:
        rows = await conn.exec_driver_sql(
            "SELECT platform, workspace_id, user_id, kind, last FROM owner_counters"
        )
        return {(str(p), str(w), str(u), str(k), int(n)) for p, w, u, k, n in rows.all()}


async def test_0010_numbers_an_existing_journal_per_person(engine: AsyncEngine) -> None:
    await downgrade(engine, "0009")
    async with engine.begin() as conn:
        for statement in _rows_at_0009():
            await conn.exec_driver_sql(statement)

    await upgrade(engine)

    assert await _numbers(engine, "contacts") == {1: 1, 2: 1, 3: 1, 4: 2}
    assert await _numbers(engine, "interviews") == {10: 1, 11: 1, 12: 2, 13: 1, 15: 3}
    assert await _numbers(engine, "reminders") == {20: 1, 21: 1, 22: 2}
    assert await _numbers(engine, "action_items") == {30: 1, 31: 2}
    assert await _numbers(engine, "custom_questions") == {40: 1}
    ann, bo, elsewhere = (("slack", "T1", "U1"), ("discord", "G1", "U2"), ("slack", "T2", "U1"))
    assert await _counters(engine) == {
        (*ann, "contact", 2),
        (*ann, "interview", 3),
        (*ann, "reminder", 2),
        (*ann, "action_item", 2),
        (*bo, "contact", 1),
        (*bo, "interview", 1),
        (*bo, "reminder", 1),
        (*bo, "question", 1),
        (*elsewhere, "contact", 1),
        (*elsewhere, "interview", 1),
    }

    # The app reads them by number, within the owner, and carries on counting.
    uows = SqlUnitOfWorkFactory(session_factory(engine))
    async with uows() as uow:
        third = await uow.interviews.by_number(ANN, 3)
        assert third is not None
        assert third.id == 15
        assert third.notes == "n15"
        assert await uow.interviews.by_number(ANN, 4) is None
        other = await uow.interviews.by_number(BO, 1)
        assert other is not None
        assert other.id == 11
        anns = await uow.interviews.add(Interview(*ANN.key, contact_id=1))
        bos = await uow.interviews.add(Interview(*BO.key, contact_id=2))
        await uow.commit()
    assert (anns.number, bos.number) == (4, 2)  # after Ann's #3: #4, never a reused one
    numbers = await _numbers(engine, "interviews")
    assert sorted(numbers.values()) == [1, 1, 1, 2, 2, 3, 4]


async def test_0010_downgrades_and_upgrades_again(engine: AsyncEngine) -> None:
    await downgrade(engine, "0009")
    async with engine.begin() as conn:
        for statement in _rows_at_0009():
            await conn.exec_driver_sql(statement)
    await upgrade(engine)
    await downgrade(engine, "0009")
    await upgrade(engine)
    assert await _numbers(engine, "interviews") == {10: 1, 11: 1, 12: 2, 13: 1, 15: 3}
