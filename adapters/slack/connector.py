"""Slack's entry in the connector registry (`adapters/connectors.py`).

Light on purpose: the bolt app and slack_sdk are imported only when Slack is built, so
asking which platforms are configured loads no SDK.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from adapters.connectors import Connector, ConnectorSpec, Parts, RunContext, register
from adapters.settings import Settings

if TYPE_CHECKING:
    from adapters.http.server import HttpComponent
    from adapters.slack.component import SlackComponent


def _configured(settings: Settings) -> bool:
    return settings.slack_enabled


def build_slack(parts: Parts, http: HttpComponent | None = None) -> SlackComponent:
    """Slack with only the parts it uses; adds its /slack/* routes to `http`."""
    from adapters.slack.component import SlackComponent
    from adapters.slack.deps import slack_deps

    return SlackComponent(slack_deps(parts), http)


def _build(context: RunContext) -> Connector:
    return build_slack(context.parts, context.http)


SPEC = register(ConnectorSpec(name="slack", configured=_configured, build=_build, order=10))
