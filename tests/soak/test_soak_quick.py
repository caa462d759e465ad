"""The crash/restart soak, small: 3 SIGKILLs, 300 reminders (`make soak` runs 20 / 3,000).

Asserts the delivery guarantees, not speed: no due reminder is lost; Discord never
shows a duplicate (the nonce absorbs repeats); Slack duplicates happen only across a kill
(a send the platform accepted just before the process died, not yet marked sent), never
twice from one living process; and every row ends up sent.
"""

from __future__ import annotations

import pytest

from benchmarks.bench_soak import soak

pytestmark = pytest.mark.slow


async def test_sigkill_restarts_lose_nothing_and_duplicate_only_across_kills() -> None:
    figures = await soak(kills=3, reminders=300, seed=20261122)
    assert figures["unattributed_messages"] == 0
    assert figures["slack_reminders"] > 0
    assert figures["discord_reminders"] > 0
    assert figures["slack_lost"] == 0, figures
    assert figures["discord_lost"] == 0, figures
    assert figures["discord_duplicates"] == 0, figures
    assert figures["duplicates_without_a_kill"] == 0, figures
    # Every Slack repeat was a send the platform had accepted but the killed process had
    # not yet recorded as sent (read from the database right after each kill).
    assert figures["duplicates_not_explained_by_a_kill"] == 0, figures
    assert figures["rows_not_sent"] == 0, figures
