"""An aiohttp server on INROADS_HTTP_PORT that other components add routes to.

Slack (HTTP mode, OAuth) and operations (health, readiness, metrics) each register an
installer; the server starts once with all of them, so one port serves everything.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from aiohttp import web

from adapters.settings import Settings

log = logging.getLogger(__name__)

RouteInstaller = Callable[[web.Application], None]


class HttpComponent:
    name = "http"

    def __init__(
        self, settings: Settings, *, host: str | None = None, port: int | None = None
    ) -> None:
        self.host = host or settings.http_host
        self.port = settings.http_port if port is None else port
        self.installers: list[RouteInstaller] = []
        self._runner: web.AppRunner | None = None
        self.web_app: web.Application | None = None

    def add_routes(self, installer: RouteInstaller) -> None:
        self.installers.append(installer)

    def build(self) -> web.Application:
        web_app = web.Application(client_max_size=1024 * 1024)
        for install in self.installers:
            install(web_app)
        self.web_app = web_app
        return web_app

    @property
    def bound_port(self) -> int:
        """The real port (useful when started with port 0 in tests)."""
        assert self._runner is not None
        for site in self._runner.sites:
            server = getattr(site, "_server", None)
            if server is not None and server.sockets:
                return int(server.sockets[0].getsockname()[1])
        return self.port

    async def start(self) -> None:
        self._runner = web.AppRunner(self.build(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        log.info("HTTP server listening on %s:%s", self.host, self.bound_port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
