"""What the Slack connector is built from: only the parts it uses.

Why: the component used to take the whole App, so nothing stopped it from reaching the
scheduler or another platform's notifier, and the runtime and the platform imported each
other. :func:`slack_deps` picks Slack's parts out of the composition root's
(`adapters.contract.Parts`) in the connector's registration; :class:`SlackSettings` is the
slice of the settings Slack reads (the full `Settings` is one, structurally).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.contract import Commands, NotifierRoutes, Parts
from adapters.ops.health import Health
from adapters.ops.metrics import Metrics


class SlackSettings(Protocol):
    """The settings Slack reads: its tokens and URLs, OAuth, the replay ledger, the
    inbox's readiness limit and the shutdown budget."""

    @property
    def slack_bot_token(self) -> SecretStr | None: ...
    @property
    def slack_signing_secret(self) -> SecretStr | None: ...
    @property
    def slack_app_token(self) -> SecretStr | None: ...
    @property
    def slack_client_id(self) -> str | None: ...
    @property
    def slack_client_secret(self) -> SecretStr | None: ...
    @property
    def slack_api_url(self) -> str: ...
    @property
    def encryption_key(self) -> SecretStr | None: ...
    @property
    def slack_purge_grace_days(self) -> int: ...
    @property
    def slack_replay_shared(self) -> bool: ...
    @property
    def ready_max_backlog_seconds(self) -> float: ...
    @property
    def shutdown_timeout_seconds(self) -> float: ...


@dataclass(frozen=True)
class SlackDeps:
    """Slack's parts: settings, the engine (inbox, replay ledger, installation store and
    workspace purges live in the database), the commands, where its notifier goes, and
    readiness and metrics."""

    settings: SlackSettings
    engine: AsyncEngine
    commands: Commands
    notifiers: NotifierRoutes
    health: Health
    metrics: Metrics


def slack_deps(parts: Parts) -> SlackDeps:
    """Slack uses every part; its settings are typed as its slice, so mypy refuses a
    read of anything else (another platform's token, the scheduler's interval)."""
    p = parts
    return SlackDeps(p.settings, p.engine, p.commands, p.notifiers, p.health, p.metrics)
