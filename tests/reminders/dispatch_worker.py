"""A dispatcher process for the crash test: drains a database, recording each DM in a file.

    python -m tests.reminders.dispatch_worker --url URL [--schema S] --out FILE

Each DM appends ``reminder-<id>`` and a newline to FILE (flushed at once, so a line is on
disk before the settle that follows it). Exits when no reminder is pending or claimed.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from sqlalchemy import func, select

from bot.bootstrap import build_services
from bot.domain import Actor
from bot.reminders.dispatch import DispatchConfig, ReminderDispatcher
from bot.reply import Reply
from storage import tables
from storage.engine import create_engine, session_factory
from storage.mapping import start_mappers
from storage.uow import SqlUnitOfWorkFactory
from tests.fakes import DmOnlyNotifier


class FileNotifier(DmOnlyNotifier):
    def __init__(self, path: Path, delay: float) -> None:
        self.out = path.open("a", encoding="utf-8")
        self.delay = delay

    async def send_dm(self, recipient: Actor, reply: Reply, *, idempotency_key: str) -> str:
        await asyncio.sleep(self.delay)
        self.out.write(idempotency_key + "\n")
        self.out.flush()
        return idempotency_key


async def main(args: argparse.Namespace) -> None:
    start_mappers()
    engine = create_engine(args.url, schema=args.schema or None)
    services = build_services(
        SqlUnitOfWorkFactory(session_factory(engine)),
        notifier=FileNotifier(Path(args.out), args.delay),
    )
    config = DispatchConfig(
        rate_per_workspace=None,
        batch_size=args.batch,
        concurrency=8,
        lease_seconds=args.lease,
    )
    dispatcher = ReminderDispatcher(services, config)
    left = select(func.count()).where(tables.reminders.c.status.in_(["pending", "claimed"]))
    try:
        while True:
            await dispatcher.run_once()
            async with engine.connect() as conn:
                if not await conn.scalar(left):
                    break
            await asyncio.sleep(0.1)
    finally:
        await engine.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--schema", default="")
    parser.add_argument("--out", required=True)
    parser.add_argument("--lease", type=float, default=2.0)
    parser.add_argument("--delay", type=float, default=0.005)
    parser.add_argument("--batch", type=int, default=50)
    asyncio.run(main(parser.parse_args()))
