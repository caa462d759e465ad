"""Start a local fake (an aiohttp app) on 127.0.0.1 at a free port.

Every fake platform in the tests and benchmarks serves this way; one helper keeps the
port discovery on aiohttp's public API (`runner.addresses`) in one place.
"""

from __future__ import annotations

from aiohttp import web


async def serve_on_loopback(app: web.Application) -> tuple[web.AppRunner, int]:
    """Returns the runner (call `cleanup()` when done) and the port it listens on."""
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    return runner, int(runner.addresses[0][1])
