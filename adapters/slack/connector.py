"""Slack's entry in the connector registry (`adapters/connectors.py`).

Light on purpose: the bolt app and slack_sdk are imported only when Slack is built, so
asking which platforms are configured loads no SDK.
"""

from __future__ import annotations

from adapters.connectors import Connector, ConnectorSpec, RunContext, register
from adapters.settings import Settings


def _configured(settings: Settings) -> bool:
    return settings.slack_enabled


def _build(context: RunContext) -> Connector:
    from adapters.slack.component import SlackComponent

    return SlackComponent(context.app, context.http)  # adds /slack/* routes to `http`


SPEC = register(ConnectorSpec(name="slack", configured=_configured, build=_build, order=10))
