"""The bot process the soak kills: real app, real notifiers, real reminder dispatcher.

Started by bench_soak.py with the database URL and the fake platform's addresses. It
builds the app through the composition root, registers the real Slack notifier (tokens
from a fixed source) and the real Discord notifier (a discord.py client logged in against
the fake API), then starts the real scheduler runtime (APScheduler's dispatch job driving
the reminder dispatcher) with the production lease and heartbeat (20 s, renewed every
5 s) unless told otherwise. It runs until killed.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import discord

from adapters.discord.notifier import DiscordNotifier
from adapters.runtime import build_app
from adapters.scheduler.component import SchedulerComponent
from adapters.settings import load_settings
from adapters.slack.notifier import SlackNotifier
from bot.reminders.dispatch import DispatchConfig

DEFAULTS = DispatchConfig()


def soak_config(lease: float, renew: float) -> DispatchConfig:
    """Production delivery (lease, heartbeat, in-flight checks), no per-workspace rate
    limit (the soak measures crashes, not pacing) and quick retries."""
    return DispatchConfig(
        lease_seconds=lease,
        lease_renew_seconds=renew,
        rate_per_workspace=None,
        send_timeout_seconds=5.0,
        max_attempts=50,
        backoff_base_seconds=0.5,
        backoff_max_seconds=2.0,
    )


async def main(
    database_url: str, slack_url: str, discord_base: str, interval: float, config: DispatchConfig
) -> None:
    settings = load_settings(INROADS_DATABASE_URL=database_url, SLACK_API_URL=slack_url)
    app = await build_app(settings, migrate=False)

    async def token(_team: str) -> str:
        return "xoxb-soak-token"

    app.notifier.register("slack", SlackNotifier(slack_url, token))
    discord.http.Route.BASE = discord_base
    client = discord.Client(intents=discord.Intents.none())
    await client.login("soak-token")
    app.notifier.register("discord", DiscordNotifier(client))
    scheduler = SchedulerComponent(app.services, interval_seconds=interval, dispatch_config=config)
    await scheduler.start()
    print("ready", flush=True)
    await asyncio.Event().wait()  # until SIGKILL (or SIGTERM at the very end)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--slack-url", required=True)
    parser.add_argument("--discord-base", required=True)
    parser.add_argument("--interval", type=float, default=0.2)
    parser.add_argument("--lease", type=float, default=DEFAULTS.lease_seconds)
    parser.add_argument("--renew", type=float, default=DEFAULTS.lease_renew_seconds)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    logging.getLogger("discord").setLevel(logging.ERROR)  # voice/intents chatter
    config = soak_config(args.lease, args.renew)
    asyncio.run(main(args.database_url, args.slack_url, args.discord_base, args.interval, config))
