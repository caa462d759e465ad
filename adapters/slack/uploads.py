"""Files dropped into the bot's DM: `contact import` by upload.

Slack tells the bot with a `message` event (subtype `file_share`, `channel_type` `im`,
scope `im:history`, event `message.im`). An upload is acknowledged work like a command:
before the event is acked it is written to the inbox (`adapters.slack.inbox`, kind
`upload`), so a stop or a crash hands it to the next process instead of dropping it.
The row keeps who, which DM, the file's id and the message's text (its options,
`columns:"name=Full name"`), never the file's bytes: when it runs, from this process or
the next, the bot asks Slack for the file again (`files.info`), downloads it with its
own token (scope `files:read`) and hands the bytes to the core, which answers in the
same DM with the preview. Only the first file of a message is read, the size Slack
announces is checked before the download, and the token is only ever sent to Slack's
own hosts. File names and contents are never logged, nor written to the database.
Slack's retry of the event (sent when an ack was slow) is dropped once the upload is
queued (`adapters.slack.retries`), so a file is previewed once.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.inbound import Inbound, Request, Visibility
from adapters.slack.background import AfterAck
from adapters.slack.inbox import Inbox, Offer
from adapters.slack.intake import KIND_UPLOAD, log_ids
from adapters.slack.messaging import post_reply
from adapters.slack.notifier import SLACK_PLATFORM
from adapters.slack.render import unescape
from adapters.slack.retries import already_taken, release
from bot.dispatcher import Dispatcher
from bot.domain import Actor
from bot.errors import UsageError
from bot.grammar import parse
from bot.journal.contact_import import ImportContacts
from bot.journal.import_rows import MAX_FILE_BYTES
from bot.reply import Reply, Tone, error_reply
from storage.inbox import InboxEntry, NewEntry

log = logging.getLogger(__name__)

IMPORT_PATH = ("contact", "import")
#: How a crash in an upload's import is logged (with ids only) before the apology.
FAILED_WHERE = "Slack upload"
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


#: Said in the DM when an upload was not taken (an event's ack carries no text).
UPLOAD_NOTES = {
    Offer.BUSY: "I've got too much on my plate to take that file right now, so nothing "
    "was imported. Please drop it here again in a minute.",
    Offer.FAILED: "Something on my side hiccuped while taking that file, so nothing was "
    "imported. Please drop it here again in a moment.",
    Offer.SLOW: "Got your file. I'm running a little behind, so the preview may take a "
    "moment to arrive.",
}


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


def upload_payload(event: dict[str, Any], team: str) -> dict[str, str]:
    """What an upload keeps in the inbox: who shared it, in which DM, which file (its id:
    the bytes stay with Slack) and the message's text, which may carry options."""
    shared = (event.get("files") or [{}])[0]
    return {
        "team_id": team,
        "user_id": str(event.get("user") or ""),
        "channel": str(event.get("channel") or ""),
        "file_id": str(shared.get("id") or ""),
        "text": str(event.get("text") or ""),
    }


class UploadSurface:
    """An upload's answer (`adapters.inbound.Surface`): in the DM the file was shared in,
    attachments included; the apology goes there too."""

    def __init__(self, client: AsyncWebClient, channel: str) -> None:
        self.client = client
        self.channel = channel

    async def first_contact(self, actor: Actor) -> None:
        return None

    async def answer(self, reply: Reply, visibility: Visibility) -> None:
        await post_reply(self.client, self.channel, reply)

    async def files_to_dm(self, reply: Reply) -> None:
        return None  # the DM post carried them

    async def apologise(self, reply: Reply) -> None:
        await post_reply(self.client, self.channel, reply)


class SlackUploads:
    """The DM's message listeners, and the runner of queued uploads (the component hands
    it the inbox rows of kind `upload`)."""

    def __init__(
        self,
        dispatcher: Dispatcher,
        after_ack: AfterAck,
        inbound: Inbound,
        api_url: str,
        inbox: Inbox | None = None,
    ) -> None:
        self.dispatcher = dispatcher
        self.after_ack = after_ack
        self.inbound = inbound
        self.api_url = api_url
        #: Where acked uploads wait; before it has started (tests that never start the
        #: component) an upload runs straight after the ack.
        self.inbox = inbox

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
        """Bolt answers Slack when this returns (`process_before_response`), so the ack
        waits for the inbox write, as a command's does."""
        if event.get("channel_type") != "im" or event.get("bot_id") or not event.get("files"):
            return  # only what a person shares with the bot, in its DM
        team = str(event.get("team") or body.get("team_id") or "")
        payload = upload_payload(event, team)
        inbox = self.inbox
        if inbox is None or not inbox.started:
            self.after_ack.start(self.run(payload, client), name="slack-upload", context=context)
            return
        if await already_taken(context):  # a replay, or Slack's retry of a queued upload
            return
        actor = Actor(SLACK_PLATFORM, team, payload["user_id"])
        new = NewEntry(SLACK_PLATFORM, team, actor.user_id, KIND_UPLOAD, payload, inbox.now())
        offer = await inbox.offer(new)
        if offer in (Offer.BUSY, Offer.FAILED):
            await release(context)  # nothing taken: a retry of this event may take it
        if (text := UPLOAD_NOTES.get(offer)) is not None:
            note = Reply(text=text, tone=Tone.WARNING)
            self.after_ack.start(
                self._say(client, actor, payload["channel"], note), name="slack-upload-note"
            )

    async def run_queued(self, entry: InboxEntry, client: AsyncWebClient) -> None:
        """An upload from the inbox, in this process or the next."""
        await self.run({str(k): str(v) for k, v in entry.payload.items()}, client)

    async def run(self, payload: dict[str, str], client: AsyncWebClient) -> None:
        """Fetch the file again and answer with the preview, through the shared pipeline:
        its bound, its apology, and its guard (`storage.inbox.armed`), so the preview's
        staged rows and the inbox row's deletion commit together and a crash after that
        commit never previews the same file twice."""
        actor = Actor(SLACK_PLATFORM, payload.get("team_id", ""), payload.get("user_id", ""))
        file_id, text = payload.get("file_id", ""), payload.get("text", "")

        async def job() -> Reply:
            return await self.reply_for_file(client, actor, file_id, text)

        surface = UploadSurface(client, payload.get("channel", ""))
        await self.inbound.command(
            actor,
            Request(" ".join(IMPORT_PATH), job=job),
            surface,
            shared_place=False,
            where=FAILED_WHERE,
        )

    async def reply_for_file(
        self, client: AsyncWebClient, actor: Actor, file_id: str, text: str
    ) -> Reply:
        """The import's answer for the file with this id, as Slack describes it now
        (`files.info`: its name, size and download address)."""
        try:
            found = await client.files_info(file=file_id)
        except SlackApiError as exc:
            error = str(exc.response.get("error") or "unknown")
            log.warning("could not look up an upload: %s", error, extra=log_ids(actor))
            return error_reply(DOWNLOAD_FAILED)
        except (aiohttp.ClientError, TimeoutError) as exc:
            log.warning("could not look up an upload: %s", type(exc).__name__, extra=log_ids(actor))
            return error_reply(DOWNLOAD_FAILED)
        shared = found.get("file")
        if not file_id or not isinstance(shared, dict):
            return error_reply(DOWNLOAD_FAILED)
        return await self.reply_for(client, actor, shared, text)

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
