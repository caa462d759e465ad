"""The crash/restart soak, small: 3 SIGKILLs, 300 reminders, 0.4 s platform latency, a
3 s lease so it ends in seconds (`make soak` runs 20 kills, 3,000 reminders and the
production 20 s lease).

Asserts the delivery guarantees, not speed: no due reminder is lost, and none is
duplicated on either platform, although the platform accepted sends whose "sent" the
killed process never recorded (Slack finds them in the DM's history by their metadata,
Discord returns the first message for the repeated nonce); every row ends up sent.
"""

from __future__ import annotations

import pytest

from benchmarks.bench_soak import soak

pytestmark = pytest.mark.slow


async def test_sigkill_restarts_lose_nothing_and_duplicate_nothing() -> None:
    figures = await soak(kills=3, reminders=300, seed=20261122, latency=0.4, lease=3.0)
    assert figures["unattributed_messages"] == 0
    assert figures["slack_reminders"] > 0
    assert figures["discord_reminders"] > 0
    assert figures["lost"] == 0, figures
    assert figures["duplicated"] == 0, figures
    assert figures["rows_not_sent"] == 0, figures
    # The kills really hit work: claimed rows, and sends the platform had accepted but
    # the dead process never recorded (each one a duplicate before issue 15 §6).
    assert figures["held_at_kills"] > 0, figures
    assert figures["sent_but_unrecorded_at_kills"] > 0, figures
    assert figures["redelivery_p99_s"] is not None, figures
