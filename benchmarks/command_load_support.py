"""Support for bench_commands: a realistic stream of full `interview log`s, the journals
people start with, and the two ways of driving the server (as fast as it answers; at a
steady rate).

A "full" `interview log` is the command people send most and the heaviest common one:
a contact found or added, an interview written, its referral and check-in rules run
(thank-you and reflection nudges, keep-in-touch), the inbox row deleted in the same
commit, and the answer posted to the response_url. Every command names someone new, as
a person logging this week's conversations does; some carry notes and takeaways, some
a `when:`. Each person starts with a journal of SEEDED_CONTACTS contacts, so looking a
name up is not the empty-journal special case.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import aiohttp

from bot.journal.names import _closeness as closeness
from bot.journal.names import fold

FIRST = (
    "Amara",
    "Bjorn",
    "Chiara",
    "Dmitri",
    "Esme",
    "Farid",
    "Greta",
    "Hiroshi",
    "Ines",
    "Jovan",
    "Kalani",
    "Liesel",
    "Mateo",
    "Nadia",
    "Oskar",
    "Priya",
    "Quentin",
    "Rosalind",
    "Soren",
    "Tamsin",
    "Ugo",
    "Valentina",
    "Wendell",
    "Xiomara",
    "Yusuf",
    "Zofia",
    "Anselm",
    "Beatrix",
    "Cosmo",
    "Delphine",
)
LAST = (
    "Abernathy",
    "Brennan",
    "Castellano",
    "Dubois",
    "Eriksen",
    "Fitzgerald",
    "Gutierrez",
    "Halvorsen",
    "Ivanova",
    "Jablonski",
    "Kowalczyk",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "Okonkwo",
    "Petrovic",
    "Quintero",
    "Rasmussen",
    "Sandoval",
    "Takahashi",
    "Underwood",
    "Valdivia",
    "Whitaker",
    "Yamamoto",
    "Zielinski",
    "Achterberg",
    "Bergstrom",
    "Carmichael",
    "Delacroix",
    "Esposito",
)
COMPANIES = ("Acme", "Globex", "Initech", "Umbrella Health", "Stark Labs", "Wayne Data")
ROLES = ("Data Engineer", "Product Manager", "UX Researcher", "Staff Engineer", "Designer")
NOTES = (
    "Start with the data team; they hire juniors in spring.",
    "Talked about moving from teaching into research; portfolio matters more than degrees.",
    "She suggested a small side project with public data and a write-up.",
)
TAKEAWAYS = (
    "Ask for a portfolio review next month",
    "Read the team's engineering blog before applying",
    "Join the local meetup",
)
WHEN = ("yesterday 3pm", "today 9am", "2 days ago")
SEEDED_CONTACTS = 30


def distinct_names(count: int) -> list[str]:
    """`count` names no two of which the journal would confuse (no "did you mean"), so
    every command is a plain new contact, never a question back."""
    kept: list[str] = []
    folded: list[str] = []
    for first, last in itertools.product(FIRST, LAST):
        name = f"{first} {last}"
        key = fold(name)
        if all(not closeness(key, other) and not closeness(other, key) for other in folded):
            kept.append(name)
            folded.append(key)
            if len(kept) == count:
                return kept
    raise ValueError(f"only {len(kept)} distinct names")


@dataclass
class Population:
    """`workspaces` x `people` Slack members; the i-th command goes to the i-th person
    round-robin, each naming the next of `names` they have not used."""

    workspaces: int
    people: int
    names: list[str]
    used: Counter[int] = field(default_factory=Counter)

    @property
    def size(self) -> int:
        return self.workspaces * self.people

    def owner(self, person: int) -> tuple[str, str]:
        return f"T{person % self.workspaces:04d}", f"U{person:05d}"

    def body(self, i: int, fake_url: str, tag: str) -> str:
        person = i % self.size
        team, user = self.owner(person)
        self.used[person] += 1
        name = self.names[SEEDED_CONTACTS + self.used[person] - 1]
        text = f'log "{name}" company:"{COMPANIES[i % 6]}" role:"{ROLES[i % 5]}"'
        if i % 5 < 2:  # two in five carry what was said
            text += f' notes:"{NOTES[i % 3]}" takeaways:"{TAKEAWAYS[i % 3]}"'
        if i % 3 == 0:
            text += f' when:"{WHEN[i % 3]}"'
        return urlencode(
            {
                "token": "legacy",
                "team_id": team,
                "team_domain": "bench",
                "channel_id": "C0",
                "channel_name": "general",
                "user_id": user,
                "user_name": user.lower(),
                "command": "/interview",
                "api_app_id": "A0",
                "text": text,
                "response_url": f"{fake_url}/respond/{tag}-{i}",
                "trigger_id": f"{i}.1.{tag}",
            }
        )


async def seed_journals(db_url: str, population: Population) -> None:
    """SEEDED_CONTACTS contacts per person, written directly (not what is measured)."""
    from sqlalchemy import insert

    from storage import tables
    from storage.engine import create_engine
    from storage.numbering import number_rows

    now = datetime.now(UTC)
    rows = [
        {
            "platform": "slack",
            "workspace_id": team,
            "user_id": user,
            "name": population.names[k],
            "company": COMPANIES[k % 6],
            "created_at": now,
        }
        for person in range(population.size)
        for team, user in [population.owner(person)]
        for k in range(SEEDED_CONTACTS)
    ]
    engine = create_engine(db_url)
    try:
        async with engine.begin() as connection:
            await number_rows(connection, tables.contacts, rows)  # per-person numbers
            await connection.execute(insert(tables.contacts), rows)
    finally:
        await engine.dispose()


@dataclass
class Sent:
    """What the client saw: ack latencies, refusals, and when each command left."""

    sent_at: dict[str, float] = field(default_factory=dict)
    acks: list[float] = field(default_factory=list)
    refused: int = 0
    errors: int = 0


async def post(session: aiohttp.ClientSession, url: str, body: str, key: str, sent: Sent) -> None:
    from slack_load_support import signed

    sent.sent_at[key] = time.time()
    started = time.perf_counter()
    try:
        async with session.post(url, data=body, headers=signed(body)) as response:
            text = await response.text()
            if response.status != 200:
                sent.errors += 1
            elif text.strip() and "Got it" not in text:
                sent.refused += 1  # the ack said busy: nothing was queued
            else:  # queued (a slow write is queued too, and answered)
                sent.acks.append(time.perf_counter() - started)
    except (aiohttp.ClientError, TimeoutError):
        sent.errors += 1


async def logged_count(session: aiohttp.ClientSession, fake_url: str, what: str = "logged") -> int:
    """How many full logs were answered (or, with `what`, Web API calls of that method)."""
    async with session.get(fake_url + "/stats") as response:
        return int((await response.json()).get(what, 0))


async def saturate(
    url: str,
    fake_url: str,
    population: Population,
    *,
    seconds: float,
    ramp: float,
    window: int,
    start: int,
    tag: str,
) -> tuple[float, int, Sent]:
    """Keep about `window` commands acked but unanswered for `ramp + seconds`, and count
    the full logs answered per second over the last `seconds` (the backlog never runs
    dry, so this is what one process can do). Returns (logs/s, commands sent, Sent)."""
    sent = Sent()
    numbers = itertools.count(start)
    answered = 0
    done = asyncio.Event()
    connector = aiohttp.TCPConnector(limit=32)
    async with aiohttp.ClientSession(
        connector=connector, timeout=aiohttp.ClientTimeout(total=10)
    ) as session:
        base = await logged_count(session, fake_url)

        async def sender() -> None:
            while not done.is_set():
                if len(sent.sent_at) - (answered - base) >= window:
                    await asyncio.sleep(0.005)
                    continue
                i = next(numbers)
                await post(session, url, population.body(i, fake_url, tag), f"{tag}-{i}", sent)

        senders = [asyncio.create_task(sender()) for _ in range(16)]
        began = time.perf_counter()
        marks: list[tuple[float, int]] = []
        while (now := time.perf_counter()) - began < ramp + seconds:
            answered = await logged_count(session, fake_url)
            if now - began >= ramp:
                marks.append((now, answered))
            await asyncio.sleep(0.05)
        done.set()
        await asyncio.gather(*senders)
    (t0, n0), (t1, n1) = marks[0], marks[-1]
    return (n1 - n0) / (t1 - t0), len(sent.sent_at), sent


async def steady(
    url: str, fake_url: str, population: Population, *, rate: float, seconds: float, start: int
) -> Sent:
    """Send `rate` commands a second on a fixed timetable (open loop: a slow answer never
    slows the sending), for `seconds`."""
    sent = Sent()
    tasks: list[asyncio.Task[None]] = []
    connector = aiohttp.TCPConnector(limit=64)
    async with aiohttp.ClientSession(
        connector=connector, timeout=aiohttp.ClientTimeout(total=10)
    ) as session:
        began = time.perf_counter()
        for n in range(int(rate * seconds)):
            delay = began + n / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            i = start + n
            body = population.body(i, fake_url, "s")
            tasks.append(asyncio.create_task(post(session, url, body, f"s-{i}", sent)))
        await asyncio.gather(*tasks)
    return sent


async def wait_logged(fake_url: str, expected: int, limit: float = 60) -> int:
    """Wait (bounded) until `expected` full logs were answered; returns how many were."""
    deadline = time.monotonic() + limit
    async with aiohttp.ClientSession() as session:
        while True:
            count = await logged_count(session, fake_url)
            if count >= expected or time.monotonic() > deadline:
                return count
            await asyncio.sleep(0.1)


async def answer_seconds(fake_url: str, sent: Sent) -> list[float]:
    """Seconds from sending to the answer reaching the response_url, sorted."""
    async with aiohttp.ClientSession() as session, session.get(fake_url + "/answers") as r:
        answered: dict[str, float] = await r.json()
    return sorted(answered[k] - at for k, at in sent.sent_at.items() if k in answered)


def cpu_seconds(db_name: str, pids: dict[str, int]) -> dict[str, float]:
    """CPU seconds (user + system) used so far by each named process, by the PostgreSQL
    backends serving `db_name`, and by this client. On a shared machine throughput moves
    with the neighbours' load; the CPU each command costs does much less."""
    tick = os.sysconf("SC_CLK_TCK")

    def of(pid: int | str) -> float:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / tick

    used = {name: of(pid) for name, pid in pids.items()}
    used["client"] = of(os.getpid())
    postgres = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if command.startswith(b"postgres:") and db_name.encode() in command:
            postgres += of(entry.name)
    used["postgres"] = postgres
    return used
