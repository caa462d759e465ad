"""The Slack adapter as a runtime component: builds the bolt app from settings.

* HTTP mode (`SLACK_SIGNING_SECRET`): `/slack/events` (and, with OAuth, `/slack/install`
  and `/slack/oauth_redirect`) on the shared aiohttp server; scales horizontally.
* Socket Mode (`SLACK_APP_TOKEN`): a websocket to Slack, for development and small installs;
  its payloads pass the same shape check as HTTP's (`socket_mode.py`) and reach the same
  listeners and inbox.
* OAuth (`SLACK_CLIENT_ID`/`SLACK_CLIENT_SECRET`): per-workspace tokens from the encrypted
  installation store; uninstalling removes tokens now and data after the grace period
  (`INROADS_SLACK_PURGE_GRACE_DAYS`, default 30), checked hourly by `purge_loop`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime, timedelta

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError

from adapters.http.server import HttpComponent
from adapters.settings import SettingsError
from adapters.slack.client import make_client
from adapters.slack.deps import SlackDeps
from adapters.slack.inbox import Inbox
from adapters.slack.intake import KIND_UPLOAD, QUEUED_KINDS
from adapters.slack.listeners import SlackHandlers
from adapters.slack.middleware import RequestOnly
from adapters.slack.notifier import SLACK_PLATFORM, SlackNotifier
from adapters.slack.oauth import EncryptedInstallationStore, cipher_from, oauth_settings
from adapters.slack.people import TimezoneLearner
from adapters.slack.replay import ReplayGuard, looks_signed
from adapters.slack.retries import EventRetries
from adapters.slack.shapes import checked_request
from adapters.slack.socket_mode import GuardedSocketModeHandler
from adapters.slack.uploads import SlackUploads
from storage.inbox import InboxEntry, SqlInbox
from storage.replay import SqlReplayLedger
from storage.workspaces import cancel_purge, due_purges, purge_workspace, schedule_purge

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
PURGE_CHECK_SECONDS = 3600.0
#: How often the shared ledger drops signatures and event ids older than their window.
REPLAY_PRUNE_SECONDS = 300.0
#: At shutdown, how long acked work that is not in the inbox (a form being opened, App
#: Home, a note in the DM) may take to finish; the inbox gets the rest of the slice.
DRAIN_SECONDS = 2.0


class SlackComponent:
    """Slack's connector (`adapters.connectors.Connector`), built from the parts it
    uses (`adapters.slack.deps`)."""

    name = "slack"
    platform = SLACK_PLATFORM

    def __init__(self, deps: SlackDeps, http: HttpComponent | None = None) -> None:
        settings = deps.settings
        self.settings = settings
        self.engine = deps.engine
        self.clock = deps.commands.services.clock
        self.health = deps.health
        self.store: EncryptedInstallationStore | None = None
        self.grace = timedelta(days=settings.slack_purge_grace_days)
        self._socket: GuardedSocketModeHandler | None = None
        self._purger: asyncio.Task[None] | None = None
        self._pruner: asyncio.Task[None] | None = None
        metrics = deps.metrics
        self.count_429 = lambda: metrics.rate_limited(SLACK_PLATFORM)
        client = make_client(settings.slack_api_url, on_rate_limited=self.count_429)
        signing = settings.slack_signing_secret
        kwargs: dict[str, object] = {}
        if settings.slack_client_id:
            if signing is None:
                raise SettingsError(
                    "SLACK_CLIENT_ID needs SLACK_SIGNING_SECRET: installs and events arrive "
                    "over HTTP at /slack/install, /slack/oauth_redirect and /slack/events."
                )
            self.store = EncryptedInstallationStore(
                settings.slack_client_id, self.engine, cipher_from(settings), self._installed
            )
            kwargs["installation_store"] = self.store
            kwargs["oauth_settings"] = oauth_settings(settings, self.store, self.engine)
        else:
            if settings.slack_bot_token is None:
                raise SettingsError("Slack needs SLACK_BOT_TOKEN, or SLACK_CLIENT_ID for OAuth.")
            client = make_client(
                settings.slack_api_url,
                settings.slack_bot_token.get_secret_value(),
                on_rate_limited=self.count_429,
            )
        self.bolt = AsyncApp(
            client=client,
            signing_secret=signing.get_secret_value() if signing else "",
            # Listeners ack, hand their work to AfterAck and return (background.py).
            process_before_response=True,
            **kwargs,  # type: ignore[arg-type]
        )
        self._signing_secret = signing.get_secret_value() if signing else ""
        # One table for both: signatures only when replicas share them (settings),
        # events' ids always (a retry may reach another replica, or this one restarted).
        self.ledger = SqlReplayLedger(self.engine)
        self.replay_guard = ReplayGuard(
            ledger=self.ledger if settings.slack_replay_shared else None
        )
        self.bolt.use(RequestOnly(self.replay_guard.middleware))
        self.event_retries = EventRetries(self.ledger)
        self.bolt.use(RequestOnly(self.event_retries.middleware))
        dispatcher = deps.commands.dispatcher
        self.handlers = SlackHandlers(
            dispatcher, TimezoneLearner(deps.commands.services), self._workspace_gone
        )
        self.handlers.register(self.bolt)
        self.inbox = Inbox(
            SqlInbox(self.engine),
            self._run_queued,
            kinds=QUEUED_KINDS,
            registry=metrics.registry,
        )
        self.handlers.inbox = self.inbox
        self.uploads = SlackUploads(
            dispatcher,
            self.handlers.after_ack,
            self.handlers.inbound,
            settings.slack_api_url,
            inbox=self.inbox,
        )
        self.uploads.register(self.bolt)
        deps.health.add_check(
            "slack_inbox", lambda: self.inbox.backlog_reason(settings.ready_max_backlog_seconds)
        )
        self.stop_seconds = settings.shutdown_timeout_seconds
        self.notifier = SlackNotifier(
            settings.slack_api_url, self.token_for, on_rate_limited=self.count_429
        )
        deps.notifiers.register(SLACK_PLATFORM, self.notifier)
        self.http_session: aiohttp.ClientSession | None = None
        if http is not None and settings.slack_signing_secret is not None:
            http.add_routes(self.install_routes)

    # --- tokens and lifecycle ---------------------------------------------------------

    async def token_for(self, team_id: str) -> str | None:
        if self.store is not None:
            return await self.store.bot_token(team_id)
        token = self.settings.slack_bot_token
        return token.get_secret_value() if token else None

    async def _installed(self, team_id: str) -> None:
        if await cancel_purge(self.engine, SLACK_PLATFORM, team_id):
            log.info("workspace %s reinstalled: its scheduled purge is cancelled", team_id)

    async def _workspace_gone(self, team_id: str, reason: str) -> None:
        if self.store is not None:
            await self.store.delete_workspace(team_id)
        when = await schedule_purge(
            self.engine,
            SLACK_PLATFORM,
            team_id,
            now=self.clock.now(),
            grace=self.grace,
            reason=reason,
        )
        log.info("workspace %s: %s; tokens removed, data purge after %s", team_id, reason, when)

    async def purge_once(self) -> int:
        """Erase Slack workspaces whose grace period is over; returns how many went.

        Before erasing, check the app is really gone: a workspace that reinstalled (OAuth
        store has its bot again, or the single bot token answers `auth.test` for it) keeps
        its data and the purge is cancelled.
        """
        purged = 0
        now = self.clock.now()
        for _, team_id in await due_purges(self.engine, now, platform=SLACK_PLATFORM):
            if await self._still_installed(team_id):
                await cancel_purge(self.engine, SLACK_PLATFORM, team_id)
                log.info("workspace %s has the app again: purge cancelled", team_id)
                continue
            rows = await purge_workspace(self.engine, SLACK_PLATFORM, team_id)
            log.info("purged %s rows of Slack workspace %s", rows, team_id)
            purged += 1
        return purged

    async def _still_installed(self, team_id: str) -> bool:
        token = await self.token_for(team_id)
        if not token:
            return False
        if self.store is not None:
            return True
        try:
            client = make_client(self.settings.slack_api_url, token, on_rate_limited=self.count_429)
            answer = await client.auth_test()
        except SlackApiError:
            return False
        return answer.get("team_id") == team_id

    async def purge_loop(self) -> None:
        while True:
            try:
                await self.purge_once()
            except Exception:
                log.exception("scheduled workspace purge failed; will retry")
            await asyncio.sleep(PURGE_CHECK_SECONDS)

    async def prune_ledger(self) -> int:
        """Drop the ledger's signatures and event ids older than their window (one
        DELETE: they share the table); returns how many went."""
        window = max(self.replay_guard.window, self.event_retries.window)
        return await self.ledger.forget_before(datetime.now(UTC) - timedelta(seconds=window))

    async def prune_loop(self) -> None:
        while True:
            await asyncio.sleep(REPLAY_PRUNE_SECONDS)
            try:
                await self.prune_ledger()
            except Exception:
                log.exception("pruning the replay ledger failed; will retry")

    async def _run_queued(self, entry: InboxEntry) -> None:
        """Run one command, click, form or upload from the inbox with a client holding
        its workspace's token."""
        client = self.bolt.client
        if self.store is not None:
            token = await self.token_for(entry.workspace_id)
            client = make_client(
                self.settings.slack_api_url,
                token,
                on_rate_limited=self.count_429,
                session=self.http_session,
            )
        if entry.kind == KIND_UPLOAD:
            await self.uploads.run_queued(entry, client)
            return
        age = (self.inbox.now() - entry.received_at).total_seconds()
        await self.handlers.run_queued(entry, client, age)

    # --- transport --------------------------------------------------------------------

    def install_routes(self, web_app: web.Application) -> None:
        web_app.router.add_post(EVENTS_PATH, self._events)
        flow = self.bolt.oauth_flow
        if flow is not None:
            web_app.router.add_get(flow.install_path, self._install)
            web_app.router.add_get(flow.redirect_uri_path, self._callback)

    async def _events(self, request: web.Request) -> web.Response:
        if self.health.shutting_down:
            # Intake is closed: Slack retries events; people are asked to try again.
            return web.Response(status=503, headers={"Retry-After": "5"})
        if not looks_signed(request.headers):
            return web.Response(status=401)
        checked = await checked_request(request, self._signing_secret)
        if isinstance(checked, web.Response):
            return checked
        response = await self.bolt.async_dispatch(checked)
        return await to_aiohttp_response(response)

    async def _install(self, request: web.Request) -> web.Response:
        assert self.bolt.oauth_flow is not None
        flow = self.bolt.oauth_flow
        return await to_aiohttp_response(
            await flow.handle_installation(await to_bolt_request(request))
        )

    async def _callback(self, request: web.Request) -> web.Response:
        assert self.bolt.oauth_flow is not None
        flow = self.bolt.oauth_flow
        return await to_aiohttp_response(await flow.handle_callback(await to_bolt_request(request)))

    async def start(self) -> None:
        # One HTTP session (connection pool) for every Web API call of this process:
        # slack_sdk otherwise opens a new connection, TLS handshake included, per call.
        self.http_session = aiohttp.ClientSession()
        self.bolt.client.session = self.http_session
        self.notifier.session = self.http_session
        if self.settings.slack_app_token is not None:
            self._socket = GuardedSocketModeHandler(
                self.bolt,
                self.settings.slack_app_token.get_secret_value(),
                web_client=make_client(
                    self.settings.slack_api_url,
                    on_rate_limited=self.count_429,
                    session=self.http_session,
                ),
            )
            await self._socket.connect_async()  # type: ignore[no-untyped-call]
        await self.inbox.start()
        self._purger = asyncio.create_task(self.purge_loop(), name="slack-purge")
        self._pruner = asyncio.create_task(self.prune_loop(), name="slack-replay-prune")

    async def stop(self, within_seconds: float | None = None) -> None:
        """Close intake, then finish or hand back acked work within `within_seconds`
        (the runtime gives each component its own slice of the shutdown budget)."""
        loop = asyncio.get_running_loop()
        budget = self.stop_seconds if within_seconds is None else within_seconds
        deadline = loop.time() + budget
        self.inbox.close_intake()
        # Work already acked first: it needs the HTTP session and the database.
        await self.handlers.after_ack.drain(min(DRAIN_SECONDS, budget / 3))
        await self.inbox.stop(max(deadline - loop.time() - 0.2, 0.1))
        for task in (self._purger, self._pruner):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        if self._socket is not None:
            await self._socket.close_async()  # type: ignore[no-untyped-call]
        if self.http_session is not None:
            self.notifier.session = None
            await self.http_session.close()
            self.http_session = None
