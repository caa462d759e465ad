"""A dispatcher killed with SIGKILL mid-batch and restarted loses nothing (both databases)."""

from __future__ import annotations

import asyncio
import collections
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import tables
from tests.reminders.test_scheduler import seed

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
TOTAL = 400
BATCH = 50


async def where(engine: AsyncEngine) -> tuple[str, str]:
    url = engine.url.render_as_string(hide_password=False)
    schema = ""
    if engine.dialect.name == "postgresql":
        async with engine.connect() as conn:
            schema = (await conn.execute(text("SHOW search_path"))).scalar_one().strip('"')
    return url, schema


def worker(url: str, schema: str, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.reminders.dispatch_worker",
            "--url",
            url,
            "--schema",
            schema,
            "--out",
            str(out),
            "--batch",
            str(BATCH),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


async def claimed_now(engine: AsyncEngine) -> bool:
    async with engine.connect() as conn:
        found = await conn.scalar(
            select(tables.reminders.c.id).where(tables.reminders.c.status == "claimed").limit(1)
        )
    return found is not None


def lines(out: Path) -> list[str]:
    return out.read_text().split() if out.exists() else []


async def test_sigkill_mid_batch_then_restart_loses_nothing(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    await seed(engine, TOTAL, datetime.now(UTC) - timedelta(minutes=1))
    out = tmp_path / "sent.txt"
    url, schema = await where(engine)
    first = await asyncio.to_thread(worker, url, schema, out)
    try:
        for _ in range(2400):  # until it is well into its work, holding claims
            if first.poll() is not None:
                break
            if len(lines(out)) >= 120 and await claimed_now(engine):
                break
            await asyncio.sleep(0.02)
        assert first.poll() is None, "the worker finished before it could be killed"
        os.kill(first.pid, signal.SIGKILL)
    finally:
        first.wait(timeout=30)
    assert first.returncode == -signal.SIGKILL
    assert await claimed_now(engine)  # it really died mid-batch, holding claims

    second = await asyncio.to_thread(worker, url, schema, out)
    assert await asyncio.to_thread(second.wait, 180) == 0

    counts = collections.Counter(lines(out))
    assert set(counts) == {f"reminder-{i}" for i in range(1, TOTAL + 1)}  # nothing lost
    repeats = sum(n - 1 for n in counts.values())
    dup_ids = sorted(int(k.split("-")[1]) for k, n in counts.items() if n > 1)
    assert repeats <= BATCH, str(dup_ids)  # only messages in flight at the kill can go twice
    async with engine.connect() as conn:
        statuses = (await conn.execute(select(tables.reminders.c.status))).scalars().all()
    assert set(statuses) == {"sent"}
