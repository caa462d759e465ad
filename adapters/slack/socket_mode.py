"""Socket Mode with the same door as HTTP: payloads checked for Slack's shapes first.

Over HTTP, `shapes.checked_request` refuses a signed body of a shape Slack never sends
before bolt reads it, and tidies the rest. Bolt's Socket Mode handler hands each
envelope's payload straight to the app, so the same odd shapes (`actions: []`, a list
where an object belongs, a command without its user) raised inside bolt: a traceback in
the log for each, and a command without a person could reach the inbox. This handler
runs the same check and tidying, then the same app (so the same listeners, and the same
inbox, for commands, clicks and forms). A refused envelope is logged in one line naming
the problem and left unacknowledged, as bolt leaves whatever it could not handle: the
Socket Mode counterpart of HTTP's 400. There is no signature to check: the websocket
itself is opened with the app-level token.
"""

from __future__ import annotations

import logging
import time

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.adapter.socket_mode.async_internals import send_async_response
from slack_bolt.adapter.socket_mode.internals import build_headers
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest

from adapters.slack.shapes import problem, tidy

log = logging.getLogger(__name__)


def checked_envelope(req: SocketModeRequest) -> AsyncBoltRequest | str:
    """The bolt request for an envelope's payload, or what is wrong with it."""
    reason = problem(req.payload)
    if reason is not None:
        return reason
    try:
        request = AsyncBoltRequest(mode="socket_mode", body=req.payload, headers=build_headers(req))
    except Exception as exc:  # bolt refused a shape problem() let through
        return f"bolt could not read it ({exc.__class__.__name__})"
    tidy(request.body)
    return request


class GuardedSocketModeHandler(AsyncSocketModeHandler):
    async def handle(self, client: SocketModeClient, req: SocketModeRequest) -> None:  # type: ignore[override]
        started = time.time()
        checked = checked_envelope(req)
        if isinstance(checked, str):
            log.warning("refused a Slack Socket Mode %s payload: %s", req.type, checked)
            return
        response = await self.app.async_dispatch(checked)
        await send_async_response(client, req, response, started)
