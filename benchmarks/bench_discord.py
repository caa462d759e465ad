"""Discord interactions end to end: raw INTERACTION_CREATE → command tree → core on real
SQLite → embed answer over HTTP to a local fake Discord API (schema-validated), plus
reminder DMs through the notifier.

Measures, per interaction, the time from the gateway event to the recorded answer:
sequential latency (p50/p99), a burst of concurrent interactions (throughput), and the DM
send rate. Discord's own limits (3 s to acknowledge, rate limits) are far above these;
the point is that the adapter adds little and never blocks the event loop for long.

Usage: python benchmarks/bench_discord.py [--quick]   (last line: JSON figures)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import discord

from adapters.discord.client import InroadsDiscordClient, api_base
from adapters.discord.notifier import DiscordNotifier
from adapters.runtime import build_app
from adapters.settings import load_settings
from bot.domain import Actor
from bot.reply import Action, Reply
from tests.discord.conftest import ALICE_ID, GUILD, DiscordHarness
from tests.discord.fake_api import TOKEN, FakeDiscord


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def answered(fake: FakeDiscord, token: str) -> None:
    def done(call: Any) -> bool:
        return token in call.path and call.route == "/webhooks/{webhook_id}/{webhook_token}"

    await fake.wait_for(done, limit=30)


async def main(quick: bool) -> dict[str, float]:
    sequential = 60 if quick else 300
    burst = 50 if quick else 200
    dms = 50 if quick else 300
    fake = FakeDiscord()
    await fake.start()
    with tempfile.TemporaryDirectory() as tmp, api_base(fake.base):
        settings = load_settings(
            discord_token=TOKEN,
            discord_api_base=fake.base,
            database_url=f"sqlite+aiosqlite:///{tmp}/bench.sqlite3",
        )
        app = await build_app(settings)
        client = InroadsDiscordClient(app.dispatcher, app.services)
        await client.login(TOKEN)
        bot = DiscordHarness(fake, None, app.dispatcher, app.services, client)  # type: ignore[arg-type]
        commands = [
            (("interview", "log"), {"contact": "Jane Doe", "company": "Acme", "notes": "n"}),
            (("interview", "list"), {"status": "held"}),
            (("contact", "show"), {"contact": "Jane Doe"}),
        ]
        latencies: list[float] = []
        for i in range(sequential):
            path, values = commands[i % len(commands)]
            started = time.perf_counter()
            token = bot.feed(bot.slash(path, values, user=ALICE_ID, guild=GUILD))
            await answered(fake, token)
            latencies.append((time.perf_counter() - started) * 1000)

        started = time.perf_counter()
        tokens = [
            bot.feed(bot.slash(("interview", "list"), {}, user=str(100000000000001000 + i)))
            for i in range(burst)
        ]
        wanted = set(tokens)
        seen: set[str] = set()

        def all_answered(call: Any) -> bool:
            if call.route == "/webhooks/{webhook_id}/{webhook_token}":
                token = call.path.rsplit("/", 1)[-1]
                if token in wanted:
                    seen.add(token)
            return seen == wanted

        await fake.wait_for(all_answered, limit=120)
        burst_seconds = time.perf_counter() - started

        notifier = DiscordNotifier(client)
        reply = Reply(text="Time to say thanks", actions=(Action("Done", "checkin done 1"),))
        started = time.perf_counter()
        for i in range(dms):
            actor = Actor("discord", GUILD, str(100000000000002000 + i))
            await notifier.send_dm(actor, reply, idempotency_key=f"bench:{i}")
        dm_seconds = time.perf_counter() - started

        invalid = len(fake.invalid())
        await client.close()
        await app.close()
    await fake.stop()
    figures = {
        "interaction_p50_ms": round(statistics.median(latencies), 2),
        "interaction_p99_ms": round(percentile(latencies, 0.99), 2),
        "burst_interactions": burst,
        "burst_per_s": round(burst / burst_seconds, 1),
        "dm_per_s": round(dms / dm_seconds, 1),
        "invalid_requests": invalid,
    }
    print(f"discord.py {discord.__version__}, real SQLite, local fake API")
    print(f"{'measure':<34}{'value':>12}")
    print(f"{'sequential interactions':<34}{sequential:>12}")
    print(f"{'  latency p50 (ms)':<34}{figures['interaction_p50_ms']:>12}")
    print(f"{'  latency p99 (ms)':<34}{figures['interaction_p99_ms']:>12}")
    print(f"{'concurrent burst':<34}{burst:>12}")
    print(f"{'  answered per second':<34}{figures['burst_per_s']:>12}")
    print(f"{'reminder DMs per second':<34}{figures['dm_per_s']:>12}")
    print(f"{'requests refused by the schema':<34}{invalid:>12}")
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    result = asyncio.run(main(parser.parse_args().quick))
    print(json.dumps(result))
