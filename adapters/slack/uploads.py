"""Files dropped into the bot's DM: `contact import` by upload.

Slack tells the bot with a `message` event (subtype `file_share`, `channel_type` `im`,
scope `im:history`, event `message.im`) carrying the file's `url_private_download`; the
bot downloads it with its own token (scope `files:read`) and hands the bytes to the core,
which answers in the same DM with the preview. Only the first file of a message is read,
the size Slack announces is checked before the download, and the token is only ever
sent to Slack's own hosts. The message's text may carry the command's options
(`columns:"name=Full name"`). File names and contents are never logged.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.background import AfterAck
from adapters.slack.intake import log_ids
from adapters.slack.messaging import post_reply
from adapters.slack.notifier import SLACK_PLATFORM
from adapters.slack.render import unescape
from bot.dispatcher import Dispatcher
from bot.domain import Actor
from bot.errors import UsageError
from bot.grammar import parse
from bot.journal.contact_import import ImportContacts
from bot.journal.import_rows import MAX_FILE_BYTES
from bot.reply import Reply, error_reply

log = logging.getLogger(__name__)

IMPORT_PATH = ("contact", "import")
DOWNLOAD_FAILED = (
    "I couldn't download that file from Slack, so nothing was imported. Please upload it "
    "again; if it keeps failing, ask your workspace admin to reinstall Inroads (it needs "
    "permission to read files you share with it)."
)

TYPED_HERE = Reply(
    text="I only read files here: drop LinkedIn's Connections.csv (or its export zip), a "
    ".vcf or a .csv into this conversation to import contacts, with a preview first. "
    "Everything else works with the slash commands, starting with `/inroads help`."
)


class UploadDownloadError(Exception):
    """The file could not be fetched (network, permission, a host that isn't Slack's)."""


def slack_host(url: str, api_url: str) -> bool:
    """Whether `url` is on Slack's own hosts: the API's host or one under it
    (files.slack.com beside slack.com; the local fake in tests)."""
    host = (urlsplit(url).hostname or "").lower()
    api = (urlsplit(api_url).hostname or "").lower().removeprefix("www.")
    return bool(host) and (host == api or host.endswith("." + api))


async def download(client: AsyncWebClient, url: str, *, api_url: str) -> bytes:
    """The file's bytes, read with the bot token, at most MAX_FILE_BYTES + 1 of them."""
    if not client.token or not slack_host(url, api_url):
        raise UploadDownloadError("not a Slack file address")
    headers = {"Authorization": f"Bearer {client.token}"}
    own = client.session is None
    session = aiohttp.ClientSession() if own else client.session
    assert session is not None
    try:
        async with session.get(url, headers=headers, allow_redirects=False) as response:
            # Without files:read Slack answers its sign-in page, with status 200.
            if response.status != 200 or response.content_type == "text/html":
                raise UploadDownloadError(f"HTTP {response.status} {response.content_type}")
            return await response.content.read(MAX_FILE_BYTES + 1)
    except (aiohttp.ClientError, TimeoutError) as exc:
        raise UploadDownloadError(type(exc).__name__) from None
    finally:
        if own:
            await session.close()


class SlackUploads:
    def __init__(self, dispatcher: Dispatcher, after_ack: AfterAck, api_url: str) -> None:
        self.dispatcher = dispatcher
        self.after_ack = after_ack
        self.api_url = api_url

    def register(self, app: AsyncApp) -> None:
        # Every DM message reaches the bot once `message.im` is on: one listener must
        # take each (bolt answers 404 to an unhandled event, and Slack turns off an app's
        # events when most of them fail). Files are read; typed text gets a pointer.
        app.event({"type": "message", "subtype": "file_share"})(self.on_file_share)
        app.event("message")(self.on_message)

    async def on_message(
        self,
        event: dict[str, Any],
        body: dict[str, Any],
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        if event.get("subtype") or event.get("bot_id") or event.get("channel_type") != "im":
            return  # edits, deletions, the bot's own messages, other channels
        team = str(event.get("team") or body.get("team_id") or "")
        actor = Actor(SLACK_PLATFORM, team, str(event.get("user") or ""))
        work = self._say(client, actor, str(event.get("channel") or ""), TYPED_HERE)
        self.after_ack.start(work, name="slack-dm-text", context=context)

    async def _say(self, client: AsyncWebClient, actor: Actor, channel: str, reply: Reply) -> None:
        try:
            await post_reply(client, channel, reply)
        except Exception:
            log.exception("could not answer a DM message", extra=log_ids(actor))

    async def on_file_share(
        self,
        event: dict[str, Any],
        body: dict[str, Any],
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        files = event.get("files") or []
        if event.get("channel_type") != "im" or event.get("bot_id") or not files:
            return  # only what a person shares with the bot, in its DM
        team = str(event.get("team") or body.get("team_id") or "")
        actor = Actor(SLACK_PLATFORM, team, str(event.get("user") or ""))
        work = self._import(client, actor, str(event.get("channel") or ""), files[0], event)
        self.after_ack.start(work, name="slack-upload", context=context)

    async def _import(
        self,
        client: AsyncWebClient,
        actor: Actor,
        channel: str,
        shared: dict[str, Any],
        event: dict[str, Any],
    ) -> None:
        try:
            reply = await self.reply_for(client, actor, shared, str(event.get("text") or ""))
            await post_reply(client, channel, reply)
        except Exception:
            log.exception("importing an uploaded file failed", extra=log_ids(actor))
            try:
                await post_reply(client, channel, error_reply(DOWNLOAD_FAILED))
            except Exception:
                log.exception("could not say so either", extra=log_ids(actor))

    async def reply_for(
        self, client: AsyncWebClient, actor: Actor, shared: dict[str, Any], text: str
    ) -> Reply:
        spec = self.dispatcher.spec_for(IMPORT_PATH)
        try:
            columns = parse(unescape(text)).option_text("columns")
        except UsageError:
            columns = ""  # a comment that isn't grammar is just a comment
        size = int(shared.get("size") or 0)
        command = ImportContacts(
            actor=actor, source=str(shared.get("name") or ""), size=size, columns=columns
        )
        if size <= MAX_FILE_BYTES:
            url = str(shared.get("url_private_download") or shared.get("url_private") or "")
            try:
                data = await download(client, url, api_url=self.api_url)
            except UploadDownloadError as exc:
                log.warning("could not download an upload: %s", exc, extra=log_ids(actor))
                return error_reply(DOWNLOAD_FAILED)
            command = replace(command, data=data)
        return await self.dispatcher.run(spec, command)
