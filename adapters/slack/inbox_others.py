"""Inbox rows of kinds this process does not run: left for a process that does.

In a rolling deploy a newer process may acknowledge work of a kind an older one has never
heard of (a new kind of button, say) and write it to the shared inbox. Before, an older
process claimed such a row, could not run it, logged an error and deleted it: the person
had been told "got it" and never heard back. Now claims take only the kinds a process
runs (`storage.inbox.SqlInbox.claim`), so the row waits for a process that knows it.

Those rows are not this process's backlog, so `/readyz` ignores them (restarting this
process would not help them); they are reported instead, checked at most once a minute:
the count and the oldest's age in `/metrics`, an INFO line while some wait, and a WARNING
once the oldest has waited past :data:`WARN_AFTER_SECONDS`, when the deploy has stalled
and a process that knows the kind is needed. Only kinds and counts are logged, never a
row's payload.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from datetime import datetime

from storage.inbox import KindWaiting, SqlInbox

log = logging.getLogger(__name__)

#: How often the others are counted (one grouped SELECT).
CHECK_EVERY_SECONDS = 60.0
#: Past this age, the rows are not a deploy in progress but one that stalled.
WARN_AFTER_SECONDS = 300.0


class OtherKinds:
    """What waits in the inbox for a process that knows its kind."""

    def __init__(
        self,
        store: SqlInbox,
        platform: str,
        kinds: Collection[str],
        now: Callable[[], datetime],
        *,
        every_seconds: float = CHECK_EVERY_SECONDS,
        warn_after_seconds: float = WARN_AFTER_SECONDS,
    ) -> None:
        self.store = store
        self.platform = platform
        self.kinds = frozenset(kinds)
        self.now = now
        self.every_seconds = every_seconds
        self.warn_after_seconds = warn_after_seconds
        self.waiting: list[KindWaiting] = []
        self._checked_at: datetime | None = None

    @property
    def count(self) -> int:
        return sum(w.count for w in self.waiting)

    def oldest_age(self) -> float:
        """Seconds the oldest of them has waited, as of the last check (0 for none)."""
        if not self.waiting:
            return 0.0
        oldest = min(w.oldest for w in self.waiting)
        return max((self.now() - oldest).total_seconds(), 0.0)

    async def check(self, *, force: bool = False) -> bool:
        """Count them and say so, unless counted less than a minute ago (`force` counts
        anyway); True when it counted."""
        now = self.now()
        if (
            not force
            and self._checked_at is not None
            and (now - self._checked_at).total_seconds() < self.every_seconds
        ):
            return False
        self._checked_at = now
        self.waiting = await self.store.others(self.platform, self.kinds, now)
        self._report()
        return True

    def _report(self) -> None:
        if not self.waiting:
            return
        age = self.oldest_age()
        kinds = ", ".join(f"{w.kind} ({w.count})" for w in self.waiting[:5])
        if age > self.warn_after_seconds:
            log.warning(
                "%d acknowledged requests of kinds this version does not run (%s) have waited "
                "up to %.0f s: a process of the version that wrote them is needed to answer "
                "them",
                self.count,
                kinds,
                age,
            )
        else:
            log.info(
                "%d acknowledged requests of kinds this version does not run (%s) are left "
                "for a newer process; the oldest has waited %.0f s",
                self.count,
                kinds,
                age,
            )
