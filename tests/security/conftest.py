"""Reuse the Slack adapter's fixtures (real bolt app + recording fake Web API)."""

from __future__ import annotations

from tests.slack.conftest import fake, slack  # noqa: F401
from tests.slack.test_oauth import oauth  # noqa: F401
