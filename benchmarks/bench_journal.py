"""Journal commands on a heavy user's journal, through the dispatcher and real SQLite.

One person with 2,000 contacts (a 300-deep referral chain plus a wide fan-out) and
5,000 interviews in every status; a second person of the same size in the same database,
so every query really has to filter. Each command runs end to end: parse, handler, SQL
unit of work, reply (the stats command includes drawing the PNG chart; export includes
building the JSON and the zip of CSVs).

Usage: python benchmarks/bench_journal.py [--quick]   (last line: JSON figures)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.bootstrap import build_dispatcher, build_services
from bot.domain import Actor, Contact, Interview, Outcome
from bot.reply import Reply
from storage import numbering
from storage.engine import create_engine, session_factory
from storage.mapping import start_mappers
from storage.migrate import upgrade
from storage.uow import SqlUnitOfWorkFactory

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
STATUSES = ("requested", "scheduled", "held", "thanked")
KINDS = ("referral", "job lead", "job interview", "offer")


class Clock:
    def now(self) -> datetime:
        return NOW


async def seed(factory: SqlUnitOfWorkFactory, actor: Actor, contacts: int, interviews: int) -> None:
    rng = random.Random(f"{actor.user_id}-{contacts}")
    async with factory() as uow:
        people: list[Contact] = []
        for n in range(contacts):
            parent = (
                people[n - 1].id if 0 < n < 300 else (people[rng.randrange(n)].id if n else None)
            )
            contact = Contact(
                actor.platform,
                actor.workspace_id,
                actor.user_id,
                f"Person {n}",
                company=f"Company {n % 97}",
                referred_by_id=parent,
                created_at=NOW,
            )
            await uow.contacts.add(contact)
            people.append(contact)
        talks: list[Interview] = []
        for n in range(interviews):
            status = STATUSES[n % 4]
            when = NOW - timedelta(hours=n + 1)
            interview = Interview(
                actor.platform,
                actor.workspace_id,
                actor.user_id,
                contact_id=people[rng.randrange(contacts)].id or 0,
                status=status,
                requested_at=when - timedelta(days=3),
                scheduled_at=when if status != "requested" else None,
                held_at=when if status in ("held", "thanked") else None,
                thanked_at=when + timedelta(hours=rng.choice((2, 30)))
                if status == "thanked"
                else None,
                notes="notes " * 50,
                questions_asked=["How did you start?", "What surprised you?"],
                created_at=when,
            )
            talks.append(interview)
        # Per-person numbers, as the app gives them (the column is NOT NULL since 0010).
        await numbering.assign(uow.session, talks)  # type: ignore[attr-defined]
        uow.session.add_all(talks)  # type: ignore[attr-defined]
        await uow.commit()
    # Outcomes of every fifth held conversation (ids exist now); referral notes name a
    # contact, as `interview done … referrals:` writes them, so stats really match names.
    async with factory() as uow:
        held = [i for i in await uow.interviews.list(actor) if i.status in ("held", "thanked")]
        for n, interview in enumerate(held[::5]):
            kind = KINDS[n % 4]
            note = f"Referred you to Person {rng.randrange(contacts)}" if kind == "referral" else ""
            uow.session.add(  # type: ignore[attr-defined]
                Outcome(
                    actor.platform,
                    actor.workspace_id,
                    actor.user_id,
                    kind,
                    interview_id=interview.id,
                    contact_id=interview.contact_id,
                    note=note,
                    occurred_at=interview.held_at,
                )
            )
        await uow.commit()


async def timed(runs: int, call: Callable[[], Awaitable[Reply]]) -> list[float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        reply = await call()
        samples.append((time.perf_counter() - started) * 1000)
        assert not reply.is_error, reply.plain_text()
    return samples


def p(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def main(quick: bool) -> None:
    contacts, interviews, runs = (400, 1_000, 10) if quick else (2_000, 5_000, 30)
    start_mappers()
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(f"sqlite+aiosqlite:///{tmp}/bench.sqlite3")
        await upgrade(engine)
        factory = SqlUnitOfWorkFactory(session_factory(engine))
        alice = Actor("console", "w1", "alice")
        await seed(factory, alice, contacts, interviews)
        await seed(factory, Actor("console", "w1", "bob"), contacts, interviews)
        dispatcher = build_dispatcher(build_services(factory, clock=Clock()))

        def run(text: str) -> Callable[[], Awaitable[Reply]]:
            return lambda: dispatcher.run_text(alice, text)

        counter = iter(range(10**6))
        cases: list[tuple[str, str, Callable[[], Awaitable[Reply]], int]] = [
            (
                "log",
                "interview log (new contact, 2 referrals)",
                lambda: dispatcher.run_text(
                    alice,
                    f'interview log "New {next(counter)}" when:yesterday '
                    f'referrals:"Ref {next(counter)}, Ref {next(counter)} (Acme)"',
                ),
                runs,
            ),
            (
                "plan",
                "interview plan (with .ics)",
                lambda: dispatcher.run_text(
                    alice, f'interview plan "Plan {next(counter)}" when:"tomorrow 10am"'
                ),
                runs,
            ),
            ("list", "interview list status:held", run("interview list status:held"), runs),
            ("show", "interview show", run("interview show 40"), runs),
            (
                "chain",
                "contact chain (300 deep, wide fan-out)",
                run('contact chain "Person 0"'),
                runs,
            ),
            ("stats", "inroads stats (incl. PNG chart)", run("inroads stats"), max(3, runs // 3)),
            (
                "stats_numbers",
                "inroads stats chart:off (the counting)",
                run("inroads stats chart:off"),
                runs,
            ),
            ("export", "inroads export (JSON + CSV zip)", run("inroads export"), max(3, runs // 5)),
        ]
        figures: dict[str, float] = {}
        print(
            f"journal: {contacts:,} contacts and {interviews:,} interviews per person, 2 people, SQLite"
        )
        print(f"{'command':<42} {'runs':>5} {'p50 ms':>9} {'p99 ms':>9} {'mean ms':>9}")
        for key, label, call, n in cases:
            await call()  # warm-up (font cache, statement cache)
            samples = await timed(n, call)
            figures[f"{key}_p50_ms"] = round(statistics.median(samples), 2)
            figures[f"{key}_p99_ms"] = round(p(samples, 0.99), 2)
            print(
                f"{label:<42} {n:>5} {statistics.median(samples):>9.2f} {p(samples, 0.99):>9.2f} "
                f"{statistics.fmean(samples):>9.2f}"
            )
        export = await dispatcher.run_text(alice, "inroads export")
        figures["export_json_kb"] = round(len(export.attachments[0].content) / 1024, 1)
        figures["export_zip_kb"] = round(len(export.attachments[1].content) / 1024, 1)
        print(
            f"export sizes: JSON {figures['export_json_kb']} KiB, CSV zip {figures['export_zip_kb']} KiB"
        )
        await engine.dispose()
    print(json.dumps(figures))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    asyncio.run(main(parser.parse_args().quick))
