"""`/questions` over the full bank, through the core (dispatcher, parsing, ranking, reply).

Storage is the in-memory fake, so the figure is the core's own cost: parse the command,
find the contact, read their interviews and the user's custom questions, score and
balance every question of the bank, render the reply. The workload varies the contact
(many industries, roles, levels, with and without earlier conversations and asked
questions), the goal, the pack size and the page, plus requests by typed industry/role.

Goal from the issue: p99 <= 20 ms per request on these machines.

Usage: python benchmarks/bench_questions.py [--requests N]   (last line: JSON figures)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.bootstrap import build_dispatcher, build_services
from bot.domain import Actor, Contact, CustomQuestion, Interview
from bot.questions.bank import load_bank
from tests.fakes import FakeUnitOfWork, FixedClock, MemoryStore

ACTOR = Actor("console", "w1", "bench", "Bench")
ROLES = [
    "Engineering Manager",
    "Senior Software Engineer",
    "Product Manager",
    "Data Scientist",
    "UX Designer",
    "Nurse",
    "Associate Attorney",
    "Teacher",
    "Founder",
    "VP Marketing",
    "Policy Advisor",
    "Consultant",
    "Analyst",
    "Journalist",
    "",
]
INDUSTRIES = [
    "Fintech",
    "Healthcare",
    "Law",
    "Education",
    "Consulting",
    "Energy",
    "Media",
    "Public sector",
    "Retail",
    "Tech",
    "Nonprofit",
    "",
]
GOALS = ["exploring", "breaking-in", "changing-careers", "business-research"]


class ReadMostlyUnitOfWorkFactory:
    """The in-memory fake without the per-transaction deep copy of the whole store.

    tests.fakes snapshots every row on entry so tests can assert "nothing was written";
    that copy costs more than the request itself and says nothing about the core. The only
    write in this workload is saving a goal, which is fine to keep.
    """

    def __init__(self) -> None:
        self.store = MemoryStore()

    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[FakeUnitOfWork]:
        yield FakeUnitOfWork(self.store, isolated=False)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def seed_store(uow: ReadMostlyUnitOfWorkFactory, rng: random.Random, contacts: int) -> list[int]:
    """The contacts' numbers (what `questions for:#n` names), not their row ids: asking
    by id found nobody for a third of the requests, which then timed an error reply."""
    bank = load_bank()
    numbers: list[int] = []
    for n in range(contacts):
        contact = Contact(
            ACTOR.platform,
            ACTOR.workspace_id,
            ACTOR.user_id,
            f"Person {n}",
            company=f"Company {n % 17}",
            role=rng.choice(ROLES),
            industry=rng.choice(INDUSTRIES),
        )
        uow.store.insert("contacts", contact)
        numbers.append(contact.number or 0)
        for _ in range(rng.randrange(0, 3)):
            asked = [q.text for q in rng.sample(bank, rng.randrange(0, 12))]
            uow.store.insert(
                "interviews",
                Interview(
                    ACTOR.platform,
                    ACTOR.workspace_id,
                    ACTOR.user_id,
                    contact.id or 0,
                    status="held",
                    held_at=FixedClock().now(),
                    questions_asked=asked,
                ),
            )
    for n in range(15):
        uow.store.insert(
            "custom_questions",
            CustomQuestion(
                ACTOR.platform,
                ACTOR.workspace_id,
                ACTOR.user_id,
                f"My own question number {n} about how you work?",
            ),
        )
    return numbers


def workload(rng: random.Random, contact_numbers: list[int], requests: int) -> list[str]:
    commands: list[str] = []
    for _ in range(requests):
        kind = rng.random()
        count = rng.choice(["", "", " count:5", " count:12", " count:20"])
        page = rng.choice(["", "", "", " page:2", " page:4"])
        if kind < 0.7:
            commands.append(f"questions for:#{rng.choice(contact_numbers)}{count}{page}")
        elif kind < 0.9:
            role, industry = rng.choice(ROLES) or "Analyst", rng.choice(INDUSTRIES) or "Tech"
            commands.append(f'questions role:"{role}" industry:"{industry}"{count}{page}')
        else:
            commands.append(f"questions goal:{rng.choice(GOALS)}{count}")
    return commands


async def run(requests: int, contacts: int) -> dict[str, float]:
    rng = random.Random(20261122)
    uow = ReadMostlyUnitOfWorkFactory()
    contact_numbers = seed_store(uow, rng, contacts)
    dispatcher = build_dispatcher(build_services(uow, clock=FixedClock()))
    commands = workload(rng, contact_numbers, requests)
    for command in commands[:50]:  # warm-up: bank load, tag caches
        await dispatcher.run_text(ACTOR, command)
    timings: list[float] = []
    cpu: list[float] = []
    errors = 0
    started = time.perf_counter()
    for command in commands:
        t0, c0 = time.perf_counter(), time.process_time()
        reply = await dispatcher.run_text(ACTOR, command)
        timings.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        errors += reply.is_error
    wall = time.perf_counter() - started
    return {
        "requests": float(len(commands)),
        "bank_questions": float(len(load_bank())),
        "contacts": float(contacts),
        "errors": float(errors),
        "p50_ms": round(percentile(timings, 0.50), 3),
        "p90_ms": round(percentile(timings, 0.90), 3),
        "p99_ms": round(percentile(timings, 0.99), 3),
        "max_ms": round(max(timings), 3),
        "mean_ms": round(statistics.fmean(timings), 3),
        "cpu_p50_ms": round(percentile(cpu, 0.50), 3),
        "cpu_p99_ms": round(percentile(cpu, 0.99), 3),
        "throughput_rps": round(len(commands) / wall, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--contacts", type=int, default=60)
    args = parser.parse_args()
    figures = asyncio.run(run(args.requests, args.contacts))
    print(
        f"/questions over the full bank ({int(figures['bank_questions'])} questions), core + fakes"
    )
    print(f"{'metric':<16}{'value':>12}")
    for key, value in figures.items():
        print(f"{key:<16}{value:>12}")
    verdict = "meets" if figures["p99_ms"] <= 20 else "MISSES"
    print(f"p99 {verdict} the 20 ms goal (wall clock; cpu_* is this process's CPU time,")
    print("which stays meaningful when other work shares the machine)")
    if figures["errors"]:  # an error reply is cheap: timing them hides the real cost
        print(f"{int(figures['errors'])} requests were refused: the workload is wrong")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
