"""The encrypted installation store and the workspace purge, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cryptography.fernet import Fernet, MultiFernet
from slack_sdk.oauth.installation_store.models.installation import Installation
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.slack.oauth import EncryptedInstallationStore
from bot.domain import Contact, Interview, UserSettings
from storage import tables
from storage.uow import SqlUnitOfWorkFactory
from storage.workspaces import cancel_purge, purge_due, purge_workspace, schedule_purge

NOW = datetime(2026, 11, 22, 12, tzinfo=UTC)


def installation(team: str, token: str) -> Installation:
    return Installation(
        app_id="A0APP",
        team_id=team,
        user_id="U0ADMIN",
        bot_token=token,
        bot_id="B0BOT",
        bot_user_id="UBOT",
        bot_scopes="commands,chat:write",
        bot_refresh_token="xoxe-1-" + "r" * 120,  # long: ciphertext must still fit
        bot_token_expires_in=43_200,
    )


async def test_store_round_trip_encrypts_and_rotates_keys(engine: AsyncEngine) -> None:
    old, new = Fernet.generate_key(), Fernet.generate_key()
    store = EncryptedInstallationStore("111.222", engine, MultiFernet([Fernet(old)]))
    await store.async_save(installation("T1", "xoxb-" + "a" * 50))
    await store.async_save(installation("T2", "xoxb-other"))
    async with engine.connect() as conn:
        raw = [r.bot_token for r in await conn.execute(select(tables.slack_bots.c.bot_token))]
    assert all(not t.startswith("xox") for t in raw)

    # A new key first, the old one still decrypts: keys can be rotated.
    rotated = EncryptedInstallationStore("111.222", engine, MultiFernet([Fernet(new), Fernet(old)]))
    assert await rotated.bot_token("T1") == "xoxb-" + "a" * 50
    found = await rotated.async_find_installation(enterprise_id=None, team_id="T1")
    assert found is not None
    assert found.bot_refresh_token == "xoxe-1-" + "r" * 120

    await rotated.delete_workspace("T1")
    assert await rotated.bot_token("T1") is None
    assert await rotated.bot_token("T2") == "xoxb-other"


async def test_purge_erases_one_tenant_only(
    engine: AsyncEngine, sql_uow: SqlUnitOfWorkFactory
) -> None:
    async with sql_uow() as uow:
        for team in ("T1", "T2"):
            parent = await uow.contacts.add(Contact("slack", team, "U1", "Ref", created_at=NOW))
            child = await uow.contacts.add(
                Contact("slack", team, "U1", "Jane", referred_by_id=parent.id, created_at=NOW)
            )
            await uow.interviews.add(
                Interview("slack", team, "U1", contact_id=child.id or 0, held_at=NOW)
            )
            await uow.settings.save(UserSettings("slack", team, "U1"))
        await uow.commit()

    when = await schedule_purge(
        engine, "slack", "T1", now=NOW, grace=timedelta(days=30), reason="app_uninstalled"
    )
    assert when == NOW + timedelta(days=30)
    assert await purge_due(engine, NOW + timedelta(days=29)) == []
    done = await purge_due(engine, NOW + timedelta(days=30))
    assert [(p, w) for p, w, _ in done] == [("slack", "T1")]
    assert done[0][2] >= 4

    async with engine.connect() as conn:
        for table in (tables.contacts, tables.interviews, tables.user_settings):
            teams = {r[0] for r in await conn.execute(select(table.c.workspace_id))}
            assert teams == {"T2"}
        left = await conn.execute(select(func.count()).select_from(tables.workspace_purges))
        assert left.scalar_one() == 0


async def test_cancel_and_direct_purge(engine: AsyncEngine) -> None:
    await schedule_purge(engine, "slack", "T9", now=NOW, grace=timedelta(days=1), reason="x")
    assert await cancel_purge(engine, "slack", "T9")
    assert not await cancel_purge(engine, "slack", "T9")
    assert await purge_workspace(engine, "slack", "T9") == 0
