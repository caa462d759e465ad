"""What keeps a crash from sending a reminder twice: the in-flight mark and the heartbeat.

* :class:`InFlightMarks` commits ``sending_since`` for each row just before its send
  reaches the platform. Sends that start together share one commit (a commit is a disk
  flush; one per send would cap throughput at the disk's flush rate). A row whose mark
  did not commit is not sent: without the mark a crash could repeat it unnoticed.
* :func:`keep_claim` renews the batch's lease while its sends are alive, so the lease
  can be short (20 s by default): a living dispatcher keeps its rows however slow the
  platform is, and a killed one's rows come back within one lease instead of minutes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta

from bot.reminders.dispatch_config import DispatchConfig
from bot.services import Services

log = logging.getLogger(__name__)


class InFlightMarks:
    """Marks rows of one claim (``token``) as in flight, many per commit."""

    def __init__(self, services: Services, token: str, linger_seconds: float) -> None:
        self.services = services
        self.token = token
        self.linger_seconds = linger_seconds
        self._waiting: dict[int, asyncio.Future[bool]] = {}
        self._writer: asyncio.Task[None] | None = None

    async def mark(self, reminder_id: int) -> bool:
        """True once the mark is committed and the row is still ours to send."""
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._waiting[reminder_id] = future
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write())
        return await future

    async def _write(self) -> None:
        # Runs until nobody waits: marks asked for while one commit is under way go
        # in the next, so none is left waiting for a writer that already finished.
        while self._waiting:
            await asyncio.sleep(self.linger_seconds)
            waiting, self._waiting = self._waiting, {}
            try:
                async with self.services.uow() as uow:
                    marked = await uow.reminders.mark_in_flight(
                        self.token, list(waiting), self.services.clock.now()
                    )
                    await uow.commit()
            except Exception:
                log.exception("could not record %d sends as in flight", len(waiting))
                marked = set()
            for reminder_id, future in waiting.items():
                if not future.done():
                    future.set_result(reminder_id in marked)

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._writer
        for future in self._waiting.values():
            future.cancel()


async def keep_claim(services: Services, config: DispatchConfig, token: str) -> None:
    """Renew the lease of every row `token` still holds, every `lease_renew_seconds`,
    until cancelled (the batch is settled). A renewal that fails is logged and tried
    again at the next beat; if none succeeds the lease runs out and the rows come back,
    where the in-flight mark keeps a resend from repeating what already arrived."""
    while True:
        await asyncio.sleep(config.lease_renew_seconds)
        until = services.clock.now() + timedelta(seconds=config.lease_seconds)
        try:
            async with services.uow() as uow:
                await uow.reminders.extend_claim(token, until)
                await uow.commit()
        except Exception:
            log.warning("could not renew a reminder lease; trying again", exc_info=True)
