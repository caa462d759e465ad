"""Reminder and introduction DMs on Discord, with persistent buttons and duplicate checks.

* Each send carries a nonce derived from the idempotency key, and discord.py (2.7)
  adds ``enforce_nonce: true`` to every send with a nonce: if a retry repeats a send
  Discord already accepted, Discord returns the first message instead of posting a
  second one. Discord keeps nonces for "a few minutes", so a check after a crash
  (``find_delivered``) trusts the nonce for `NONCE_TRUSTED_SECONDS` after the first
  attempt and says it can't tell beyond that.
* Buttons carry the guild the reminder belongs to (a DM has no guild), so a click runs
  its command in the right community, as the person who clicked.
* Failures: 403 with code 50007 (DMs closed / no shared server) or 50278 are permanent
  and never retried; other 403s and 404s (unknown user) too. 429 is handled inside
  discord.py (it waits out Retry-After); only a wait longer than the client's
  ``max_ratelimit_timeout`` escapes, as a transient failure carrying ``retry_after``.
  A 401 means our token is wrong, and a 429 without Discord's proxy headers means
  Cloudflare is refusing us: either way the notifier stops calling Discord for a while
  instead of repeating the request, because Discord bans clients after 10,000 invalid
  (401/403/429) requests in 10 minutes.
* Channel posts (round announcements) need a channel id: a `<#123>` mention or a raw id
  is used as is; a `#name` is looked up among the server's text channels, in the cache
  first and then over REST (the server may belong to another process's shard). The same
  nonce makes a retried announcement land once.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Sequence
from datetime import UTC, datetime

import discord

from adapters.discord.render import render
from bot.channels import parse_channel
from bot.domain import Actor
from bot.ports import DeliveryError
from bot.ports.delivery import DeliveryUnverifiable
from bot.reply import Reply

log = logging.getLogger(__name__)

PERMANENT_CODES = {
    50007: "the user does not accept DMs from this bot",
    50278: "the user cannot be messaged by this bot",
}
#: Why Discord refused a channel post, in words an admin can act on.
CHANNEL_REFUSALS = {
    10003: "that channel no longer exists",
    50001: "the bot can't see that channel",
    50013: "the bot isn't allowed to post in that channel",
}
#: GUILD_TEXT and GUILD_ANNOUNCEMENT: the channel types a bot can post a message in.
TEXT_CHANNEL_TYPES = frozenset({0, 5})
NONCE_MAX = 25
#: How long after a send Discord is trusted to drop a repeat with the same nonce.
NONCE_TRUSTED_SECONDS = 120.0
UNAUTHORISED_PAUSE_SECONDS = 300.0
CLOUDFLARE_PAUSE_SECONDS = 600.0


def nonce_for(idempotency_key: str) -> str:
    """A stable nonce of at most 25 characters (Discord's limit) for one logical send."""
    return hashlib.sha256(idempotency_key.encode()).hexdigest()[:NONCE_MAX]


class DiscordNotifier:
    def __init__(self, client: discord.Client) -> None:
        self.client = client
        self._paused_until = 0.0
        self._pause_reason = ""

    async def send_dm(self, recipient: Actor, reply: Reply, *, idempotency_key: str) -> str:
        if not recipient.user_id.isdigit():
            raise DeliveryError("not a Discord user id", permanent=True)
        wait = self._paused_until - time.monotonic()
        if wait > 0:
            raise DeliveryError(self._pause_reason, permanent=False, retry_after=wait)
        try:
            channel = await self.client.create_dm(discord.Object(id=int(recipient.user_id)))
            message = await channel.send(
                nonce=nonce_for(idempotency_key), **render(reply, recipient.workspace_id)
            )
        except discord.RateLimited as exc:
            raise DeliveryError(
                "rate limited by Discord", permanent=False, retry_after=exc.retry_after
            ) from None
        except discord.HTTPException as exc:
            raise self._classify(exc) from None
        return f"{channel.id}/{message.id}"

    async def find_delivered(
        self, recipient: Actor, *, idempotency_key: str, since: datetime
    ) -> str | None:
        """None: sending again is safe, because the repeat carries the same nonce and
        Discord returns the first message instead of posting it twice. Past the nonce
        window Discord would post it again, and its DM history does not say which
        message came from which send, so this can't tell."""
        age = (datetime.now(UTC) - since).total_seconds()
        if age > NONCE_TRUSTED_SECONDS:
            raise DeliveryUnverifiable(
                f"the first attempt was {age:.0f}s ago, past Discord's duplicate window"
            )
        return None

    async def find_delivered_group(
        self, members: Sequence[Actor], *, idempotency_key: str, since: datetime
    ) -> str | None:
        """A group message is a DM to each member, each with its own nonce: the same
        answer as for one DM (a repeat inside the nonce window is dropped by Discord)."""
        for member in members:
            await self.find_delivered(
                member, idempotency_key=f"{idempotency_key}:{member.user_id}", since=since
            )
        return None

    async def post_to_channel(
        self, platform: str, workspace_id: str, channel: str, reply: Reply, *, idempotency_key: str
    ) -> str:
        wait = self._paused_until - time.monotonic()
        if wait > 0:
            raise DeliveryError(self._pause_reason, permanent=False, retry_after=wait)
        try:
            channel_id = await self._channel_id(workspace_id, channel)
            target = self.client.get_partial_messageable(channel_id, guild_id=int(workspace_id))
            message = await target.send(
                nonce=nonce_for(idempotency_key), **render(reply, workspace_id)
            )
        except discord.RateLimited as exc:
            raise DeliveryError(
                "rate limited by Discord", permanent=False, retry_after=exc.retry_after
            ) from None
        except discord.HTTPException as exc:
            if exc.status in (403, 404):
                reason = CHANNEL_REFUSALS.get(
                    exc.code, f"Discord refused the post ({exc.status}, code {exc.code})"
                )
                raise DeliveryError(reason, permanent=True) from None
            raise self._classify(exc) from None
        return f"{channel_id}/{message.id}"

    async def _channel_id(self, workspace_id: str, setting: str) -> int:
        """The id of the channel the admin configured (see the module docstring)."""
        ref = parse_channel(setting)
        if ref is None or (ref.id and not ref.id.isdigit()) or not workspace_id.isdigit():
            raise DeliveryError("that is not a Discord channel", permanent=True)
        if ref.id:
            return int(ref.id)
        name = ref.name.lower()
        guild = self.client.get_guild(int(workspace_id))
        if guild is not None:
            for cached in guild.text_channels:
                if cached.name.lower() == name:
                    return cached.id
        for data in await self.client.http.get_all_guild_channels(int(workspace_id)):
            if data["type"] in TEXT_CHANNEL_TYPES and data["name"].lower() == name:
                return int(data["id"])
        raise DeliveryError(f"there is no text channel named #{ref.name}", permanent=True)

    def _classify(self, exc: discord.HTTPException) -> DeliveryError:
        extra = {"platform": "discord", "status": exc.status, "code": exc.code}
        if exc.status == 403 and exc.code in PERMANENT_CODES:
            return DeliveryError(PERMANENT_CODES[exc.code], permanent=True)
        if exc.status == 401:
            return self._pause("Discord rejected the bot token", UNAUTHORISED_PAUSE_SECONDS, extra)
        if exc.status in (403, 404):
            return DeliveryError(
                f"Discord refused the DM ({exc.status}, code {exc.code})", permanent=True
            )
        if exc.status == 429:
            # discord.py waits out Discord's own 429s; one that reaches us came without
            # Discord's proxy headers: Cloudflare is refusing this client. Stop for a while.
            retry = exc.response.headers.get("Retry-After") if exc.response else None
            pause = max(float(retry) if retry else 0.0, CLOUDFLARE_PAUSE_SECONDS)
            return self._pause("Discord's network refused the bot for now", pause, extra)
        log.warning("Discord DM failed; will retry", extra=extra)
        return DeliveryError(f"Discord answered {exc.status}", permanent=False)

    def _pause(self, reason: str, seconds: float, extra: dict[str, object]) -> DeliveryError:
        """Stop calling Discord for `seconds`: repeating an invalid request risks a ban."""
        self._paused_until = time.monotonic() + seconds
        self._pause_reason = reason
        log.error("%s; pausing DMs for %.0f s", reason, seconds, extra=extra)
        return DeliveryError(reason, permanent=False, retry_after=seconds)

    async def send_group(
        self, members: Sequence[Actor], reply: Reply, *, idempotency_key: str
    ) -> str:
        """Bots cannot open group DMs on Discord: each member gets the message in their DM.

        Each send has its own nonce (key + member), so a retry of the whole group repeats
        none of the DMs that already went out. Permanent only if every member failed so.
        """
        refs: list[str] = []
        failures: list[DeliveryError] = []
        for member in members:
            try:
                refs.append(
                    await self.send_dm(
                        member, reply, idempotency_key=f"{idempotency_key}:{member.user_id}"
                    )
                )
            except DeliveryError as exc:
                failures.append(exc)
        if failures and (not refs or any(not f.permanent for f in failures)):
            permanent = all(f.permanent for f in failures)
            raise DeliveryError(
                "; ".join(f.reason for f in failures),
                permanent=permanent,
                retry_after=max((f.retry_after or 0.0 for f in failures), default=None) or None,
            )
        return ",".join(refs)
