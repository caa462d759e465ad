"""Where a fake that serves Slack and Discord from one loopback port puts each API.

The fault tests' and the soak benchmark's fakes answer both platforms on one server;
the bot is pointed at `slack_url` and `discord_base`, so both fakes share this layout.
"""

from __future__ import annotations

#: Slack's Web API methods live under this path (`/slack/api/chat.postMessage`).
SLACK_API = "/slack/api"
#: Discord's REST API v10 lives under this path (`/discord/api/v10/users/@me`).
DISCORD_API = "/discord/api/v10"


class BothPlatforms:
    """The URLs to configure the bot with, once the fake listens on `port`."""

    port: int

    @property
    def slack_url(self) -> str:
        """SLACK_API_URL: slack_sdk appends the method name to it."""
        return f"http://127.0.0.1:{self.port}{SLACK_API}/"

    @property
    def discord_base(self) -> str:
        """discord.py's API base, without a trailing slash."""
        return f"http://127.0.0.1:{self.port}{DISCORD_API}"
